package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
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
    int n = predictions.size();
    UndefinedGroupPolicy policy = options.undefinedGroups();
    Interval overall = options.interval(n, rows -> metric.compute(predictions, rows));
    Map<Group, Interval> byGroup = new LinkedHashMap<>();
    List<Group> groups = index.groups();
    for (int g = 0; g < groups.size(); g++) {
      int group = g;
      byGroup.put(groups.get(g), options.interval(n, rows -> {
        int[] members = index.rowsOf(group, rows);
        return members.length == 0 ? Double.NaN : metric.compute(predictions, members);
      }));
    }
    double[] pointValues = index.groupValues(metric, predictions, allRows(n));
    return new MetricFrameResult(
        metric.name(),
        features.names(),
        overall,
        byGroup,
        index.sizes(),
        index.undefined(pointValues),
        policy,
        options.interval(n, rows -> Disparities.groupMin(index.groupValues(metric, predictions, rows), policy)),
        options.interval(n, rows -> Disparities.groupMax(index.groupValues(metric, predictions, rows), policy)),
        options.interval(n, rows -> difference(index, metric, predictions, rows, DisparityMethod.BETWEEN_GROUPS, policy)),
        options.interval(n, rows -> difference(index, metric, predictions, rows, DisparityMethod.TO_OVERALL, policy)),
        options.interval(n, rows -> ratio(index, metric, predictions, rows, DisparityMethod.BETWEEN_GROUPS, policy)),
        options.interval(n, rows -> ratio(index, metric, predictions, rows, DisparityMethod.TO_OVERALL, policy)));
  }

  /** The difference of {@code metric} by {@code method} over {@code rows}. */
  static double difference(GroupIndex index, ClassificationMetric metric, Predictions data, int[] rows,
      DisparityMethod method, UndefinedGroupPolicy policy) {
    double overall = method == DisparityMethod.TO_OVERALL ? metric.compute(data, rows) : Double.NaN;
    return Disparities.difference(index.groupValues(metric, data, rows), overall, method, policy);
  }

  /** The ratio of {@code metric} by {@code method} over {@code rows}. */
  static double ratio(GroupIndex index, ClassificationMetric metric, Predictions data, int[] rows,
      DisparityMethod method, UndefinedGroupPolicy policy) {
    double overall = method == DisparityMethod.TO_OVERALL ? metric.compute(data, rows) : Double.NaN;
    return Disparities.ratio(index.groupValues(metric, data, rows), overall, method, policy);
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
