package io.github.fairlora.metrics.fairness;

import java.util.Arrays;

/**
 * The rows a binary classifier was evaluated on: true labels, and predicted labels, scores or both. Labels are 0
 * (negative) or 1 (positive); a score is the classifier's confidence that the row is positive (any real number, higher
 * means more positive; only its order matters to the AUC metrics).
 *
 * <p>Immutable: the arrays are copied on the way in. Every factory validates its input and names the offending array,
 * row and value: mismatched lengths, a label other than 0/1 and a NaN score are errors (a NaN score is rejected rather
 * than dropped, so a metric is never computed on fewer rows than the caller passed without saying so).
 */
public final class Predictions {
  private final int[] trueLabels;
  private final int[] predictedLabels; // null when only scores were given
  private final double[] scores; // null when only labels were given

  private Predictions(int[] trueLabels, int[] predictedLabels, double[] scores) {
    this.trueLabels = trueLabels;
    this.predictedLabels = predictedLabels;
    this.scores = scores;
  }

  /** True and predicted labels (each 0 or 1), one per row, same length. */
  public static Predictions of(int[] trueLabels, int[] predictedLabels) {
    requireNonNull(trueLabels, "trueLabels");
    requireNonNull(predictedLabels, "predictedLabels");
    requireSameLength("trueLabels", trueLabels.length, "predictedLabels", predictedLabels.length);
    return new Predictions(labels("trueLabels", trueLabels), labels("predictedLabels", predictedLabels), null);
  }

  /** True labels and scores (no predicted labels): for the AUC metrics. */
  public static Predictions scored(int[] trueLabels, double[] scores) {
    requireNonNull(trueLabels, "trueLabels");
    requireNonNull(scores, "scores");
    requireSameLength("trueLabels", trueLabels.length, "scores", scores.length);
    return new Predictions(labels("trueLabels", trueLabels), null, scores("scores", scores));
  }

  /** True labels, predicted labels and scores, one per row, same length. */
  public static Predictions of(int[] trueLabels, int[] predictedLabels, double[] scores) {
    requireNonNull(trueLabels, "trueLabels");
    requireNonNull(predictedLabels, "predictedLabels");
    requireNonNull(scores, "scores");
    requireSameLength("trueLabels", trueLabels.length, "predictedLabels", predictedLabels.length);
    requireSameLength("trueLabels", trueLabels.length, "scores", scores.length);
    return new Predictions(
        labels("trueLabels", trueLabels), labels("predictedLabels", predictedLabels), scores("scores", scores));
  }

  /** Number of rows. */
  public int size() {
    return trueLabels.length;
  }

  /** Whether predicted labels were given. */
  public boolean hasPredictedLabels() {
    return predictedLabels != null;
  }

  /** Whether scores were given. */
  public boolean hasScores() {
    return scores != null;
  }

  /** The true label (0 or 1) of {@code row}. */
  public int trueLabel(int row) {
    return trueLabels[row];
  }

  /** The predicted label (0 or 1) of {@code row}; fails when these predictions have no predicted labels. */
  public int predictedLabel(int row) {
    if (predictedLabels == null) {
      throw new IllegalStateException("these predictions have scores but no predicted labels; build them with "
          + "Predictions.of(trueLabels, predictedLabels[, scores]) for label-based metrics");
    }
    return predictedLabels[row];
  }

  /** The score of {@code row}; fails when these predictions have no scores. */
  public double score(int row) {
    if (scores == null) {
      throw new IllegalStateException("these predictions have no scores; build them with "
          + "Predictions.scored(trueLabels, scores) or Predictions.of(trueLabels, predictedLabels, scores) for AUC metrics");
    }
    return scores[row];
  }

  /** Fails with a message naming {@code metric} when there are no predicted labels. */
  void requirePredictedLabels(String metric) {
    if (predictedLabels == null) {
      throw new IllegalArgumentException(metric + " needs predicted labels, but these predictions only have scores");
    }
  }

  /** Fails with a message naming {@code metric} when there are no scores. */
  void requireScores(String metric) {
    if (scores == null) {
      throw new IllegalArgumentException(metric + " needs scores, but these predictions only have predicted labels");
    }
  }

  private static void requireNonNull(Object array, String name) {
    if (array == null) {
      throw new NullPointerException(name + " must not be null");
    }
  }

  static void requireSameLength(String firstName, int firstLength, String secondName, int secondLength) {
    if (firstLength != secondLength) {
      throw new IllegalArgumentException(secondName + " has " + secondLength + " entries but " + firstName + " has "
          + firstLength + "; they must have one entry per row");
    }
  }

  private static int[] labels(String name, int[] values) {
    for (int row = 0; row < values.length; row++) {
      if (values[row] != 0 && values[row] != 1) {
        throw new IllegalArgumentException(
            name + "[" + row + "] is " + values[row] + "; binary labels must be 0 (negative) or 1 (positive)");
      }
    }
    return Arrays.copyOf(values, values.length);
  }

  private static double[] scores(String name, double[] values) {
    for (int row = 0; row < values.length; row++) {
      if (Double.isNaN(values[row])) {
        throw new IllegalArgumentException(
            name + "[" + row + "] is NaN; every row needs a score (drop or impute the row before building Predictions)");
      }
    }
    return Arrays.copyOf(values, values.length);
  }
}
