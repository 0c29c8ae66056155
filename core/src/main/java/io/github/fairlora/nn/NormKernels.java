package io.github.fairlora.nn;

import io.github.fairlora.tensor.VectorSupport;

/**
 * RMSNorm and LayerNorm over rows of heap arrays, forward and backward. The references are the straightforward
 * loops in double; the fast bodies take the row reductions through {@link VectorKernels} (a float reduction does not
 * vectorise by itself: Java keeps the order of float additions) and keep the elementwise loops simple enough for the
 * JIT to vectorise. Callers split rows across cores.
 */
final class NormKernels {
  private NormKernels() {}

  static final boolean VECTOR = VectorSupport.ENABLED;
  /** Elements (rows · width) per parallel chunk at least. */
  static final int MIN_CHUNK = 8192;

  /** target += partials[0] + partials[1] + ..., in that order (the per-chunk parameter gradients of a backward). */
  static void addInOrder(float[] target, float[][] partials) {
    for (float[] partial : partials) {
      for (int j = 0; j < target.length; j++) {
        target[j] += partial[j];
      }
    }
  }

  /** y = w ⊙ x · rstd per row; rstd[r] = 1 / sqrt(mean(x²) + eps). */
  static void rmsForward(float[] in, float[] w, float[] y, float[] rstd, int rows, int width, float epsilon,
      boolean vector) {
    if (!vector || !withinFloatSafeRange(in, rows * width)) {
      rmsForwardReference(in, w, y, rstd, rows, width, epsilon);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      double sumSquares = VectorKernels.dot(in, row, in, row, width);
      if (!Double.isFinite(sumSquares)) {
        // The float reduction overflowed (activations above ~1e19, as in a run that is blowing up): the reference
        // sums in double, and so must this row, or rstd becomes 0 and the backward pass NaN.
        sumSquares = 0;
        for (int j = 0; j < width; j++) {
          sumSquares += (double) in[row + j] * in[row + j];
        }
      }
      float inverse = (float) (1.0 / Math.sqrt(sumSquares / width + epsilon));
      rstd[r] = inverse;
      VectorKernels.normalize(in, row, 0f, inverse, w, null, y, row, width);
    }
  }

  /**
   * Largest magnitude the fast bodies accept: their float reductions (Σx², Σ w·dy·x) stay finite below it. Larger
   * values (a run that is blowing up, e.g. at learning rate 1e6) go through the reference, which sums in double, so
   * such a run ends in the same finite (collapsed) state as with the reference instead of NaN.
   */
  private static final float FLOAT_SAFE_MAGNITUDE = 1e12f;

  static boolean withinFloatSafeRange(float[] values, int count) {
    if (VECTOR) {
      // NaN propagates through the lanewise maximum, so a NaN anywhere fails the comparison too.
      return VectorKernels.maxAbs(values, count) <= FLOAT_SAFE_MAGNITUDE;
    }
    return withinFloatSafeRangeReference(values, count);
  }

  static boolean withinFloatSafeRangeReference(float[] values, int count) {
    for (int i = 0; i < count; i++) {
      if (!(Math.abs(values[i]) <= FLOAT_SAFE_MAGNITUDE)) {
        return false;
      }
    }
    return true;
  }

  static void rmsForwardReference(float[] in, float[] w, float[] y, float[] rstd, int rows, int width,
      float epsilon) {
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      double sumSquares = 0;
      for (int j = 0; j < width; j++) {
        float v = in[row + j];
        sumSquares += v * v;
      }
      float inverse = (float) (1.0 / Math.sqrt(sumSquares / width + epsilon));
      rstd[r] = inverse;
      for (int j = 0; j < width; j++) {
        y[row + j] = w[j] * (in[row + j] * inverse);
      }
    }
  }

  /**
   * dIn += rstd·w ⊙ dy − rstd³/width · x · Σ w⊙dy⊙x per row; dw (when not null) += Σ_rows dy ⊙ x · rstd.
   * {@code work} holds at least width floats.
   */
  static void rmsBackward(float[] in, float[] dy, float[] dIn, float[] w, float[] rstd, float[] dw, int rows,
      int width, float[] work, boolean vector) {
    if (!vector || !withinFloatSafeRange(in, rows * width) || !withinFloatSafeRange(dy, rows * width)
        || !withinFloatSafeRange(w, width)) {
      rmsBackwardReference(in, dy, dIn, w, rstd, dw, rows, width);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float inverse = rstd[r];
      for (int j = 0; j < width; j++) {
        work[j] = w[j] * dy[row + j];
      }
      double dot = VectorKernels.dot(work, 0, in, row, width);
      if (!Double.isFinite(dot)) {
        // The float reduction overflowed: sum this row in double, as the reference does.
        dot = 0;
        for (int j = 0; j < width; j++) {
          dot += (double) work[j] * in[row + j];
        }
      }
      // In double, as the reference: rstd³ underflows float (to 0, and then 0·∞ is NaN) once activations are large.
      float coefficient = (float) (dot * inverse * inverse * inverse / width);
      for (int j = 0; j < width; j++) {
        // rstd·w first, as the reference: w·dy alone can overflow float where the scaled product does not.
        dIn[row + j] += inverse * w[j] * dy[row + j] - coefficient * in[row + j];
      }
      if (dw != null) {
        for (int j = 0; j < width; j++) {
          dw[j] += dy[row + j] * in[row + j] * inverse;
        }
      }
    }
  }

  static void rmsBackwardReference(float[] in, float[] dy, float[] dIn, float[] w, float[] rstd, float[] dw,
      int rows, int width) {
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float inverse = rstd[r];
      double dot = 0;
      for (int j = 0; j < width; j++) {
        dot += (double) w[j] * dy[row + j] * in[row + j];
      }
      float coefficient = (float) (dot * inverse * inverse * inverse / width);
      for (int j = 0; j < width; j++) {
        float xj = in[row + j];
        dIn[row + j] += inverse * w[j] * dy[row + j] - coefficient * xj;
        if (dw != null) {
          dw[j] += dy[row + j] * xj * inverse;
        }
      }
    }
  }

  /** y = (x − mean)·rstd ⊙ w + b per row, saving mean[r] and rstd[r]. */
  static void layerForward(float[] in, float[] w, float[] b, float[] y, float[] mean, float[] rstd, int rows,
      int width, float epsilon, boolean vector) {
    if (!vector || !withinFloatSafeRange(in, rows * width)) {
      layerForwardReference(in, w, b, y, mean, rstd, rows, width, epsilon);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float mu = VectorKernels.sum(in, row, width) / width;
      // Two passes (variance around the mean, as the reference): Σx²/n − μ² would cancel when the mean is large.
      double variance = centredSquares(in, row, width, mu) / width;
      if (!Double.isFinite(variance) || !Float.isFinite(mu)) {
        // A float reduction overflowed: redo this row's statistics in double, as the reference does.
        double sum = 0;
        for (int j = 0; j < width; j++) {
          sum += in[row + j];
        }
        double rowMean = sum / width;
        double centred = 0;
        for (int j = 0; j < width; j++) {
          double d = in[row + j] - rowMean;
          centred += d * d;
        }
        mu = (float) rowMean;
        variance = centred / width;
      }
      float inverse = (float) (1.0 / Math.sqrt(variance + epsilon));
      mean[r] = mu;
      rstd[r] = inverse;
      VectorKernels.normalize(in, row, mu, inverse, w, b, y, row, width);
    }
  }

  private static float centredSquares(float[] a, int from, int n, float mu) {
    float sum = 0f;
    float c0 = 0f;
    float c1 = 0f;
    float c2 = 0f;
    float c3 = 0f;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      float d0 = a[from + j] - mu;
      float d1 = a[from + j + 1] - mu;
      float d2 = a[from + j + 2] - mu;
      float d3 = a[from + j + 3] - mu;
      c0 += d0 * d0;
      c1 += d1 * d1;
      c2 += d2 * d2;
      c3 += d3 * d3;
    }
    for (; j < n; j++) {
      float d = a[from + j] - mu;
      sum += d * d;
    }
    return sum + (c0 + c1) + (c2 + c3);
  }

  static void layerForwardReference(float[] in, float[] w, float[] b, float[] y, float[] mean, float[] rstd,
      int rows, int width, float epsilon) {
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      double sum = 0;
      for (int j = 0; j < width; j++) {
        sum += in[row + j];
      }
      double mu = sum / width;
      double variance = 0;
      for (int j = 0; j < width; j++) {
        double d = in[row + j] - mu;
        variance += d * d;
      }
      float inverse = (float) (1.0 / Math.sqrt(variance / width + epsilon));
      mean[r] = (float) mu;
      rstd[r] = inverse;
      for (int j = 0; j < width; j++) {
        y[row + j] = (float) ((in[row + j] - mu) * inverse) * w[j] + b[j];
      }
    }
  }

  /**
   * With g = dy ⊙ w and x̂ = (x − mean)·rstd: dIn += rstd·(g − mean(g) − x̂·mean(g ⊙ x̂)); dw += Σ dy ⊙ x̂ and
   * db += Σ dy when not null. {@code work} holds at least 2·width floats.
   */
  static void layerBackward(float[] in, float[] dy, float[] dIn, float[] w, float[] mean, float[] rstd, float[] dw,
      float[] db, int rows, int width, float[] work, boolean vector) {
    if (!vector || !withinFloatSafeRange(in, rows * width) || !withinFloatSafeRange(dy, rows * width)
        || !withinFloatSafeRange(w, width)) {
      layerBackwardReference(in, dy, dIn, w, mean, rstd, dw, db, rows, width);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float mu = mean[r];
      float inverse = rstd[r];
      // work[0..width) = g, work[width..2·width) = x̂
      for (int j = 0; j < width; j++) {
        work[j] = dy[row + j] * w[j];
        work[width + j] = (in[row + j] - mu) * inverse;
      }
      float meanG = VectorKernels.sum(work, 0, width) / width;
      float meanGxHat = VectorKernels.dot(work, 0, work, width, width) / width;
      for (int j = 0; j < width; j++) {
        dIn[row + j] += inverse * (work[j] - meanG - work[width + j] * meanGxHat);
      }
      if (dw != null) {
        for (int j = 0; j < width; j++) {
          dw[j] += dy[row + j] * work[width + j];
        }
      }
      if (db != null) {
        for (int j = 0; j < width; j++) {
          db[j] += dy[row + j];
        }
      }
    }
  }

  static void layerBackwardReference(float[] in, float[] dyAll, float[] dIn, float[] w, float[] mean, float[] rstd,
      float[] dw, float[] db, int rows, int width) {
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float mu = mean[r];
      float inverse = rstd[r];
      double meanG = 0;
      double meanGxHat = 0;
      for (int j = 0; j < width; j++) {
        double g = (double) dyAll[row + j] * w[j];
        double xHat = (in[row + j] - mu) * inverse;
        meanG += g;
        meanGxHat += g * xHat;
      }
      meanG /= width;
      meanGxHat /= width;
      for (int j = 0; j < width; j++) {
        float dy = dyAll[row + j];
        float xHat = (in[row + j] - mu) * inverse;
        double g = (double) dy * w[j];
        dIn[row + j] += (float) (inverse * (g - meanG - xHat * meanGxHat));
        if (dw != null) {
          dw[j] += dy * xHat;
        }
        if (db != null) {
          db[j] += dy;
        }
      }
    }
  }
}
