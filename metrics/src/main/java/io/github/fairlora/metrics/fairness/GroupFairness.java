package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.List;

/**
 * The named group-fairness disparities with Fairlearn's definitions and names. All of them compare groups of one or
 * several sensitive features (intersections when several); 0 difference and ratio 1 mean parity.
 *
 * <ul>
 *   <li>demographic parity: selection rate P(ŷ = 1);
 *   <li>equalized odds: true and false positive rates; the difference is the larger of the TPR and FPR differences,
 *       the ratio the smaller of the two ratios (Fairlearn's default "worst case");
 *   <li>equal opportunity: true positive rate;
 *   <li>predictive parity: precision.
 * </ul>
 *
 * <p>A group where a rate is undefined (no positives for TPR, no negatives for FPR, no predicted positives for
 * precision) follows {@link FairnessOptions#undefinedGroups()}: by default it makes the disparity NaN. For AIF360's
 * signed, privileged-versus-unprivileged convention see {@link Aif360Metrics}.
 */
public final class GroupFairness {
  private GroupFairness() {}

  /** Max − min selection rate between groups, point estimate. */
  public static DisparityResult demographicParityDifference(Predictions predictions, SensitiveFeatures features) {
    return demographicParityDifference(
        predictions, features, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates());
  }

  /** Demographic parity difference by {@code method}, with the options' intervals. */
  public static DisparityResult demographicParityDifference(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return single("demographic_parity_difference", ClassificationMetric.selectionRate(), true,
        predictions, features, method, options);
  }

  /** Min / max selection rate between groups, point estimate. */
  public static DisparityResult demographicParityRatio(Predictions predictions, SensitiveFeatures features) {
    return demographicParityRatio(
        predictions, features, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates());
  }

  /** Demographic parity ratio by {@code method}, with the options' intervals. */
  public static DisparityResult demographicParityRatio(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return single("demographic_parity_ratio", ClassificationMetric.selectionRate(), false,
        predictions, features, method, options);
  }

  /** max(TPR difference, FPR difference) between groups, point estimate. */
  public static DisparityResult equalizedOddsDifference(Predictions predictions, SensitiveFeatures features) {
    return equalizedOddsDifference(
        predictions, features, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates());
  }

  /** Equalized odds difference by {@code method}, with the options' intervals. */
  public static DisparityResult equalizedOddsDifference(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return equalizedOdds("equalized_odds_difference", true, predictions, features, method, options);
  }

  /** min(TPR ratio, FPR ratio) between groups, point estimate. */
  public static DisparityResult equalizedOddsRatio(Predictions predictions, SensitiveFeatures features) {
    return equalizedOddsRatio(
        predictions, features, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates());
  }

  /** Equalized odds ratio by {@code method}, with the options' intervals. */
  public static DisparityResult equalizedOddsRatio(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return equalizedOdds("equalized_odds_ratio", false, predictions, features, method, options);
  }

  /** Max − min true positive rate between groups, point estimate. */
  public static DisparityResult equalOpportunityDifference(Predictions predictions, SensitiveFeatures features) {
    return equalOpportunityDifference(
        predictions, features, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates());
  }

  /** Equal opportunity (TPR) difference by {@code method}, with the options' intervals. */
  public static DisparityResult equalOpportunityDifference(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return single("equal_opportunity_difference", ClassificationMetric.truePositiveRate(), true,
        predictions, features, method, options);
  }

  /** Equal opportunity (TPR) ratio by {@code method}, with the options' intervals. */
  public static DisparityResult equalOpportunityRatio(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return single("equal_opportunity_ratio", ClassificationMetric.truePositiveRate(), false,
        predictions, features, method, options);
  }

  /** Max − min precision between groups, point estimate. */
  public static DisparityResult predictiveParityDifference(Predictions predictions, SensitiveFeatures features) {
    return predictiveParityDifference(
        predictions, features, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates());
  }

  /** Predictive parity (precision) difference by {@code method}, with the options' intervals. */
  public static DisparityResult predictiveParityDifference(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return single("predictive_parity_difference", ClassificationMetric.precision(), true,
        predictions, features, method, options);
  }

  /** Predictive parity (precision) ratio by {@code method}, with the options' intervals. */
  public static DisparityResult predictiveParityRatio(
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    return single("predictive_parity_ratio", ClassificationMetric.precision(), false,
        predictions, features, method, options);
  }

  private static DisparityResult single(String name, ClassificationMetric metric, boolean difference,
      Predictions predictions, SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    requireArguments(method, options);
    requireLabels(predictions, name);
    MetricFrameResult frame = MetricFrame.of(metric, predictions, features, options);
    Interval value = difference ? frame.difference(method) : frame.ratio(method);
    return new DisparityResult(name, method, value, List.of(frame));
  }

  private static DisparityResult equalizedOdds(String name, boolean difference, Predictions predictions,
      SensitiveFeatures features, DisparityMethod method, FairnessOptions options) {
    requireArguments(method, options);
    requireLabels(predictions, name);
    GroupIndex index = MetricFrame.index(predictions, features);
    ClassificationMetric tpr = ClassificationMetric.truePositiveRate();
    ClassificationMetric fpr = ClassificationMetric.falsePositiveRate();
    UndefinedGroupPolicy policy = options.undefinedGroups();
    int width = MetricFrame.width(index);
    int position = difference ? MetricFrame.differencePosition(index, method) : MetricFrame.ratioPosition(index, method);
    // One vector per resample: the TPR frame, the FPR frame, then the worst case of the two disparities
    // (Math.max/min return NaN if either side is NaN).
    Interval[] intervals = JointBootstrap.intervals(predictions.size(), rows -> {
      double[] values = new double[2 * width + 1];
      System.arraycopy(MetricFrame.values(index, tpr, predictions, rows, policy), 0, values, 0, width);
      System.arraycopy(MetricFrame.values(index, fpr, predictions, rows, policy), 0, values, width, width);
      values[2 * width] = difference
          ? Math.max(values[position], values[width + position])
          : Math.min(values[position], values[width + position]);
      return values;
    }, options);
    return new DisparityResult(name, method, intervals[2 * width], List.of(
        MetricFrame.result(tpr, features, index, intervals, 0, policy),
        MetricFrame.result(fpr, features, index, intervals, width, policy)));
  }

  private static void requireArguments(DisparityMethod method, FairnessOptions options) {
    if (method == null || options == null) {
      throw new NullPointerException("method and options must not be null");
    }
  }

  private static void requireLabels(Predictions predictions, String name) {
    if (predictions == null) {
      throw new NullPointerException("predictions must not be null");
    }
    predictions.requirePredictedLabels(name);
  }
}
