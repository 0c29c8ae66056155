package io.github.fairlora.metrics.bias;

/**
 * The score of one sentence (or of a continuation given its context).
 *
 * @param logLikelihood sum of the scored tokens' natural-log probabilities (may be -infinity when the model gives a
 *     token zero probability)
 * @param tokenCount number of scored tokens, at least 1
 */
public record SentenceScore(double logLikelihood, int tokenCount) {

  /** Validates the score. */
  public SentenceScore {
    if (tokenCount < 1) {
      throw new IllegalArgumentException("tokenCount (" + tokenCount + ") must be >= 1");
    }
    // No upper bound: float rounding in a model's softmax can give a near-certain token a log-probability of +1e-7.
    if (Double.isNaN(logLikelihood) || logLikelihood == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("logLikelihood (" + logLikelihood
          + ") must be a finite log-probability or -infinity");
    }
  }

  /** Mean natural-log probability per scored token: {@code logLikelihood / tokenCount}. */
  public double meanLogProbability() {
    return logLikelihood / tokenCount;
  }

  /** Per-token perplexity {@code exp(-logLikelihood / tokenCount)}, at least 1. */
  public double perplexity() {
    return Math.exp(-meanLogProbability());
  }
}
