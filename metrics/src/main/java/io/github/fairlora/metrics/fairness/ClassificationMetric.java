package io.github.fairlora.metrics.fairness;

/**
 * A named metric of a binary classifier over a subset of rows, for {@link MetricFrame}. The built-in ones follow
 * Fairlearn's and scikit-learn's definitions with one deliberate difference: a rate whose denominator is zero (TPR of
 * a group with no positives, precision of a group with no predicted positives, anything over no rows) is NaN, where
 * scikit-learn returns 0 with a warning. A zero there would be a made-up number that then drives the disparities.
 *
 * @param name a short name for reports, e.g. "true_positive_rate"
 * @param statistic the computation
 */
public record ClassificationMetric(String name, RowStatistic statistic) {

  /** Checks that both parts are present. */
  public ClassificationMetric {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a metric needs a non-blank name");
    }
    if (statistic == null) {
      throw new NullPointerException("statistic of metric '" + name + "' must not be null");
    }
  }

  /** The metric over {@code rows} (indices into {@code data}, repeats counted); NaN where undefined. */
  public double compute(Predictions data, int[] rows) {
    return statistic.compute(data, rows);
  }

  /** Share of rows whose predicted label equals the true label. NaN on no rows. */
  public static ClassificationMetric accuracy() {
    return new ClassificationMetric("accuracy", (data, rows) -> {
      data.requirePredictedLabels("accuracy");
      int correct = 0;
      for (int row : rows) {
        if (data.trueLabel(row) == data.predictedLabel(row)) {
          correct++;
        }
      }
      return ratio(correct, rows.length);
    });
  }

  /** Share of rows predicted positive, P(ŷ = 1). NaN on no rows. */
  public static ClassificationMetric selectionRate() {
    return new ClassificationMetric("selection_rate", (data, rows) -> {
      data.requirePredictedLabels("selection_rate");
      int selected = 0;
      for (int row : rows) {
        selected += data.predictedLabel(row);
      }
      return ratio(selected, rows.length);
    });
  }

  /** True positive rate (recall), TP / (TP + FN) = P(ŷ = 1 | y = 1). NaN when the rows have no positives. */
  public static ClassificationMetric truePositiveRate() {
    return new ClassificationMetric("true_positive_rate", (data, rows) -> {
      data.requirePredictedLabels("true_positive_rate");
      int positives = 0;
      int truePositives = 0;
      for (int row : rows) {
        if (data.trueLabel(row) == 1) {
          positives++;
          truePositives += data.predictedLabel(row);
        }
      }
      return ratio(truePositives, positives);
    });
  }

  /** False positive rate, FP / (FP + TN) = P(ŷ = 1 | y = 0). NaN when the rows have no negatives. */
  public static ClassificationMetric falsePositiveRate() {
    return new ClassificationMetric("false_positive_rate", (data, rows) -> {
      data.requirePredictedLabels("false_positive_rate");
      int negatives = 0;
      int falsePositives = 0;
      for (int row : rows) {
        if (data.trueLabel(row) == 0) {
          negatives++;
          falsePositives += data.predictedLabel(row);
        }
      }
      return ratio(falsePositives, negatives);
    });
  }

  /** Precision, TP / (TP + FP) = P(y = 1 | ŷ = 1). NaN when no row is predicted positive. */
  public static ClassificationMetric precision() {
    return new ClassificationMetric("precision", (data, rows) -> {
      data.requirePredictedLabels("precision");
      int predictedPositives = 0;
      int truePositives = 0;
      for (int row : rows) {
        if (data.predictedLabel(row) == 1) {
          predictedPositives++;
          truePositives += data.trueLabel(row);
        }
      }
      return ratio(truePositives, predictedPositives);
    });
  }

  /** Area under the ROC curve of the scores, see {@link RocAuc}. NaN without both a positive and a negative row. */
  public static ClassificationMetric rocAuc() {
    return new ClassificationMetric("roc_auc", (data, rows) -> {
      data.requireScores("roc_auc");
      return RocAuc.of(data, rows);
    });
  }

  /** Number of rows (with repeats), Fairlearn's {@code count}. */
  public static ClassificationMetric count() {
    return new ClassificationMetric("count", (data, rows) -> rows.length);
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }
}
