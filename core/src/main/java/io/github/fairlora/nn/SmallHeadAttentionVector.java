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
   * Loop orders keep one accumulator vector in a register across the head dimension (scores) or across keys
   * (weighted values), so each inner step is a load and an FMA, without the store a row-at-a-time axpy would need.
   */
  static void block(float[] w, int qT, int kT, int vT, int scores, int max, int sum, int outT, int headSize,
      int length, int tp, float scale) {
    java.util.Arrays.fill(w, max, max + tp, Float.NEGATIVE_INFINITY);
    java.util.Arrays.fill(w, sum, sum + tp, 0f);
    for (int j = 0; j < length; j++) {
      int row = scores + j * tp;
      int first = j / LANES * LANES; // key j affects queries t >= j; whole vectors from the one holding t = j
      for (int t = first; t < tp; t += LANES) {
        FloatVector acc = FloatVector.zero(S);
        for (int d = 0; d < headSize; d++) {
          acc = FloatVector.fromArray(S, w, qT + d * tp + t).fma(FloatVector.broadcast(S, w[kT + d * tp + j]), acc);
        }
        acc.mul(scale).intoArray(w, row + t);
      }
      // Queries before j must not see key j: −∞ scores give exp 0 below.
      java.util.Arrays.fill(w, row + first, row + j, Float.NEGATIVE_INFINITY);
      for (int t = first; t < tp; t += LANES) {
        FloatVector.fromArray(S, w, max + t).max(FloatVector.fromArray(S, w, row + t)).intoArray(w, max + t);
      }
    }
    for (int j = 0; j < length; j++) {
      int row = scores + j * tp;
      int first = j / LANES * LANES;
      for (int t = first; t < tp; t += LANES) {
        FloatVector e = FloatVector.fromArray(S, w, row + t).sub(FloatVector.fromArray(S, w, max + t))
            .lanewise(VectorOperators.EXP);
        e.add(FloatVector.fromArray(S, w, sum + t)).intoArray(w, sum + t);
        e.intoArray(w, row + t);
      }
    }
    // outT[d][t..t+L) = Σ_j p[j][t..t+L)·v[j][d]; keys past the chunk's last query contribute nothing.
    for (int t = 0; t < tp; t += LANES) {
      int keys = Math.min(length, t + LANES);
      for (int d = 0; d < headSize; d++) {
        FloatVector acc = FloatVector.zero(S);
        int vd = vT + d * tp;
        for (int j = 0; j < keys; j++) {
          acc = FloatVector.fromArray(S, w, scores + j * tp + t).fma(FloatVector.broadcast(S, w[vd + j]), acc);
        }
        acc.intoArray(w, outT + d * tp + t);
      }
    }
  }
}
