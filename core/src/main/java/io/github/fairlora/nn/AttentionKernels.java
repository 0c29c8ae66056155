package io.github.fairlora.nn;

/**
 * The three products of causal attention on one (sequence, head) block held in heap arrays, each computing only the
 * lower triangle it needs: a [time, time] block as BLAS computes it is half wasted work, and at these sizes (time
 * 128, head size 32) the per-call cost of BLAS is as large as the arithmetic. Each has a plain reference (the
 * straightforward loop, the path without the Vector API) and a vectorised body in {@link VectorAttentionKernels}.
 *
 * <p>Layouts: an activation block x is [time, n] row-major (row t at t·n), a transposed one xt is [n, time], and a
 * probability or score block p is [time, time] with row i at i·time. Blocks p passed to {@link #lowerTimes} and
 * {@link #lowerTransposedTimes} must be 0 above the diagonal (the causal softmax and its backward leave them so).
 */
final class AttentionKernels {
  private AttentionKernels() {}

  /**
   * s[i, j] = scale · Σ_d x[i, d] · yt[d, j] for every j ≤ i. Entries above the diagonal are left unspecified (the
   * vector body writes some of them); the causal softmax and its backward overwrite them with 0.
   */
  static void causalScores(float[] x, float[] yt, int time, int n, float scale, float[] s, boolean vector) {
    if (vector) {
      VectorAttentionKernels.causalScores(x, yt, time, n, scale, s);
    } else {
      causalScoresReference(x, yt, time, n, scale, s);
    }
  }

  static void causalScoresReference(float[] x, float[] yt, int time, int n, float scale, float[] s) {
    for (int i = 0; i < time; i++) {
      for (int j = 0; j <= i; j++) {
        float sum = 0f;
        for (int d = 0; d < n; d++) {
          sum += x[i * n + d] * yt[d * time + j];
        }
        s[i * time + j] = scale * sum;
      }
    }
  }

  /** out[i, d] = Σ_{j ≤ i} p[i, j] · y[j, d] (out is overwritten): P·Y for a lower-triangular P. */
  static void lowerTimes(float[] p, float[] y, int time, int n, float[] out, boolean vector) {
    if (vector) {
      VectorAttentionKernels.lowerTimes(p, y, time, n, out);
    } else {
      lowerTimesReference(p, y, time, n, out);
    }
  }

  static void lowerTimesReference(float[] p, float[] y, int time, int n, float[] out) {
    for (int i = 0; i < time; i++) {
      for (int d = 0; d < n; d++) {
        float sum = 0f;
        for (int j = 0; j <= i; j++) {
          sum += p[i * time + j] * y[j * n + d];
        }
        out[i * n + d] = sum;
      }
    }
  }

  /** out[j, d] += Σ_{i ≥ j} p[i, j] · y[i, d]: Pᵀ·Y for a lower-triangular P, accumulated. */
  static void lowerTransposedTimes(float[] p, float[] y, int time, int n, float[] out, boolean vector) {
    if (vector) {
      VectorAttentionKernels.lowerTransposedTimes(p, y, time, n, out);
    } else {
      lowerTransposedTimesReference(p, y, time, n, out);
    }
  }

  static void lowerTransposedTimesReference(float[] p, float[] y, int time, int n, float[] out) {
    for (int j = 0; j < time; j++) {
      for (int d = 0; d < n; d++) {
        float sum = 0f;
        for (int i = j; i < time; i++) {
          sum += p[i * time + j] * y[i * n + d];
        }
        out[j * n + d] += sum;
      }
    }
  }

  /** xt[d, t] = x[t, d]: x [time, n] → xt [n, time]. */
  static void transpose(float[] x, int time, int n, float[] xt) {
    for (int t = 0; t < time; t++) {
      for (int d = 0; d < n; d++) {
        xt[d * time + t] = x[t * n + d];
      }
    }
  }
}
