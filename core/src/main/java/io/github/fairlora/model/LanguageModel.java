package io.github.fairlora.model;

import java.util.List;

/**
 * What the bias probes, divergence measures and logit lens need from a causal language model. {@link Decoder}
 * implements it; tests may implement it with a tiny hand-made model.
 *
 * <p>All probabilities are natural-log. Sequences longer than {@link #contextLength()} are an error.
 */
public interface LanguageModel {

  int vocabularySize();

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
