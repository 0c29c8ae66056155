package io.github.fairlora.metrics.bias;

import io.github.fairlora.model.LanguageModel;
import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Scores sentences with a causal language model: the log-likelihood of a sentence is the sum of its tokens'
 * natural-log probabilities after a one-token context, not length-normalised (lm-evaluation-harness semantics).
 *
 * <p>The context token is the tokenizer's BOS, i.e. the sequence is {@code tokenizer.encode(text, true, false)}. A
 * tokenizer without BOS (GPT-2) conditions on its EOS id instead, as lm-evaluation-harness does with GPT-2's
 * {@code <|endoftext|>}; with neither, the caller names the context token with {@link #of(LanguageModel, Tokenizer,
 * int)}. The context token itself is never scored.
 *
 * <p>Sequences are sent to {@link LanguageModel#tokenLogProbabilities} in batches of {@link #batchSize()}, longest
 * first so that each batch holds sequences of similar length; results come back in the caller's order. A sequence
 * longer than the model's context, or holding a token id outside the model's vocabulary, is an
 * {@link IllegalArgumentException} naming the sentence. Instances are immutable and thread-safe when the model is.
 */
public final class SentenceScorer {

  /** Number of sequences per model call unless {@link #withBatchSize(int)} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  private static final int EXCERPT_LENGTH = 60;

  private final LanguageModel model;
  private final Tokenizer tokenizer;
  private final int contextToken;
  // True when the context token is the tokenizer's own BOS, which encode(text, true, false) adds.
  private final boolean tokenizerAddsContext;
  private final int batchSize;

  private SentenceScorer(LanguageModel model, Tokenizer tokenizer, int contextToken, int batchSize) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.contextToken = contextToken;
    this.tokenizerAddsContext = tokenizer.bos().isPresent() && tokenizer.bos().getAsInt() == contextToken;
    this.batchSize = batchSize;
  }

  /**
   * A scorer using the model's own tokenizer ({@link LanguageModel#tokenizer()}), conditioning on its BOS id, or on
   * its EOS id when it has no BOS.
   *
   * @throws IllegalStateException when the model carries no tokenizer
   * @throws IllegalArgumentException when the tokenizer has neither BOS nor EOS, or the id is outside the vocabulary
   */
  public static SentenceScorer of(LanguageModel model) {
    Objects.requireNonNull(model, "model");
    return of(model, model.requireTokenizer("SentenceScorer.of(model)"));
  }

  /**
   * A scorer conditioning on the tokenizer's BOS id, or on its EOS id when it has no BOS.
   *
   * @throws IllegalArgumentException when the tokenizer has neither, or the id is outside the model's vocabulary
   */
  public static SentenceScorer of(LanguageModel model, Tokenizer tokenizer) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    if (tokenizer.bos().isPresent()) {
      return of(model, tokenizer, tokenizer.bos().getAsInt());
    }
    if (tokenizer.eos().isPresent()) {
      return of(model, tokenizer, tokenizer.eos().getAsInt());
    }
    throw new IllegalArgumentException("tokenizer has neither a BOS nor an EOS id, so there is no token to condition"
        + " a sentence's first token on; name one with SentenceScorer.of(model, tokenizer, contextToken)");
  }

  /**
   * A scorer conditioning every sentence on {@code contextToken}.
   *
   * @throws IllegalArgumentException when {@code contextToken} is outside [0, model.vocabularySize())
   */
  public static SentenceScorer of(LanguageModel model, Tokenizer tokenizer, int contextToken) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokenizer, "tokenizer");
    if (contextToken < 0 || contextToken >= model.vocabularySize()) {
      throw new IllegalArgumentException("contextToken (" + contextToken + ") must be a token id in [0, "
          + model.vocabularySize() + ")");
    }
    return new SentenceScorer(model, tokenizer, contextToken, DEFAULT_BATCH_SIZE);
  }

  /** The same scorer sending at most {@code newBatchSize} (at least 1) sequences per model call. */
  public SentenceScorer withBatchSize(int newBatchSize) {
    if (newBatchSize < 1) {
      throw new IllegalArgumentException("batchSize (" + newBatchSize + ") must be >= 1");
    }
    return new SentenceScorer(model, tokenizer, contextToken, newBatchSize);
  }

  /** The model being scored. */
  public LanguageModel model() {
    return model;
  }

  /** The tokenizer turning text into the model's token ids. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The token id every sentence is conditioned on (not scored). */
  public int contextToken() {
    return contextToken;
  }

  /** Maximum number of sequences per model call. */
  public int batchSize() {
    return batchSize;
  }

  /** The token sequence fed to the model for {@code text}: the context token followed by the text's tokens. */
  public int[] sequence(String text) {
    Objects.requireNonNull(text, "text");
    if (tokenizerAddsContext) {
      int[] tokens = tokenizer.encode(text, true, false);
      if (tokens.length == 0 || tokens[0] != contextToken) {
        throw new IllegalStateException("tokenizer.encode(text, true, false) did not start with its BOS id "
            + contextToken + " for " + quote(text));
      }
      return tokens;
    }
    int[] body = tokenizer.encode(text);
    int[] tokens = new int[body.length + 1];
    tokens[0] = contextToken;
    System.arraycopy(body, 0, tokens, 1, body.length);
    return tokens;
  }

  /**
   * Scores each sentence: {@code log p(tokens | context token)}, all of its tokens.
   *
   * @return one score per sentence, in order
   * @throws IllegalArgumentException for a sentence that encodes to no tokens, is longer than the model's context or
   *     holds a token outside the model's vocabulary
   */
  public List<SentenceScore> score(List<String> sentences) {
    Objects.requireNonNull(sentences, "sentences");
    List<int[]> sequences = new ArrayList<>(sentences.size());
    int[] scored = new int[sentences.size()];
    for (int i = 0; i < sentences.size(); i++) {
      String sentence = Objects.requireNonNull(sentences.get(i), "sentences[" + i + "]");
      int[] sequence = sequence(sentence);
      if (sequence.length < 2) {
        throw new IllegalArgumentException(describe("sentence", i, sentence)
            + " encodes to no tokens; nothing to score");
      }
      sequences.add(sequence);
      scored[i] = sequence.length - 1;
    }
    return scoreTails(sequences, scored, i -> describe("sentence", i, sentences.get(i)));
  }

  /** Log-likelihoods ({@link ScoreAggregation#SUM}) of {@link #score(List)}, in order. */
  public double[] logLikelihoods(List<String> sentences) {
    return score(sentences).stream().mapToDouble(SentenceScore::logLikelihood).toArray();
  }

  /**
   * Scores each continuation given its context: {@code log p(continuation tokens | context token, context tokens)}.
   *
   * <p>Tokenisation follows lm-evaluation-harness: whitespace at the end of the context is moved to the start of the
   * continuation, {@code context + continuation} is encoded as a whole, and the continuation's tokens are the whole
   * encoding's tokens beyond the length of the context's own encoding. Encoding the whole keeps word boundaries as
   * the model saw them in training (a separately encoded continuation would get a spurious leading-space token from
   * SentencePiece tokenizers).
   *
   * @throws IllegalArgumentException for a continuation that adds no tokens, or a sequence too long for the model
   */
  public List<SentenceScore> scoreContinuations(List<Continuation> requests) {
    Objects.requireNonNull(requests, "requests");
    List<int[]> sequences = new ArrayList<>(requests.size());
    int[] scored = new int[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      Continuation request = Objects.requireNonNull(requests.get(i), "requests[" + i + "]");
      String context = request.context();
      int end = context.length();
      while (end > 0 && Character.isWhitespace(context.charAt(end - 1))) {
        end--;
      }
      String trimmedContext = context.substring(0, end);
      int[] whole = sequence(trimmedContext + context.substring(end) + request.continuation());
      int contextLength = sequence(trimmedContext).length;
      if (whole.length - contextLength < 1) {
        throw new IllegalArgumentException(describe("continuation", i, request.continuation())
            + " adds no tokens after its context " + quote(context));
      }
      sequences.add(whole);
      scored[i] = whole.length - contextLength;
    }
    return scoreTails(sequences, scored, i -> describe("continuation", i, requests.get(i).continuation())
        + " after context " + quote(requests.get(i).context()));
  }

  /**
   * Scores ready-made token sequences: for sequence i (a complete model input, context token included), the sum of
   * the log-probabilities of its last {@code scoredTokens[i]} tokens.
   *
   * @throws IllegalArgumentException when a count is outside [1, length - 1], or a sequence does not fit the model
   */
  public List<SentenceScore> scoreTokenSequences(List<int[]> sequences, int[] scoredTokens) {
    Objects.requireNonNull(sequences, "sequences");
    Objects.requireNonNull(scoredTokens, "scoredTokens");
    if (scoredTokens.length != sequences.size()) {
      throw new IllegalArgumentException("scoredTokens has " + scoredTokens.length + " entries for "
          + sequences.size() + " sequences");
    }
    for (int i = 0; i < sequences.size(); i++) {
      Objects.requireNonNull(sequences.get(i), "sequences[" + i + "]");
    }
    return scoreTails(sequences, scoredTokens.clone(), i -> "sequence " + i);
  }

  private List<SentenceScore> scoreTails(List<int[]> sequences, int[] tails, IntFunction<String> describe) {
    int count = sequences.size();
    int limit = model.contextLength();
    int vocabulary = model.vocabularySize();
    for (int i = 0; i < count; i++) {
      int[] sequence = sequences.get(i);
      if (sequence.length > limit) {
        throw new IllegalArgumentException(describe.apply(i) + " is " + sequence.length
            + " tokens long with its context; the model's context length is " + limit);
      }
      for (int token : sequence) {
        if (token < 0 || token >= vocabulary) {
          throw new IllegalArgumentException(describe.apply(i) + " holds token id " + token
              + ", outside the model's vocabulary [0, " + vocabulary + ")");
        }
      }
      if (tails[i] < 1 || tails[i] > sequence.length - 1) {
        throw new IllegalArgumentException(describe.apply(i) + ": scored token count " + tails[i]
            + " must be in [1, " + (sequence.length - 1) + "] for a sequence of " + sequence.length + " tokens");
      }
    }
    // Longest first, so each batch holds sequences of similar length and a padded forward pass wastes little.
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> sequences.get(i).length).reversed());

    SentenceScore[] scores = new SentenceScore[count];
    for (int start = 0; start < count; start += batchSize) {
      int end = Math.min(count, start + batchSize);
      List<int[]> batch = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        batch.add(sequences.get(order[k]));
      }
      float[][] perToken = model.tokenLogProbabilities(batch);
      if (perToken == null || perToken.length != batch.size()) {
        throw new IllegalStateException("model returned " + (perToken == null ? "null" : perToken.length + " rows")
            + " for a batch of " + batch.size() + " sequences");
      }
      for (int k = start; k < end; k++) {
        int i = order[k];
        float[] row = perToken[k - start];
        int expected = sequences.get(i).length - 1;
        if (row == null || row.length != expected) {
          throw new IllegalStateException("model returned " + (row == null ? "null" : row.length + " log-probabilities")
              + " for " + describe.apply(i) + ", expected " + expected);
        }
        double sum = 0;
        for (int t = row.length - tails[i]; t < row.length; t++) {
          sum += row[t];
        }
        if (Double.isNaN(sum) || sum == Double.POSITIVE_INFINITY) {
          throw new IllegalStateException("model returned a NaN or +infinity log-probability for " + describe.apply(i));
        }
        scores[i] = new SentenceScore(sum, tails[i]);
      }
    }
    return List.of(scores);
  }

  static String describe(String what, int index, String text) {
    return what + " " + index + " (" + quote(text) + ")";
  }

  static String quote(String text) {
    String flat = text.replace('\n', ' ');
    return "\"" + (flat.length() > EXCERPT_LENGTH ? flat.substring(0, EXCERPT_LENGTH) + "..." : flat) + "\"";
  }
}
