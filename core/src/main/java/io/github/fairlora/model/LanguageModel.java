package io.github.fairlora.model;

import io.github.fairlora.text.Tokenizer;
import java.util.List;
import java.util.Optional;

/**
 * What the bias probes, divergence measures and logit lens need from a causal language model. {@link Decoder}
 * implements it; tests may implement it with a tiny hand-made model.
 *
 * <p>All probabilities are natural-log. Sequences longer than {@link #contextLength()} are an error.
 */
public interface LanguageModel {

  int vocabularySize();

  /**
   * The tokenizer that goes with this model, when one is attached (by a checkpoint loader or the user); APIs that need
   * a tokenizer use this one unless the caller passes another. Empty by default.
   */
  default Optional<Tokenizer> tokenizer() {
    return Optional.empty();
  }

  /**
   * The attached {@link #tokenizer()}, for an API that needs one and was given none.
   *
   * @param purpose what needs it, e.g. "SentenceScorer.of(model)"; the message names it
   * @throws IllegalStateException when the model carries no tokenizer, saying how to give one
   */
  default Tokenizer requireTokenizer(String purpose) {
    return tokenizer().orElseThrow(() -> new IllegalStateException(purpose + " needs a tokenizer and the model "
        + "carries none: attach one with Decoder.setTokenizer(...) (the checkpoint loaders attach theirs when the "
        + "directory holds one), or pass a tokenizer explicitly"));
  }

  /** Longest sequence the model accepts. */
  int contextLength();

  /** Number of transformer blocks. */
  int numberOfLayers();

  /**
   * For each sequence s (length at least 1), {@code out[i][t] = log p(s[t + 1] | s[0..t])} for t in [0, len - 1):
   * the log-probability of every token after the first given its prefix. Implementations batch many sequences per
   * forward pass. Shape: out[i] has length {@code sequences.get(i).length - 1}.
   */
  float[][] tokenLogProbabilities(List<int[]> sequences);

  /**
   * Next-token log-probability distributions at every position of one sequence: {@code out[t][v] = log p(v | s[0..t])}.
   * Shape [len][vocabularySize].
   */
  float[][] nextTokenLogProbabilities(int[] tokens);

  /**
   * Logit lens: {@code out[l][t][v]} is the next-token log-probability distribution read from the hidden state after
   * layer l (l = 0 is the embedding output, l = numberOfLayers the last block) through the final norm and the output
   * head. Shape [numberOfLayers + 1][len][vocabularySize]; the last entry equals {@link #nextTokenLogProbabilities}.
   */
  float[][][] logitLens(int[] tokens);

  /** Sum of {@link #tokenLogProbabilities} per sequence, in double. */
  default double[] sequenceLogLikelihoods(List<int[]> sequences) {
    float[][] perToken = tokenLogProbabilities(sequences);
    double[] sums = new double[perToken.length];
    for (int i = 0; i < perToken.length; i++) {
      double sum = 0;
      for (float logProbability : perToken[i]) {
        sum += logProbability;
      }
      sums[i] = sum;
    }
    return sums;
  }
}
