package io.github.fairlora.nn;

import io.github.fairlora.tensor.VectorSupport;
import java.util.Arrays;

/**
 * Softmax-shaped kernels on heap rows: cross-entropy over a vocabulary (fused forward and backward), log-sum-exp for
 * scoring, and the causal attention softmax with its backward. Each has a plain reference (the straightforward loop,
 * kept for the tests and as the path without the Vector API) and a vectorised body in {@link VectorKernels}.
 * Callers split rows across cores with {@link io.github.fairlora.tensor.Parallel}; these work on one row or block.
 */
final class SoftmaxKernels {
  private SoftmaxKernels() {}

  /** Whether the dispatching methods below take the vector path. */
  static final boolean VECTOR = VectorSupport.ENABLED;

  /**
   * Cross-entropy of one row of logits against {@code target}: returns −log softmax(row)[target]. When
   * {@code gradient}, row is overwritten with gradientScale·(softmax(row) − onehot(target)).
   */
  static double crossEntropyRow(float[] row, int classes, int target, float gradientScale, boolean gradient,
      boolean vector) {
    if (!vector) {
      return crossEntropyRowReference(row, classes, target, gradientScale, gradient);
    }
    float max = VectorKernels.max(row, 0, classes);
    float targetLogit = row[target];
    double sum = VectorKernels.expShiftSum(row, 0, classes, max, gradient);
    if (gradient) {
      VectorKernels.scale(row, 0, classes, (float) (gradientScale / sum));
      row[target] -= gradientScale;
    }
    return max + Math.log(sum) - targetLogit;
  }

  /** The reference for {@link #crossEntropyRow}: one exp per logit, sums in double. */
  static double crossEntropyRowReference(float[] row, int classes, int target, float gradientScale,
      boolean gradient) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      max = Math.max(max, row[j]);
    }
    float targetLogit = row[target];
    double sum = 0;
    for (int j = 0; j < classes; j++) {
      float e = (float) Math.exp(row[j] - max);
      if (gradient) {
        row[j] = e;
      }
      sum += e;
    }
    if (gradient) {
      float scale = (float) (gradientScale / sum);
      for (int j = 0; j < classes; j++) {
        row[j] *= scale;
      }
      row[target] -= gradientScale;
    }
    return max + Math.log(sum) - targetLogit;
  }

  /** log Σ exp(row[from..from+count)), the normaliser of a log-softmax. */
  static double logSumExp(float[] row, int from, int count, boolean vector) {
    if (vector) {
      float max = VectorKernels.max(row, from, from + count);
      return max + Math.log(VectorKernels.expShiftSum(row, from, from + count, max, false));
    }
    return logSumExpReference(row, from, count);
  }

  static double logSumExpReference(float[] row, int from, int count) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = from; j < from + count; j++) {
      max = Math.max(max, row[j]);
    }
    double sum = 0;
    for (int j = from; j < from + count; j++) {
      sum += Math.exp(row[j] - max);
    }
    return max + Math.log(sum);
  }

  /**
   * Row-wise causal softmax, in place, of the [time, time] score block at p[offset..]: row t keeps entries 0..t
   * (softmax), entries above the diagonal become 0.
   */
  static void causalSoftmax(float[] p, int offset, int time, boolean vector) {
    if (!vector) {
      causalSoftmaxReference(p, offset, time);
      return;
    }
    for (int t = 0; t < time; t++) {
      int row = offset + t * time;
      float max = VectorKernels.max(p, row, row + t + 1);
      double sum = VectorKernels.expShiftSum(p, row, row + t + 1, max, true);
      VectorKernels.scale(p, row, row + t + 1, (float) (1.0 / sum));
      Arrays.fill(p, row + t + 1, row + time, 0f);
    }
  }

  static void causalSoftmaxReference(float[] p, int offset, int time) {
    for (int t = 0; t < time; t++) {
      int row = offset + t * time;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j <= t; j++) {
        max = Math.max(max, p[row + j]);
      }
      double sum = 0;
      for (int j = 0; j <= t; j++) {
        float e = (float) Math.exp(p[row + j] - max);
        p[row + j] = e;
        sum += e;
      }
      float inverse = (float) (1.0 / sum);
      for (int j = 0; j <= t; j++) {
        p[row + j] *= inverse;
      }
      for (int j = t + 1; j < time; j++) {
        p[row + j] = 0f;
      }
    }
  }

  /**
   * The softmax backward of a causal [time, time] block, in place in dP: dS = scale·P ⊙ (dP − rowsum(dP ⊙ P)) on
   * and below the diagonal, 0 above it.
   */
  static void causalSoftmaxBackward(float[] dP, float[] p, int offset, int time, float scale, boolean vector) {
    if (!vector) {
      causalSoftmaxBackwardReference(dP, p, offset, time, scale);
      return;
    }
    for (int t = 0; t < time; t++) {
      int row = offset + t * time;
      float dot = VectorKernels.dot(dP, row, p, row, t + 1);
      VectorKernels.softmaxBackward(dP, p, row, row + t + 1, dot, scale);
      Arrays.fill(dP, row + t + 1, row + time, 0f);
    }
  }

  static void causalSoftmaxBackwardReference(float[] dP, float[] p, int offset, int time, float scale) {
    for (int t = 0; t < time; t++) {
      int row = offset + t * time;
      double dot = 0;
      for (int j = 0; j <= t; j++) {
        dot += (double) dP[row + j] * p[row + j];
      }
      for (int j = 0; j <= t; j++) {
        dP[row + j] = (float) (scale * p[row + j] * (dP[row + j] - dot));
      }
      for (int j = t + 1; j < time; j++) {
        dP[row + j] = 0f;
      }
    }
  }
}
