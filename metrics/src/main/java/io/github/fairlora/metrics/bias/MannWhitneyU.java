package io.github.fairlora.metrics.bias;

import java.util.Arrays;

/**
 * Two-sided Mann-Whitney U (Wilcoxon rank-sum) test with the normal approximation, a tie-corrected variance and a
 * continuity correction of 0.5 (what scipy's {@code mannwhitneyu(..., method="asymptotic")} computes).
 */
final class MannWhitneyU {
  private MannWhitneyU() {}

  /** U statistic of the first sample: its rank sum (ties get average ranks) minus n1 (n1 + 1) / 2. */
  static double statistic(double[] first, double[] second) {
    double[] ranks = ranks(first, second);
    double rankSum = 0;
    for (int i = 0; i < first.length; i++) {
      rankSum += ranks[i];
    }
    return rankSum - first.length * (first.length + 1) / 2.0;
  }

  /**
   * Two-sided p-value that both samples come from the same distribution; 1 when every value is tied, NaN when a
   * sample is empty or holds NaN.
   */
  static double pValue(double[] first, double[] second) {
    int n1 = first.length;
    int n2 = second.length;
    if (n1 == 0 || n2 == 0) {
      return Double.NaN;
    }
    double[] all = concatenate(first, second);
    for (double value : all) {
      if (Double.isNaN(value)) {
        return Double.NaN;
      }
    }
    double u = statistic(first, second);
    int n = n1 + n2;
    double mean = n1 * (double) n2 / 2;
    double variance = n1 * (double) n2 / 12 * ((n + 1) - tieTerm(all) / ((double) n * (n - 1)));
    if (variance <= 0) {
      return 1;
    }
    double z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
    return Math.min(1, complementaryErrorFunction(z / Math.sqrt(2)));
  }

  /** Average ranks (1-based) of the pooled sample, first sample's values first. */
  private static double[] ranks(double[] first, double[] second) {
    double[] all = concatenate(first, second);
    Integer[] order = new Integer[all.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double[] ranks = new double[all.length];
    int start = 0;
    while (start < all.length) {
      int end = start;
      while (end + 1 < all.length && all[order[end + 1]] == all[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = averageRank;
      }
      start = end + 1;
    }
    return ranks;
  }

  /** Sum over groups of tied values of t^3 - t. */
  private static double tieTerm(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double term = 0;
    int start = 0;
    while (start < sorted.length) {
      int end = start;
      while (end + 1 < sorted.length && sorted[end + 1] == sorted[start]) {
        end++;
      }
      double ties = end - start + 1;
      term += ties * ties * ties - ties;
      start = end + 1;
    }
    return term;
  }

  /**
   * erfc(x) for x &gt;= 0 by the rational approximation 7.1.26 of Abramowitz and Stegun's Handbook of Mathematical
   * Functions (absolute error below 1.5e-7), ample for comparing p-values with a significance level.
   */
  static double complementaryErrorFunction(double x) {
    if (x < 0) {
      throw new IllegalArgumentException("x (" + x + ") must be >= 0");
    }
    double t = 1 / (1 + 0.3275911 * x);
    double polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
        + t * 1.061405429))));
    return polynomial * Math.exp(-x * x);
  }

  private static double[] concatenate(double[] first, double[] second) {
    double[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
