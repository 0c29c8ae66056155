package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link ClassificationMetric} overall and for every group of one or several sensitive features (their
 * intersections when several), with the group minimum, maximum, differences and ratios, in the manner of Fairlearn's
 * {@code MetricFrame}.
 *
 * <p>Conventions: groups are those present in the rows, sorted; a metric undefined on a group (NaN) is handled by the
 * {@link UndefinedGroupPolicy} of the options (default: the aggregates become NaN); one group only gives differences
 * 0 and ratios 1. Sample weights are not supported.
 */
public final class MetricFrame {
  private MetricFrame() {}

  /** Point estimates of {@code metric} for true and predicted labels (0/1) grouped by {@code features}. */
  public static MetricFrameResult of(
      ClassificationMetric metric, int[] trueLabels, int[] predictedLabels, SensitiveFeatures features) {
    return of(metric, Predictions.of(trueLabels, predictedLabels), features, FairnessOptions.pointEstimates());
  }

  /** Point estimates of {@code metric} on {@code predictions} grouped by {@code features}. */
  public static MetricFrameResult of(
      ClassificationMetric metric, Predictions predictions, SensitiveFeatures features) {
    return of(metric, predictions, features, FairnessOptions.pointEstimates());
  }

  /**
   * {@code metric} on {@code predictions} grouped by {@code features}, with bootstrap intervals and the undefined-group
   * policy of {@code options}. Fails when the feature rows and prediction rows differ in number, or there are no rows.
   */
  public static MetricFrameResult of(
      ClassificationMetric metric, Predictions predictions, SensitiveFeatures features, FairnessOptions options) {
    GroupIndex index = index(predictions, features);
    if (metric == null || options == null) {
      throw new NullPointerException("metric and options must not be null");
    }
    UndefinedGroupPolicy policy = options.undefinedGroups();
    Interval[] intervals = JointBootstrap.intervals(
        predictions.size(), rows -> values(index, metric, predictions, rows, policy), options);
    return result(metric, features, index, intervals, 0, policy);
  }

  /** Number of values in a frame vector: overall, one per group, then the six aggregates. */
  static int width(GroupIndex index) {
    return index.groups().size() + 7;
  }

  /** Position of the difference by {@code method} in a frame vector. */
  static int differencePosition(GroupIndex index, DisparityMethod method) {
    return index.groups().size() + (method == DisparityMethod.BETWEEN_GROUPS ? 3 : 4);
  }

  /** Position of the ratio by {@code method} in a frame vector. */
  static int ratioPosition(GroupIndex index, DisparityMethod method) {
    return index.groups().size() + (method == DisparityMethod.BETWEEN_GROUPS ? 5 : 6);
  }

  /**
   * The frame vector of {@code metric} over {@code rows}: [overall, group 1 .. group G, groupMin, groupMax,
   * difference between groups, difference to overall, ratio between groups, ratio to overall].
   */
  static double[] values(GroupIndex index, ClassificationMetric metric, Predictions data, int[] rows,
      UndefinedGroupPolicy policy) {
    double overall = metric.compute(data, rows);
    double[] groups = index.groupValues(metric, data, rows);
    int g = groups.length;
    double[] values = new double[g + 7];
    values[0] = overall;
    System.arraycopy(groups, 0, values, 1, g);
    values[g + 1] = Disparities.groupMin(groups, policy);
    values[g + 2] = Disparities.groupMax(groups, policy);
    values[g + 3] = Disparities.difference(groups, overall, DisparityMethod.BETWEEN_GROUPS, policy);
    values[g + 4] = Disparities.difference(groups, overall, DisparityMethod.TO_OVERALL, policy);
    values[g + 5] = Disparities.ratio(groups, overall, DisparityMethod.BETWEEN_GROUPS, policy);
    values[g + 6] = Disparities.ratio(groups, overall, DisparityMethod.TO_OVERALL, policy);
    return values;
  }

  /** The result from the intervals of a frame vector starting at {@code offset} in {@code intervals}. */
  static MetricFrameResult result(ClassificationMetric metric, SensitiveFeatures features, GroupIndex index,
      Interval[] intervals, int offset, UndefinedGroupPolicy policy) {
    List<Group> groups = index.groups();
    int g = groups.size();
    Map<Group, Interval> byGroup = new LinkedHashMap<>();
    List<Group> undefined = new ArrayList<>();
    for (int i = 0; i < g; i++) {
      Interval value = intervals[offset + 1 + i];
      byGroup.put(groups.get(i), value);
      if (Double.isNaN(value.estimate())) {
        undefined.add(groups.get(i));
      }
    }
    return new MetricFrameResult(metric.name(), features.names(), intervals[offset], byGroup, index.sizes(),
        undefined, policy, intervals[offset + g + 1], intervals[offset + g + 2], intervals[offset + g + 3],
        intervals[offset + g + 4], intervals[offset + g + 5], intervals[offset + g + 6]);
  }

  /** Validates that predictions and features describe the same, non-empty, rows and indexes the groups. */
  static GroupIndex index(Predictions predictions, SensitiveFeatures features) {
    if (predictions == null || features == null) {
      throw new NullPointerException("predictions and sensitive features must not be null");
    }
    features.requireRows(predictions.size());
    if (predictions.size() == 0) {
      throw new IllegalArgumentException("predictions have no rows; fairness metrics need at least one");
    }
    return new GroupIndex(features);
  }

  static int[] allRows(int n) {
    int[] all = new int[n];
    java.util.Arrays.setAll(all, i -> i);
    return all;
  }
}
