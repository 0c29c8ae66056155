package io.github.fairlora.metrics.fairness;

/**
 * What group minimum, maximum, differences and ratios do when the metric is undefined (NaN) for some group, for
 * example the true positive rate of a group with no positive rows, or a group absent from a bootstrap resample.
 */
public enum UndefinedGroupPolicy {
  /**
   * Any undefined group makes every aggregate over groups NaN: a gap cannot be measured to a group whose value is
   * unknown. The default. (Fairlearn never meets this case for rates, because scikit-learn reports such a rate as 0;
   * here it is NaN, see {@link ClassificationMetric}.)
   */
  PROPAGATE,
  /**
   * Undefined groups are left out of the aggregates, which are taken over the remaining groups (pandas' skipna, which
   * Fairlearn's {@code group_min}/{@code group_max} inherit); NaN only when no group is defined. The result still
   * lists the groups left out.
   */
  SKIP
}
