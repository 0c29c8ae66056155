package io.github.fairlora.metrics.fairness;

import java.util.Arrays;

/**
 * Area under the ROC curve by the Mann-Whitney formula: the share of (positive, negative) pairs in which the positive
 * row has the higher score, a tie counting 1/2. This is exactly the trapezoidal area under the ROC curve (what
 * scikit-learn's {@code roc_auc_score} returns), computed without building the curve.
 */
public final class RocAuc {
  private RocAuc() {}

  /**
   * AUC of {@code scores} against binary {@code labels} (0/1), one per row. NaN when there is no positive or no
   * negative row (the area is undefined).
   */
  public static double of(int[] labels, double[] scores) {
    Predictions data = Predictions.scored(labels, scores);
    int[] all = new int[data.size()];
    Arrays.setAll(all, i -> i);
    return of(data, all);
  }

  /** AUC over {@code rows} (indices into {@code data}, repeats counted); NaN without both classes. */
  static double of(Predictions data, int[] rows) {
    int positives = 0;
    for (int row : rows) {
      positives += data.trueLabel(row);
    }
    int negatives = rows.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double[] negativeScores = new double[negatives];
    int next = 0;
    for (int row : rows) {
      if (data.trueLabel(row) == 0) {
        negativeScores[next++] = data.score(row);
      }
    }
    Arrays.sort(negativeScores);
    // U = sum over positives of (#negatives scored lower + 1/2 #negatives scored equal); doubled to stay integral.
    long doubledWins = 0;
    for (int row : rows) {
      if (data.trueLabel(row) == 1) {
        double score = data.score(row);
        int lower = firstIndexNotBelow(negativeScores, score);
        int notAbove = firstIndexAbove(negativeScores, score);
        doubledWins += 2L * lower + (notAbove - lower);
      }
    }
    return doubledWins / (2.0 * positives * (double) negatives);
  }

  private static int firstIndexNotBelow(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] < value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static int firstIndexAbove(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] <= value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
