package io.github.fairlora.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link OptimizerKernels}; only loaded when
 * {@link io.github.fairlora.tensor.VectorSupport#ENABLED} is true.
 */
final class VectorOptimizerKernels {
  private VectorOptimizerKernels() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  static void adamW(float[] theta, float[] g, float[] m, float[] v, int mFrom, int n, float beta1, float beta2,
      float inverse1, float inverse2, float rate, float epsilon, float decay) {
    int i = 0;
    float oneMinus1 = 1 - beta1;
    float oneMinus2 = 1 - beta2;
    for (; i <= n - L; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, mFrom + i).mul(beta1).add(gv.mul(oneMinus1));
      FloatVector vv = FloatVector.fromArray(S, v, mFrom + i).mul(beta2).add(gv.mul(gv).mul(oneMinus2));
      mv.intoArray(m, mFrom + i);
      vv.intoArray(v, mFrom + i);
      FloatVector t = FloatVector.fromArray(S, theta, i);
      FloatVector denominator = vv.mul(inverse2).lanewise(VectorOperators.SQRT).add(epsilon);
      FloatVector update = mv.mul(inverse1).div(denominator).add(t.mul(decay));
      t.sub(update.mul(rate)).intoArray(theta, i);
    }
    OptimizerKernels.adamWReference(theta, g, m, v, mFrom, i, n, beta1, beta2, inverse1, inverse2, rate, epsilon,
        decay);
  }

  static double sumOfSquares(float[] a, int n) {
    int i = 0;
    double sum = 0;
    if (n >= L) {
      FloatVector acc = FloatVector.zero(S);
      for (; i <= n - L; i += L) {
        FloatVector x = FloatVector.fromArray(S, a, i);
        acc = x.fma(x, acc);
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += (double) a[i] * a[i];
    }
    return sum;
  }
}
