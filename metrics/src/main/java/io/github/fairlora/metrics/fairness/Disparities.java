package io.github.fairlora.metrics.fairness;

/** Aggregates over per-group values: minimum, maximum, differences and ratios, with the undefined-group policy. */
final class Disparities {
  private Disparities() {}

  /** Smallest group value; NaN when undefined under {@code policy} (see {@link UndefinedGroupPolicy}). */
  static double groupMin(double[] values, UndefinedGroupPolicy policy) {
    return extreme(values, policy, true);
  }

  /** Largest group value; NaN when undefined under {@code policy}. */
  static double groupMax(double[] values, UndefinedGroupPolicy policy) {
    return extreme(values, policy, false);
  }

  /** Difference by {@code method}: max − min between groups, or max |group − overall|. */
  static double difference(double[] values, double overall, DisparityMethod method, UndefinedGroupPolicy policy) {
    if (method == DisparityMethod.BETWEEN_GROUPS) {
      return groupMax(values, policy) - groupMin(values, policy);
    }
    if (Double.isNaN(overall)) {
      return Double.NaN;
    }
    double largest = Double.NaN;
    for (double value : values) {
      if (Double.isNaN(value)) {
        if (policy == UndefinedGroupPolicy.PROPAGATE) {
          return Double.NaN;
        }
        continue;
      }
      double gap = Math.abs(value - overall);
      largest = Double.isNaN(largest) ? gap : Math.max(largest, gap);
    }
    return largest;
  }

  /**
   * Ratio by {@code method}: min / max between groups, or the smallest of min(group / overall, overall / group).
   * Equal values have ratio 1 (also when both are 0, where Fairlearn's 0/0 gives NaN: identical groups are at
   * parity). Ratios are meant for non-negative metrics: a negative value gives NaN.
   */
  static double ratio(double[] values, double overall, DisparityMethod method, UndefinedGroupPolicy policy) {
    if (method == DisparityMethod.BETWEEN_GROUPS) {
      return pairRatio(groupMin(values, policy), groupMax(values, policy));
    }
    if (Double.isNaN(overall)) {
      return Double.NaN;
    }
    double smallest = Double.NaN;
    for (double value : values) {
      if (Double.isNaN(value)) {
        if (policy == UndefinedGroupPolicy.PROPAGATE) {
          return Double.NaN;
        }
        continue;
      }
      double ratio = pairRatio(value, overall);
      if (Double.isNaN(ratio)) {
        return Double.NaN;
      }
      smallest = Double.isNaN(smallest) ? ratio : Math.min(smallest, ratio);
    }
    return smallest;
  }

  /** min(a / b, b / a) for non-negative a, b; 1 when equal; 0 when exactly one is 0; NaN for NaN or negatives. */
  static double pairRatio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || a < 0 || b < 0) {
      return Double.NaN;
    }
    if (a == b) {
      return 1.0;
    }
    return a < b ? a / b : b / a;
  }

  private static double extreme(double[] values, UndefinedGroupPolicy policy, boolean minimum) {
    double best = Double.NaN;
    for (double value : values) {
      if (Double.isNaN(value)) {
        if (policy == UndefinedGroupPolicy.PROPAGATE) {
          return Double.NaN;
        }
        continue;
      }
      if (Double.isNaN(best) || (minimum ? value < best : value > best)) {
        best = value;
      }
    }
    return best;
  }
}
