package io.github.fairlora.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The simplest tokenizer: each UTF-8 byte of the text is one id (0..255), plus three special ids, BOS 256, EOS 257 and
 * padding 258, so {@link #vocabularySize()} is 259. Needs no vocabulary file and never meets an unknown token.
 *
 * <p>Decoding drops the special ids and decodes the bytes as UTF-8; malformed sequences (e.g. a cut-off multi-byte
 * character) become U+FFFD. Immutable and thread-safe.
 */
public final class ByteTokenizer implements Tokenizer {
  /** Beginning-of-sequence id. */
  public static final int BOS_ID = 256;
  /** End-of-sequence id. */
  public static final int EOS_ID = 257;
  /** Padding id. */
  public static final int PAD_ID = 258;
  private static final int VOCABULARY_SIZE = 259;

  /** A byte tokenizer; all instances behave the same. */
  public ByteTokenizer() {}

  /** 259: 256 byte values and BOS, EOS, PAD. */
  @Override
  public int vocabularySize() {
    return VOCABULARY_SIZE;
  }

  /**
   * The UTF-8 bytes of {@code text} as ids 0..255.
   *
   * @throws IllegalArgumentException when the text holds an unpaired surrogate (it has no UTF-8 form)
   */
  @Override
  public int[] encode(String text) {
    byte[] bytes = Utf8.encode(text);
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xFF;
    }
    return ids;
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length);
    for (int id : ids) {
      checkId(id);
      if (id < 256) {
        bytes.write(id);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * {@code <bos>}, {@code <eos>}, {@code <pad>} for the special ids; the character itself for printable ASCII bytes
   * (0x20..0x7E); {@code <0xNN>} for every other byte.
   */
  @Override
  public String piece(int id) {
    checkId(id);
    return switch (id) {
      case BOS_ID -> "<bos>";
      case EOS_ID -> "<eos>";
      case PAD_ID -> "<pad>";
      default -> id >= 0x20 && id <= 0x7E ? String.valueOf((char) id) : String.format("<0x%02X>", id);
    };
  }

  /** 256. */
  @Override
  public OptionalInt bos() {
    return OptionalInt.of(BOS_ID);
  }

  /** 257. */
  @Override
  public OptionalInt eos() {
    return OptionalInt.of(EOS_ID);
  }

  /** 258, the id to pad batches of unequal length with. */
  public OptionalInt padId() {
    return OptionalInt.of(PAD_ID);
  }

  private static void checkId(int id) {
    if (id < 0 || id >= VOCABULARY_SIZE) {
      throw new IllegalArgumentException("token id " + id + " is outside [0, " + VOCABULARY_SIZE + ")");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteTokenizer;
  }

  @Override
  public int hashCode() {
    return ByteTokenizer.class.hashCode();
  }

  @Override
  public String toString() {
    return "ByteTokenizer[vocabularySize=259]";
  }
}
