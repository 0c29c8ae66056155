package io.github.fairlora.metrics.fairness;

/** What a disparity compares, Fairlearn's {@code method} argument. */
public enum DisparityMethod {
  /**
   * Group against group: difference = largest group value − smallest; ratio = smallest / largest (Fairlearn's
   * {@code "between_groups"}).
   */
  BETWEEN_GROUPS,
  /**
   * Each group against the overall value: difference = max over groups of |group − overall|; ratio = min over groups
   * of min(group / overall, overall / group) (Fairlearn's {@code "to_overall"}).
   */
  TO_OVERALL
}
