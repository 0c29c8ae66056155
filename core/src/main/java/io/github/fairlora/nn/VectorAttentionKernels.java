package io.github.fairlora.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link AttentionKernels}. Only loaded when
 * {@link io.github.fairlora.tensor.VectorSupport#ENABLED} is true (naming a {@code jdk.incubator.vector} type
 * without the module fails at class loading).
 *
 * <p>Each product keeps a 4-row by two-vector tile of results in registers (one vector where fewer columns are
 * left) and streams the shared operand once per tile: eight multiply-adds per four broadcasts and two loads. Rows past the last full tile and columns past the last full
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
      for (; j < columnEnd && j + 2 * L <= time; j += 2 * L) {
        // Two vectors of columns per pass: eight multiply-adds per four broadcasts and two loads.
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        int x0 = i0 * n;
        for (int d = 0; d < n; d++) {
          FloatVector y0 = FloatVector.fromArray(S, yt, d * time + j);
          FloatVector y1 = FloatVector.fromArray(S, yt, d * time + j + L);
          FloatVector x0v = FloatVector.broadcast(S, x[x0 + d]);
          FloatVector x1v = FloatVector.broadcast(S, x[x0 + n + d]);
          FloatVector x2v = FloatVector.broadcast(S, x[x0 + 2 * n + d]);
          FloatVector x3v = FloatVector.broadcast(S, x[x0 + 3 * n + d]);
          a0 = y0.fma(x0v, a0);
          a1 = y0.fma(x1v, a1);
          a2 = y0.fma(x2v, a2);
          a3 = y0.fma(x3v, a3);
          b0 = y1.fma(x0v, b0);
          b1 = y1.fma(x1v, b1);
          b2 = y1.fma(x2v, b2);
          b3 = y1.fma(x3v, b3);
        }
        a0.mul(scale).intoArray(s, i0 * time + j);
        a1.mul(scale).intoArray(s, (i0 + 1) * time + j);
        a2.mul(scale).intoArray(s, (i0 + 2) * time + j);
        a3.mul(scale).intoArray(s, (i0 + 3) * time + j);
        b0.mul(scale).intoArray(s, i0 * time + j + L);
        b1.mul(scale).intoArray(s, (i0 + 1) * time + j + L);
        b2.mul(scale).intoArray(s, (i0 + 2) * time + j + L);
        b3.mul(scale).intoArray(s, (i0 + 3) * time + j + L);
      }
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
      int d = 0;
      for (; d + 2 * L <= vectorEnd; d += 2 * L) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int j = 0; j <= last; j++) {
          FloatVector y0 = FloatVector.fromArray(S, y, j * n + d);
          FloatVector y1 = FloatVector.fromArray(S, y, j * n + d + L);
          FloatVector p0v = FloatVector.broadcast(S, p[p0 + j]);
          FloatVector p1v = FloatVector.broadcast(S, p[p0 + time + j]);
          FloatVector p2v = FloatVector.broadcast(S, p[p0 + 2 * time + j]);
          FloatVector p3v = FloatVector.broadcast(S, p[p0 + 3 * time + j]);
          a0 = y0.fma(p0v, a0);
          a1 = y0.fma(p1v, a1);
          a2 = y0.fma(p2v, a2);
          a3 = y0.fma(p3v, a3);
          b0 = y1.fma(p0v, b0);
          b1 = y1.fma(p1v, b1);
          b2 = y1.fma(p2v, b2);
          b3 = y1.fma(p3v, b3);
        }
        a0.intoArray(out, i0 * n + d);
        a1.intoArray(out, (i0 + 1) * n + d);
        a2.intoArray(out, (i0 + 2) * n + d);
        a3.intoArray(out, (i0 + 3) * n + d);
        b0.intoArray(out, i0 * n + d + L);
        b1.intoArray(out, (i0 + 1) * n + d + L);
        b2.intoArray(out, (i0 + 2) * n + d + L);
        b3.intoArray(out, (i0 + 3) * n + d + L);
      }
      for (; d < vectorEnd; d += L) {
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
      int d = 0;
      for (; d + 2 * L <= vectorEnd; d += 2 * L) {
        FloatVector a0 = FloatVector.fromArray(S, out, j0 * n + d);
        FloatVector a1 = FloatVector.fromArray(S, out, (j0 + 1) * n + d);
        FloatVector a2 = FloatVector.fromArray(S, out, (j0 + 2) * n + d);
        FloatVector a3 = FloatVector.fromArray(S, out, (j0 + 3) * n + d);
        FloatVector b0 = FloatVector.fromArray(S, out, j0 * n + d + L);
        FloatVector b1 = FloatVector.fromArray(S, out, (j0 + 1) * n + d + L);
        FloatVector b2 = FloatVector.fromArray(S, out, (j0 + 2) * n + d + L);
        FloatVector b3 = FloatVector.fromArray(S, out, (j0 + 3) * n + d + L);
        for (int i = j0; i < time; i++) {
          FloatVector y0 = FloatVector.fromArray(S, y, i * n + d);
          FloatVector y1 = FloatVector.fromArray(S, y, i * n + d + L);
          int row = i * time + j0;
          FloatVector p0v = FloatVector.broadcast(S, p[row]);
          FloatVector p1v = FloatVector.broadcast(S, p[row + 1]);
          FloatVector p2v = FloatVector.broadcast(S, p[row + 2]);
          FloatVector p3v = FloatVector.broadcast(S, p[row + 3]);
          a0 = y0.fma(p0v, a0);
          a1 = y0.fma(p1v, a1);
          a2 = y0.fma(p2v, a2);
          a3 = y0.fma(p3v, a3);
          b0 = y1.fma(p0v, b0);
          b1 = y1.fma(p1v, b1);
          b2 = y1.fma(p2v, b2);
          b3 = y1.fma(p3v, b3);
        }
        a0.intoArray(out, j0 * n + d);
        a1.intoArray(out, (j0 + 1) * n + d);
        a2.intoArray(out, (j0 + 2) * n + d);
        a3.intoArray(out, (j0 + 3) * n + d);
        b0.intoArray(out, j0 * n + d + L);
        b1.intoArray(out, (j0 + 1) * n + d + L);
        b2.intoArray(out, (j0 + 2) * n + d + L);
        b3.intoArray(out, (j0 + 3) * n + d + L);
      }
      for (; d < vectorEnd; d += L) {
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
