package io.github.fairlora.metrics.bias;

import io.github.fairlora.metrics.stats.Bootstrap;
import java.util.function.ToDoubleFunction;

/**
 * How the probes draw their bootstrap intervals: number of resamples, two-sided confidence level and the seed, so that
 * the same inputs always give the same interval.
 *
 * @param resamples number of bootstrap resamples, at least 1
 * @param confidence two-sided confidence level in (0, 1), e.g. 0.95
 * @param seed seed of the resampling generator
 */
public record BootstrapSettings(int resamples, double confidence, long seed) {

  /** Seed used by {@link #defaults()}. */
  public static final long DEFAULT_SEED = 20_240_917L;

  /** Validates the settings. */
  public BootstrapSettings {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples (" + resamples + ") must be >= 1");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence (" + confidence + ") must be in (0, 1)");
    }
  }

  /** 1000 resamples at 95% with {@link #DEFAULT_SEED}. */
  public static BootstrapSettings defaults() {
    return new BootstrapSettings(Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_CONFIDENCE, DEFAULT_SEED);
  }

  /** The same settings with another seed. */
  public BootstrapSettings withSeed(long newSeed) {
    return new BootstrapSettings(resamples, confidence, newSeed);
  }

  /**
   * Percentile interval of {@code statistic} over {@code items} items resampled with replacement (see
   * {@link Bootstrap#interval(int, ToDoubleFunction, int, double, long)}).
   */
  public Bootstrap.Interval interval(int items, ToDoubleFunction<int[]> statistic) {
    return Bootstrap.interval(items, statistic, resamples, confidence, seed);
  }
}
