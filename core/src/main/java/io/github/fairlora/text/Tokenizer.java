package io.github.fairlora.text;

import java.util.OptionalInt;

/**
 * Text to token ids and back. Implementations are immutable and thread-safe.
 *
 * <p>{@link #encode(String)} never adds special tokens; callers that score or train on text ask for BOS/EOS
 * explicitly with {@link #encode(String, boolean, boolean)}.
 */
public interface Tokenizer {

  /** Number of token ids; every id this tokenizer produces is in [0, vocabularySize). */
  int vocabularySize();

  /** Token ids of {@code text}, without BOS or EOS. */
  int[] encode(String text);

  /** Text of {@code ids}; special tokens (BOS, EOS, padding) are dropped. */
  String decode(int[] ids);

  /** The piece a single id stands for, for display (special tokens in their written form, e.g. {@code <s>}). */
  String piece(int id);

  /** Beginning-of-sequence id, if the vocabulary has one. */
  OptionalInt bos();

  /** End-of-sequence id, if the vocabulary has one. */
  OptionalInt eos();

  /** {@code encode(text)} with BOS prepended and/or EOS appended where asked and defined. */
  default int[] encode(String text, boolean addBos, boolean addEos) {
    int[] body = encode(text);
    boolean withBos = addBos && bos().isPresent();
    boolean withEos = addEos && eos().isPresent();
    int[] out = new int[body.length + (withBos ? 1 : 0) + (withEos ? 1 : 0)];
    int at = 0;
    if (withBos) {
      out[at++] = bos().getAsInt();
    }
    System.arraycopy(body, 0, out, at, body.length);
    if (withEos) {
      out[out.length - 1] = eos().getAsInt();
    }
    return out;
  }
}
