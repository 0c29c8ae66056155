package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap;

/**
 * How fairness metrics are computed: the bootstrap that gives every value its confidence interval, and the policy
 * for groups where a metric is undefined.
 *
 * <p>The bootstrap resamples rows (all of them, with replacement, not within groups) and recomputes each value on the
 * resample; the interval is the percentile interval of {@link Bootstrap}. Every value in one result is bootstrapped
 * from the same seed, hence on the same resamples. With {@code resamples == 0} only point estimates are computed and
 * every interval is {@link Bootstrap.Interval#pointOnly(double)}.
 *
 * @param resamples number of bootstrap resamples; 0 for point estimates only
 * @param confidence two-sided confidence level in (0, 1)
 * @param seed seed of the resampling
 * @param undefinedGroups what aggregates over groups do with groups where the metric is NaN
 */
public record FairnessOptions(int resamples, double confidence, long seed, UndefinedGroupPolicy undefinedGroups) {

  /** Checks the ranges. */
  public FairnessOptions {
    if (resamples < 0) {
      throw new IllegalArgumentException("resamples (" + resamples + ") must be >= 0 (0 = point estimates only)");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence (" + confidence + ") must be in (0, 1)");
    }
    if (undefinedGroups == null) {
      throw new NullPointerException("undefinedGroups must not be null");
    }
  }

  /** Point estimates only, undefined groups propagate NaN. */
  public static FairnessOptions pointEstimates() {
    return new FairnessOptions(0, Bootstrap.DEFAULT_CONFIDENCE, 0L, UndefinedGroupPolicy.PROPAGATE);
  }

  /** 1000 resamples, 95% intervals from {@code seed}, undefined groups propagate NaN. */
  public static FairnessOptions bootstrap(long seed) {
    return new FairnessOptions(
        Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_CONFIDENCE, seed, UndefinedGroupPolicy.PROPAGATE);
  }

  /** A copy with {@code resamples} resamples. */
  public FairnessOptions withResamples(int resamples) {
    return new FairnessOptions(resamples, confidence, seed, undefinedGroups);
  }

  /** A copy with confidence level {@code confidence}. */
  public FairnessOptions withConfidence(double confidence) {
    return new FairnessOptions(resamples, confidence, seed, undefinedGroups);
  }

  /** A copy with the given policy for undefined groups. */
  public FairnessOptions withUndefinedGroups(UndefinedGroupPolicy policy) {
    return new FairnessOptions(resamples, confidence, seed, policy);
  }
}
