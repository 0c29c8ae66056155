package io.github.fairlora.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API body of {@link SmallHeadAttention}'s transposed block; loaded only when the incubator module is
 * present. Same contract as {@code SmallHeadAttention.blockScalar}: every loop runs along the (padded) time axis.
 */
final class SmallHeadAttentionVector {
  private SmallHeadAttentionVector() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int LANES = S.length();

  /**
   * Loop orders keep accumulator vectors in registers across the head dimension (scores) or across keys (weighted
   * values), so each inner step is a load and FMAs, without the store a row-at-a-time axpy would need. Four keys
   * (scores) or four head dimensions (values) run side by side: one FMA chain alone waits on the FMA latency at
   * every step (about 3.4 µs per (sequence, head) pair at head size 8 and 40 tokens, against about 1.5 µs with four).
   */
  static void block(float[] w, int qT, int kT, int vT, int scores, int max, int sum, int outT, int headSize,
      int length, int tp, float scale) {
    java.util.Arrays.fill(w, max, max + tp, Float.NEGATIVE_INFINITY);
    java.util.Arrays.fill(w, sum, sum + tp, 0f);
    int j = 0;
    for (; j + 4 <= length; j += 4) {
      // Keys j..j+3 affect queries t >= j: whole vectors from the one holding t = j.
      int first = j / LANES * LANES;
      int row0 = scores + j * tp;
      for (int t = first; t < tp; t += LANES) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        for (int d = 0; d < headSize; d++) {
          FloatVector query = FloatVector.fromArray(S, w, qT + d * tp + t);
          int key = kT + d * tp + j;
          acc0 = query.fma(FloatVector.broadcast(S, w[key]), acc0);
          acc1 = query.fma(FloatVector.broadcast(S, w[key + 1]), acc1);
          acc2 = query.fma(FloatVector.broadcast(S, w[key + 2]), acc2);
          acc3 = query.fma(FloatVector.broadcast(S, w[key + 3]), acc3);
        }
        acc0.mul(scale).intoArray(w, row0 + t);
        acc1.mul(scale).intoArray(w, row0 + tp + t);
        acc2.mul(scale).intoArray(w, row0 + 2 * tp + t);
        acc3.mul(scale).intoArray(w, row0 + 3 * tp + t);
      }
      for (int i = 0; i < 4; i++) {
        maskAndMax(w, scores + (j + i) * tp, max, first, j + i, tp);
      }
    }
    for (; j < length; j++) {
      int first = j / LANES * LANES;
      int row = scores + j * tp;
      for (int t = first; t < tp; t += LANES) {
        FloatVector acc = FloatVector.zero(S);
        for (int d = 0; d < headSize; d++) {
          acc = FloatVector.fromArray(S, w, qT + d * tp + t).fma(FloatVector.broadcast(S, w[kT + d * tp + j]), acc);
        }
        acc.mul(scale).intoArray(w, row + t);
      }
      maskAndMax(w, row, max, first, j, tp);
    }
    for (j = 0; j < length; j++) {
      int row = scores + j * tp;
      int first = j / LANES * LANES;
      for (int t = first; t < tp; t += LANES) {
        FloatVector e = FloatVector.fromArray(S, w, row + t).sub(FloatVector.fromArray(S, w, max + t))
            .lanewise(VectorOperators.EXP);
        e.add(FloatVector.fromArray(S, w, sum + t)).intoArray(w, sum + t);
        e.intoArray(w, row + t);
      }
    }
    // outT[d][t..t+L) = Σ_j p[j][t..t+L)·v[j][d]; keys past the chunk's last query contribute nothing. Rows of p
    // before a key's own vector are never read here (j < t + L implies j's vector starts at or before t).
    for (int t = 0; t < tp; t += LANES) {
      int keys = Math.min(length, t + LANES);
      int d = 0;
      for (; d + 4 <= headSize; d += 4) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int v0 = vT + d * tp;
        for (int k = 0; k < keys; k++) {
          FloatVector p = FloatVector.fromArray(S, w, scores + k * tp + t);
          acc0 = p.fma(FloatVector.broadcast(S, w[v0 + k]), acc0);
          acc1 = p.fma(FloatVector.broadcast(S, w[v0 + tp + k]), acc1);
          acc2 = p.fma(FloatVector.broadcast(S, w[v0 + 2 * tp + k]), acc2);
          acc3 = p.fma(FloatVector.broadcast(S, w[v0 + 3 * tp + k]), acc3);
        }
        acc0.intoArray(w, outT + d * tp + t);
        acc1.intoArray(w, outT + (d + 1) * tp + t);
        acc2.intoArray(w, outT + (d + 2) * tp + t);
        acc3.intoArray(w, outT + (d + 3) * tp + t);
      }
      for (; d < headSize; d++) {
        FloatVector acc = FloatVector.zero(S);
        int vd = vT + d * tp;
        for (int k = 0; k < keys; k++) {
          acc = FloatVector.fromArray(S, w, scores + k * tp + t).fma(FloatVector.broadcast(S, w[vd + k]), acc);
        }
        acc.intoArray(w, outT + d * tp + t);
      }
    }
  }

  /**
   * Key {@code key}'s score row from vector start {@code first}: queries before the key must not see it (−∞ gives
   * exp 0 later), then the running max of every query column over [first, tp).
   */
  private static void maskAndMax(float[] w, int row, int max, int first, int key, int tp) {
    java.util.Arrays.fill(w, row + first, row + key, Float.NEGATIVE_INFINITY);
    for (int t = first; t < tp; t += LANES) {
      FloatVector.fromArray(S, w, max + t).max(FloatVector.fromArray(S, w, row + t)).intoArray(w, max + t);
    }
  }
}
