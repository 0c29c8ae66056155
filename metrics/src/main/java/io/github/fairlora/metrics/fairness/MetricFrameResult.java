package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric computed overall and per group, with the aggregates over groups, Fairlearn's MetricFrame in typed form.
 * Every value is a {@link Interval}: its {@code estimate} is the value on all rows and {@code lower}/{@code upper}
 * its bootstrap interval (NaN when computed without resampling, see {@link FairnessOptions}).
 *
 * @param metric the metric's name
 * @param featureNames the sensitive features, in the order of the values in each {@link Group}
 * @param overall the metric on all rows
 * @param byGroup the metric per group, groups sorted (see {@link Group}); only groups with rows appear
 * @param groupSizes number of rows per group, same order
 * @param undefinedGroups groups where the metric is NaN on all rows (for example TPR of a group without positives)
 * @param undefinedGroupPolicy how those groups entered the aggregates
 * @param groupMin smallest group value
 * @param groupMax largest group value
 * @param differenceBetweenGroups groupMax − groupMin
 * @param differenceToOverall max over groups of |group − overall|
 * @param ratioBetweenGroups groupMin / groupMax (1 when equal)
 * @param ratioToOverall min over groups of min(group / overall, overall / group) (1 when equal)
 */
public record MetricFrameResult(
    String metric,
    List<String> featureNames,
    Interval overall,
    Map<Group, Interval> byGroup,
    Map<Group, Integer> groupSizes,
    List<Group> undefinedGroups,
    UndefinedGroupPolicy undefinedGroupPolicy,
    Interval groupMin,
    Interval groupMax,
    Interval differenceBetweenGroups,
    Interval differenceToOverall,
    Interval ratioBetweenGroups,
    Interval ratioToOverall) {

  /** Copies the collections into unmodifiable ones, keeping the group order. */
  public MetricFrameResult {
    featureNames = List.copyOf(featureNames);
    byGroup = Collections.unmodifiableMap(new LinkedHashMap<>(byGroup));
    groupSizes = Collections.unmodifiableMap(new LinkedHashMap<>(groupSizes));
    undefinedGroups = List.copyOf(undefinedGroups);
  }

  /** The difference by {@code method}. */
  public Interval difference(DisparityMethod method) {
    return method == DisparityMethod.BETWEEN_GROUPS ? differenceBetweenGroups : differenceToOverall;
  }

  /** The ratio by {@code method}. */
  public Interval ratio(DisparityMethod method) {
    return method == DisparityMethod.BETWEEN_GROUPS ? ratioBetweenGroups : ratioToOverall;
  }

  /** The value of {@code group}; fails, listing the groups present, when it has no rows. */
  public Interval group(Group group) {
    Interval value = byGroup.get(group);
    if (value == null) {
      throw new IllegalArgumentException("group " + group + " has no rows; the groups present are " + byGroup.keySet());
    }
    return value;
  }
}
