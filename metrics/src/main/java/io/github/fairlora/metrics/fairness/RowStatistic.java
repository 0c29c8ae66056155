package io.github.fairlora.metrics.fairness;

/**
 * A number computed from some rows of a {@link Predictions}: the body of a {@link ClassificationMetric}.
 */
@FunctionalInterface
public interface RowStatistic {

  /**
   * The statistic over {@code rows}, indices into {@code data}. An index may repeat (a bootstrap resample draws rows
   * with replacement), and every occurrence counts as a row. Returns NaN where the statistic is undefined on these
   * rows (for example a rate whose denominator is zero, or no rows at all).
   */
  double compute(Predictions data, int[] rows);
}
