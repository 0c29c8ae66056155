package io.github.fairlora.nn;

import io.github.fairlora.tensor.Parallel;
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
    float gradientScale = lossScale / counted;
    // Rows are independent: split them across cores; each row's loss lands in its own slot and the slots are summed
    // in row order afterwards, so the result does not depend on the thread count.
    double[] rowLoss = new double[rows];
    int minRows = Math.max(1, (1 << 15) / classes);
    Parallel.forRange(rows, minRows, (from, to) -> {
      float[] row = Scratch.array(0, classes);
      for (int r = from; r < to; r++) {
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
        rowLoss[r] = SoftmaxKernels.crossEntropyRow(row, classes, target, gradientScale, dLogits != null,
            SoftmaxKernels.VECTOR);
        if (dLogits != null) {
          Scratch.write(row, dLogits, offset, classes);
        }
      }
    });
    double total = 0;
    for (double loss : rowLoss) {
      total += loss;
    }
    return total / counted;
  }

  /** Log-softmax of one row of {@code logits} starting at {@code offset}, written into out[0..classes). */
  public static void logSoftmax(Tensor logits, int offset, int classes, float[] out) {
    logits.buffer().get(offset, out, 0, classes);
    float logSum = (float) SoftmaxKernels.logSumExp(out, 0, classes, SoftmaxKernels.VECTOR);
    for (int j = 0; j < classes; j++) {
      out[j] -= logSum;
    }
  }

  /**
   * log softmax(row)[target] of one row of {@code logits} starting at {@code offset}, using {@code scratch} (at least
   * {@code classes} floats) as working space: what scoring needs, without writing the whole log-softmax out.
   */
  public static float logProbability(Tensor logits, int offset, int classes, int target, float[] scratch) {
    if (target < 0 || target >= classes) {
      throw new IllegalArgumentException("target " + target + " outside [0, " + classes + ")");
    }
    logits.buffer().get(offset, scratch, 0, classes);
    return (float) (scratch[target] - SoftmaxKernels.logSumExp(scratch, 0, classes, SoftmaxKernels.VECTOR));
  }

  /**
   * Scoring over many rows at once: out[outOffset + r] = log softmax(logits row r)[targets[r]] for rows [0, rows) of
   * logits [rows, classes], computed as logit[target] − logsumexp(row) without writing any log-softmax row. Rows are
   * split across cores.
   *
   * @throws IllegalArgumentException if a target is outside [0, classes)
   */
  public static void targetLogProbabilities(Tensor logits, int rows, int classes, int[] targets, float[] out,
      int outOffset) {
    if (targets.length < rows || out.length < outOffset + rows) {
      throw new IllegalArgumentException(rows + " rows but " + targets.length + " targets and room for "
          + (out.length - outOffset) + " results");
    }
    for (int r = 0; r < rows; r++) {
      if (targets[r] < 0 || targets[r] >= classes) {
        throw new IllegalArgumentException("target " + targets[r] + " at row " + r + " outside [0, " + classes + ")");
      }
    }
    // Blocks of rows are copied to the heap in one call each: per-row buffer reads cost more than the arithmetic.
    int blockRows = Math.max(1, (1 << 14) / classes);
    int minRows = Math.max(1, (1 << 15) / classes);
    Parallel.forRange(rows, minRows, (from, to) -> {
      for (int first = from; first < to; first += blockRows) {
        int count = Math.min(blockRows, to - first);
        float[] block = Scratch.read(0, logits, first * classes, count * classes);
        for (int i = 0; i < count; i++) {
          int offset = i * classes;
          int r = first + i;
          out[outOffset + r] = (float) (block[offset + targets[r]]
              - SoftmaxKernels.logSumExp(block, offset, classes, SoftmaxKernels.VECTOR));
        }
      }
    });
  }
}
