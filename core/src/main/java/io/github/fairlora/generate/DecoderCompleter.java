package io.github.fairlora.generate;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link TextCompleter} backed by a {@link Decoder} and its {@link Tokenizer}: the prompt is encoded with BOS (when
 * the tokenizer has one), {@code count} continuations are generated together by {@link Generator} with the given
 * options and the caller's seed, and each continuation's text (without the prompt) is returned.
 *
 * <p>Generation stops at the options' stop tokens and also at the tokenizer's EOS and BOS (a BOS inside a
 * continuation starts a new document, as llama2.c treats it); stop tokens are not part of the text. The
 * continuation text is the decoded prompt-plus-continuation with the decoded prompt removed, so that pieces whose
 * rendering depends on what precedes them (a leading space, a character split into byte tokens) come out as they
 * would in the whole text.
 */
public final class DecoderCompleter implements TextCompleter {
  private final Decoder model;
  private final Tokenizer tokenizer;
  private final GenerationOptions options;

  /**
   * A completer that generates with {@code model} under {@code options} and encodes and decodes with the model's own
   * tokenizer ({@link Decoder#tokenizer()}).
   *
   * @throws IllegalStateException when the model carries no tokenizer
   * @throws IllegalArgumentException when an argument is null
   */
  public DecoderCompleter(Decoder model, GenerationOptions options) {
    this(model, tokenizerOf(model), options);
  }

  private static Tokenizer tokenizerOf(Decoder model) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    return model.requireTokenizer("DecoderCompleter");
  }

  /**
   * A completer that generates with {@code model} under {@code options} (their seed is replaced by the one given to
   * each {@link #complete} call) and encodes and decodes with {@code tokenizer}.
   *
   * @throws IllegalArgumentException when an argument is null or the tokenizer has more ids than the model
   */
  public DecoderCompleter(Decoder model, Tokenizer tokenizer, GenerationOptions options) {
    if (model == null || tokenizer == null || options == null) {
      throw new IllegalArgumentException("model, tokenizer and options must not be null");
    }
    if (tokenizer.vocabularySize() > model.config().vocabularySize()) {
      throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabularySize()
          + " ids but the model's vocabulary is " + model.config().vocabularySize());
    }
    Set<Integer> stops = new HashSet<>(options.stopTokens());
    tokenizer.eos().ifPresent(stops::add);
    tokenizer.bos().ifPresent(stops::add);
    this.model = model;
    this.tokenizer = tokenizer;
    this.options = options.withStopTokens(stops);
  }

  /** The options used, with the tokenizer's EOS and BOS added to the stop tokens. */
  public GenerationOptions options() {
    return options;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when count is not positive, the prompt encodes to no tokens (empty text and a
   *     tokenizer without BOS), or the encoded prompt leaves no room in the context length for a continuation
   */
  @Override
  public List<String> complete(String prompt, int count, long seed) {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt must not be null");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count (" + count + ") must be positive");
    }
    int[] ids = tokenizer.encode(prompt, true, false);
    if (ids.length == 0) {
      throw new IllegalArgumentException("the prompt encodes to no tokens and the tokenizer has no BOS to start from");
    }
    int context = model.config().contextLength();
    if (ids.length >= context) {
      throw new IllegalArgumentException("the prompt encodes to " + ids.length + " tokens; the context length "
          + context + " leaves no room for a continuation");
    }
    List<int[]> prompts = Collections.nCopies(count, ids);
    List<int[]> continuations = Generator.generate(model, prompts, options.withSeed(seed));
    String promptText = tokenizer.decode(ids);
    List<String> texts = new ArrayList<>(count);
    for (int[] continuation : continuations) {
      texts.add(continuationText(ids, promptText, continuation));
    }
    return Collections.unmodifiableList(texts);
  }

  private String continuationText(int[] ids, String promptText, int[] continuation) {
    int[] whole = Arrays.copyOf(ids, ids.length + continuation.length);
    System.arraycopy(continuation, 0, whole, ids.length, continuation.length);
    String text = tokenizer.decode(whole);
    return text.startsWith(promptText) ? text.substring(promptText.length()) : tokenizer.decode(continuation);
  }
}
