package io.github.fairlora.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link AttentionKernels}. Only loaded when
 * {@link io.github.fairlora.tensor.VectorSupport#ENABLED} is true (naming a {@code jdk.incubator.vector} type
 * without the module fails at class loading).
 *
 * <p>Each product keeps a 4-row by one-vector tile of results in registers and streams the shared operand once per
 * tile: four broadcast multiply-adds per vector load. Rows past the last full tile and columns past the last full
 * vector take the scalar formula.
 */
final class VectorAttentionKernels {
  private VectorAttentionKernels() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int TILE = 4;

  /** See {@link AttentionKernels#causalScores}. */
  static void causalScores(float[] x, float[] yt, int time, int n, float scale, float[] s) {
    int i0 = 0;
    for (; i0 + TILE <= time; i0 += TILE) {
      // Rows i0..i0+3 need columns 0..i0+3; a whole vector may run past the diagonal (harmless) but not the row.
      int columnEnd = i0 + TILE;
      int j = 0;
      for (; j < columnEnd && j + L <= time; j += L) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int x0 = i0 * n;
        for (int d = 0; d < n; d++) {
          FloatVector yv = FloatVector.fromArray(S, yt, d * time + j);
          a0 = yv.fma(FloatVector.broadcast(S, x[x0 + d]), a0);
          a1 = yv.fma(FloatVector.broadcast(S, x[x0 + n + d]), a1);
          a2 = yv.fma(FloatVector.broadcast(S, x[x0 + 2 * n + d]), a2);
          a3 = yv.fma(FloatVector.broadcast(S, x[x0 + 3 * n + d]), a3);
        }
        a0.mul(scale).intoArray(s, i0 * time + j);
        a1.mul(scale).intoArray(s, (i0 + 1) * time + j);
        a2.mul(scale).intoArray(s, (i0 + 2) * time + j);
        a3.mul(scale).intoArray(s, (i0 + 3) * time + j);
      }
      for (int i = i0; i < i0 + TILE; i++) {
        for (int c = j; c <= i; c++) {
          s[i * time + c] = scale * scalarDot(x, i * n, yt, c, time, n);
        }
      }
    }
    for (int i = i0; i < time; i++) {
      int j = 0;
      for (; j <= i && j + L <= time; j += L) {
        FloatVector a = FloatVector.zero(S);
        for (int d = 0; d < n; d++) {
          a = FloatVector.fromArray(S, yt, d * time + j).fma(FloatVector.broadcast(S, x[i * n + d]), a);
        }
        a.mul(scale).intoArray(s, i * time + j);
      }
      for (int c = j; c <= i; c++) {
        s[i * time + c] = scale * scalarDot(x, i * n, yt, c, time, n);
      }
    }
  }

  /** Σ_d x[xRow + d] · yt[d·time + column]. */
  private static float scalarDot(float[] x, int xRow, float[] yt, int column, int time, int n) {
    float sum = 0f;
    for (int d = 0; d < n; d++) {
      sum += x[xRow + d] * yt[d * time + column];
    }
    return sum;
  }

  /** See {@link AttentionKernels#lowerTimes}; relies on p being 0 above the diagonal within a tile. */
  static void lowerTimes(float[] p, float[] y, int time, int n, float[] out) {
    int vectorEnd = n - n % L;
    int i0 = 0;
    for (; i0 + TILE <= time; i0 += TILE) {
      int p0 = i0 * time;
      int last = i0 + TILE - 1;
      for (int d = 0; d < vectorEnd; d += L) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int j = 0; j <= last; j++) {
          FloatVector yv = FloatVector.fromArray(S, y, j * n + d);
          a0 = yv.fma(FloatVector.broadcast(S, p[p0 + j]), a0);
          a1 = yv.fma(FloatVector.broadcast(S, p[p0 + time + j]), a1);
          a2 = yv.fma(FloatVector.broadcast(S, p[p0 + 2 * time + j]), a2);
          a3 = yv.fma(FloatVector.broadcast(S, p[p0 + 3 * time + j]), a3);
        }
        a0.intoArray(out, i0 * n + d);
        a1.intoArray(out, (i0 + 1) * n + d);
        a2.intoArray(out, (i0 + 2) * n + d);
        a3.intoArray(out, (i0 + 3) * n + d);
      }
      for (int i = i0; i <= last; i++) {
        lowerTimesTail(p, y, time, n, out, i, vectorEnd);
      }
    }
    for (int i = i0; i < time; i++) {
      for (int d = 0; d < vectorEnd; d += L) {
        FloatVector a = FloatVector.zero(S);
        for (int j = 0; j <= i; j++) {
          a = FloatVector.fromArray(S, y, j * n + d).fma(FloatVector.broadcast(S, p[i * time + j]), a);
        }
        a.intoArray(out, i * n + d);
      }
      lowerTimesTail(p, y, time, n, out, i, vectorEnd);
    }
  }

  /** Row i of {@link #lowerTimes} for the columns d ≥ from, scalar. */
  private static void lowerTimesTail(float[] p, float[] y, int time, int n, float[] out, int i, int from) {
    for (int d = from; d < n; d++) {
      float sum = 0f;
      for (int j = 0; j <= i; j++) {
        sum += p[i * time + j] * y[j * n + d];
      }
      out[i * n + d] = sum;
    }
  }

  /** See {@link AttentionKernels#lowerTransposedTimes}; relies on p being 0 above the diagonal within a tile. */
  static void lowerTransposedTimes(float[] p, float[] y, int time, int n, float[] out) {
    int vectorEnd = n - n % L;
    int j0 = 0;
    for (; j0 + TILE <= time; j0 += TILE) {
      for (int d = 0; d < vectorEnd; d += L) {
        FloatVector a0 = FloatVector.fromArray(S, out, j0 * n + d);
        FloatVector a1 = FloatVector.fromArray(S, out, (j0 + 1) * n + d);
        FloatVector a2 = FloatVector.fromArray(S, out, (j0 + 2) * n + d);
        FloatVector a3 = FloatVector.fromArray(S, out, (j0 + 3) * n + d);
        for (int i = j0; i < time; i++) {
          FloatVector yv = FloatVector.fromArray(S, y, i * n + d);
          int row = i * time + j0;
          a0 = yv.fma(FloatVector.broadcast(S, p[row]), a0);
          a1 = yv.fma(FloatVector.broadcast(S, p[row + 1]), a1);
          a2 = yv.fma(FloatVector.broadcast(S, p[row + 2]), a2);
          a3 = yv.fma(FloatVector.broadcast(S, p[row + 3]), a3);
        }
        a0.intoArray(out, j0 * n + d);
        a1.intoArray(out, (j0 + 1) * n + d);
        a2.intoArray(out, (j0 + 2) * n + d);
        a3.intoArray(out, (j0 + 3) * n + d);
      }
      for (int j = j0; j < j0 + TILE; j++) {
        lowerTransposedTimesTail(p, y, time, n, out, j, vectorEnd);
      }
    }
    for (int j = j0; j < time; j++) {
      for (int d = 0; d < vectorEnd; d += L) {
        FloatVector a = FloatVector.fromArray(S, out, j * n + d);
        for (int i = j; i < time; i++) {
          a = FloatVector.fromArray(S, y, i * n + d).fma(FloatVector.broadcast(S, p[i * time + j]), a);
        }
        a.intoArray(out, j * n + d);
      }
      lowerTransposedTimesTail(p, y, time, n, out, j, vectorEnd);
    }
  }

  /** Column j of {@link #lowerTransposedTimes} for the columns d ≥ from, scalar. */
  private static void lowerTransposedTimesTail(float[] p, float[] y, int time, int n, float[] out, int j,
      int from) {
    for (int d = from; d < n; d++) {
      float sum = 0f;
      for (int i = j; i < time; i++) {
        sum += p[i * time + j] * y[i * n + d];
      }
      out[j * n + d] += sum;
    }
  }
}
