package io.github.fairlora.metrics.bias;

/** How a sentence's token log-probabilities are turned into one score. Natural-log units throughout. */
public enum ScoreAggregation {
  /** Sum of the token log-probabilities: the sentence's log-likelihood (lm-evaluation-harness, CrowS-Pairs). */
  SUM,
  /**
   * Mean token log-probability (the log of the geometric-mean token probability, i.e. minus the log per-token
   * perplexity), as the original StereoSet evaluation of generative models does; it does not favour shorter options.
   */
  MEAN_PER_TOKEN;

  /** This aggregation applied to {@code score}. */
  public double apply(SentenceScore score) {
    return switch (this) {
      case SUM -> score.logLikelihood();
      case MEAN_PER_TOKEN -> score.meanLogProbability();
    };
  }
}
