package io.github.fairlora.metrics.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded percentile bootstrap. Every metric the library reports on a finite sample comes with an interval from here,
 * because on a few hundred examples a gap of a few points can be noise.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /** Default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 1000;
  /** Default two-sided confidence level. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /**
   * A point estimate on the full sample and its percentile interval. {@code lower}/{@code upper} are NaN when the
   * statistic was undefined (NaN) on more than half of the resamples.
   */
  public record Interval(double estimate, double lower, double upper, double confidence, int resamples) {
    public static Interval pointOnly(double estimate) {
      return new Interval(estimate, Double.NaN, Double.NaN, Double.NaN, 0);
    }

    public boolean contains(double value) {
      return value >= lower && value <= upper;
    }
  }

  /**
   * Bootstraps {@code statistic} over a sample of {@code n} items. The statistic receives the indices of the items in
   * a resample (drawn with replacement from 0..n-1; the full sample is 0..n-1 in order) and returns a number, or NaN
   * where it is undefined on that resample. NaN resamples are left out of the percentiles.
   */
  public static Interval interval(int n, ToDoubleFunction<int[]> statistic, int resamples, double confidence, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("sample size (" + n + ") must be >= 0");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples (" + resamples + ") must be >= 1");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence (" + confidence + ") must be in (0, 1)");
    }
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    double estimate = statistic.applyAsDouble(all);
    if (n == 0) {
      return new Interval(estimate, Double.NaN, Double.NaN, confidence, resamples);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[resamples];
    int defined = 0;
    int[] sample = new int[n];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        sample[i] = random.nextInt(n);
      }
      double value = statistic.applyAsDouble(sample);
      if (!Double.isNaN(value)) {
        values[defined++] = value;
      }
    }
    if (defined * 2 < resamples) {
      return new Interval(estimate, Double.NaN, Double.NaN, confidence, resamples);
    }
    double[] sorted = Arrays.copyOf(values, defined);
    Arrays.sort(sorted);
    double tail = (1 - confidence) / 2;
    return new Interval(estimate, percentile(sorted, tail), percentile(sorted, 1 - tail), confidence, resamples);
  }

  /** {@link #interval(int, ToDoubleFunction, int, double, long)} with 1000 resamples at 95%. */
  public static Interval interval(int n, ToDoubleFunction<int[]> statistic, long seed) {
    return interval(n, statistic, DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, seed);
  }

  /** Linear-interpolated percentile (numpy's default "linear" method) of sorted values, q in [0, 1]. */
  public static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
  }
}
