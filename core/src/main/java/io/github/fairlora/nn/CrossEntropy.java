package io.github.fairlora.nn;

import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;

/**
 * Softmax cross-entropy over rows of logits, averaged over the rows whose target is not {@link #IGNORE}, fused with
 * its backward (the gradient is written in the same pass, since it only needs the softmax).
 */
public final class CrossEntropy {
  private CrossEntropy() {}

  /** A target that contributes nothing (padding). */
  public static final int IGNORE = -1;

  /**
   * Mean loss over counted rows of logits [rows, classes]; when {@code dLogits} is not null it is overwritten with
   * d(loss · lossScale)/d(logits) (rows with IGNORE targets get 0). Returns NaN when no row is counted.
   */
  public static double forwardBackward(Tensor logits, int[] targets, int rows, int classes, Tensor dLogits,
      float lossScale) {
    int counted = 0;
    for (int r = 0; r < rows; r++) {
      int target = targets[r];
      if (target != IGNORE) {
        if (target < 0 || target >= classes) {
          throw new IllegalArgumentException("target " + target + " at row " + r + " outside [0, " + classes + ")");
        }
        counted++;
      }
    }
    if (counted == 0) {
      if (dLogits != null) {
        for (int i = 0; i < rows * classes; i++) {
          dLogits.set(i, 0f);
        }
      }
      return Double.NaN;
    }
    double total = 0;
    float gradientScale = lossScale / counted;
    float[] row = Scratch.array(0, classes);
    for (int r = 0; r < rows; r++) {
      int offset = r * classes;
      int target = targets[r];
      if (target == IGNORE) {
        if (dLogits != null) {
          java.util.Arrays.fill(row, 0, classes, 0f);
          Scratch.write(row, dLogits, offset, classes);
        }
        continue;
      }
      logits.buffer().get(offset, row, 0, classes);
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, row[j]);
      }
      float targetLogit = row[target];
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        float e = (float) Math.exp(row[j] - max);
        row[j] = e;
        sum += e;
      }
      total += max + Math.log(sum) - targetLogit;
      if (dLogits != null) {
        float scale = (float) (gradientScale / sum);
        for (int j = 0; j < classes; j++) {
          row[j] *= scale;
        }
        row[target] -= gradientScale;
        Scratch.write(row, dLogits, offset, classes);
      }
    }
    return total / counted;
  }

  /** Log-softmax of one row of {@code logits} starting at {@code offset}, written into out[0..classes). */
  public static void logSoftmax(Tensor logits, int offset, int classes, float[] out) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      max = Math.max(max, logits.get(offset + j));
    }
    double sum = 0;
    for (int j = 0; j < classes; j++) {
      sum += Math.exp(logits.get(offset + j) - max);
    }
    float logSum = (float) (max + Math.log(sum));
    for (int j = 0; j < classes; j++) {
      out[j] = logits.get(offset + j) - logSum;
    }
  }
}
