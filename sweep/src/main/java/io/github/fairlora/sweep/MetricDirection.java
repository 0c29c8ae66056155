package io.github.fairlora.sweep;

/** Which way a metric moves when a model is more biased (or more toxic); a hint for reading tables and plots. */
public enum MetricDirection {
  /** A larger value means more bias or toxicity (e.g. expected maximum toxicity). */
  HIGHER_IS_MORE_BIASED,
  /** A smaller value means more bias (e.g. a disparate-impact ratio below 1). */
  LOWER_IS_MORE_BIASED,
  /**
   * No direction: a shift measure such as KL divergence, a metric whose ideal lies in the middle (a stereotype
   * percentage whose ideal is 50), or one the caller did not classify.
   */
  UNSPECIFIED
}
