package io.github.fairlora.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of the nn kernels ({@link SoftmaxKernels}, {@link ActivationKernels}, {@link NormKernels}).
 * Only loaded when {@link io.github.fairlora.tensor.VectorSupport#ENABLED} is true, because naming a
 * {@code jdk.incubator.vector} type without the module fails at class loading. Lanewise EXP and TANH compile to
 * Intel's SVML routines on x86 (about 1 ulp in float); tails shorter than a vector take the scalar formula.
 */
final class VectorKernels {
  private VectorKernels() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

  /** max(a[from..to)), −∞ when empty. */
  static float max(float[] a, int from, int to) {
    int i = from;
    float max = Float.NEGATIVE_INFINITY;
    if (to - from >= L) {
      FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (; i <= to - L; i += L) {
        m = m.max(FloatVector.fromArray(S, a, i));
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (; i < to; i++) {
      max = Math.max(max, a[i]);
    }
    return max;
  }

  /** max |a[i]| over [0, n); NaN when any element is NaN (so that a range check on it fails), 0 when empty. */
  static float maxAbs(float[] a, int n) {
    int i = 0;
    float max = 0f;
    if (n >= L) {
      FloatVector m = FloatVector.zero(S);
      for (; i <= n - L; i += L) {
        m = m.max(FloatVector.fromArray(S, a, i).abs());
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      float v = Math.abs(a[i]);
      max = v != v ? v : Math.max(max, v);
    }
    return max;
  }

  /** a[i] = exp(a[i] − shift) over [from, to) when {@code store}; returns Σ exp(a[i] − shift) (lanes in float). */
  static double expShiftSum(float[] a, int from, int to, float shift, boolean store) {
    int i = from;
    double sum = 0;
    if (to - from >= L) {
      FloatVector acc = FloatVector.zero(S);
      FloatVector s = FloatVector.broadcast(S, shift);
      for (; i <= to - L; i += L) {
        FloatVector e = FloatVector.fromArray(S, a, i).sub(s).lanewise(VectorOperators.EXP);
        if (store) {
          e.intoArray(a, i);
        }
        acc = acc.add(e);
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < to; i++) {
      float e = (float) Math.exp(a[i] - shift);
      if (store) {
        a[i] = e;
      }
      sum += e;
    }
    return sum;
  }

  /** a[i] *= factor over [from, to). */
  static void scale(float[] a, int from, int to, float factor) {
    int i = from;
    FloatVector f = FloatVector.broadcast(S, factor);
    for (; i <= to - L; i += L) {
      FloatVector.fromArray(S, a, i).mul(f).intoArray(a, i);
    }
    for (; i < to; i++) {
      a[i] *= factor;
    }
  }

  /** Σ a[aFrom + i]·b[bFrom + i], i in [0, n). */
  static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
    int i = 0;
    float sum = 0f;
    if (n >= L) {
      FloatVector acc = FloatVector.zero(S);
      for (; i <= n - L; i += L) {
        acc = FloatVector.fromArray(S, a, aFrom + i).fma(FloatVector.fromArray(S, b, bFrom + i), acc);
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += a[aFrom + i] * b[bFrom + i];
    }
    return sum;
  }

  /** dS[i] = scale·p[i]·(dP[i] − dot), in place in dP, over [from, to). */
  static void softmaxBackward(float[] dP, float[] p, int from, int to, float dot, float scale) {
    int i = from;
    FloatVector d = FloatVector.broadcast(S, dot);
    FloatVector sc = FloatVector.broadcast(S, scale);
    for (; i <= to - L; i += L) {
      FloatVector pv = FloatVector.fromArray(S, p, i);
      FloatVector.fromArray(S, dP, i).sub(d).mul(pv).mul(sc).intoArray(dP, i);
    }
    for (; i < to; i++) {
      dP[i] = scale * p[i] * (dP[i] - dot);
    }
  }

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
  private static final float GELU_CUBIC = 0.044715f;

  /** y[i] = gelu(x[i]), tanh approximation, i in [0, n). */
  static void geluForward(float[] x, float[] y, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector inner = v.mul(v).mul(v).mul(GELU_CUBIC).add(v).mul(SQRT_2_OVER_PI);
      FloatVector t = inner.lanewise(VectorOperators.TANH);
      v.mul(0.5f).mul(t.add(1f)).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = ActivationKernels.geluScalar(x[i]);
    }
  }

  /** dx[i] += dy[i]·gelu'(x[i]), i in [0, n). */
  static void geluBackward(float[] x, float[] dy, float[] dx, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector v2 = v.mul(v);
      FloatVector inner = v2.mul(v).mul(GELU_CUBIC).add(v).mul(SQRT_2_OVER_PI);
      FloatVector t = inner.lanewise(VectorOperators.TANH);
      FloatVector sech2 = t.mul(t).neg().add(1f);
      // 0.5·(1 + t) + 0.5·x·sech²·√(2/π)·(1 + 3·0.044715·x²)
      FloatVector slope = v2.mul(3f * GELU_CUBIC).add(1f).mul(SQRT_2_OVER_PI * 0.5f).mul(sech2).mul(v);
      FloatVector derivative = t.add(1f).mul(0.5f).add(slope);
      FloatVector.fromArray(S, dy, i).fma(derivative, FloatVector.fromArray(S, dx, i)).intoArray(dx, i);
    }
    for (; i < n; i++) {
      dx[i] += dy[i] * ActivationKernels.geluDerivativeScalar(x[i]);
    }
  }

  /** y[i] = silu(g[i])·u[i], i in [0, n). */
  static void swiGluForward(float[] g, float[] u, float[] y, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector sigmoid = ONE.div(gv.neg().lanewise(VectorOperators.EXP).add(1f));
      gv.mul(sigmoid).mul(FloatVector.fromArray(S, u, i)).intoArray(y, i);
    }
    for (; i < n; i++) {
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g[i])));
      y[i] = g[i] * sigmoid * u[i];
    }
  }

  /** dGate[i] += dy·u·σ(g)·(1 + g·(1 − σ(g))), dUp[i] += dy·silu(g), i in [0, n). */
  static void swiGluBackward(float[] g, float[] u, float[] dy, float[] dGate, float[] dUp, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector dyv = FloatVector.fromArray(S, dy, i);
      FloatVector sigmoid = ONE.div(gv.neg().lanewise(VectorOperators.EXP).add(1f));
      FloatVector silu = gv.mul(sigmoid);
      dyv.fma(silu, FloatVector.fromArray(S, dUp, i)).intoArray(dUp, i);
      FloatVector gateSlope = sigmoid.neg().add(1f).mul(gv).add(1f).mul(sigmoid);
      dyv.mul(FloatVector.fromArray(S, u, i)).fma(gateSlope, FloatVector.fromArray(S, dGate, i)).intoArray(dGate, i);
    }
    for (; i < n; i++) {
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g[i])));
      dUp[i] += dy[i] * g[i] * sigmoid;
      dGate[i] += dy[i] * u[i] * sigmoid * (1f + g[i] * (1f - sigmoid));
    }
  }

  /** out[outFrom + i] = (a[aFrom + i] − shift)·factor·w[i] + b[i] (b may be null), i in [0, n). */
  static void normalize(float[] a, int aFrom, float shift, float factor, float[] w, float[] b, float[] out,
      int outFrom, int n) {
    int i = 0;
    FloatVector sh = FloatVector.broadcast(S, shift);
    FloatVector f = FloatVector.broadcast(S, factor);
    for (; i <= n - L; i += L) {
      FloatVector y = FloatVector.fromArray(S, a, aFrom + i).sub(sh).mul(f).mul(FloatVector.fromArray(S, w, i));
      if (b != null) {
        y = y.add(FloatVector.fromArray(S, b, i));
      }
      y.intoArray(out, outFrom + i);
    }
    for (; i < n; i++) {
      float y = (a[aFrom + i] - shift) * factor * w[i];
      out[outFrom + i] = b != null ? y + b[i] : y;
    }
  }

  /** Σ a[from + i], i in [0, n). */
  static float sum(float[] a, int from, int n) {
    int i = 0;
    float sum = 0f;
    if (n >= L) {
      FloatVector acc = FloatVector.zero(S);
      for (; i <= n - L; i += L) {
        acc = acc.add(FloatVector.fromArray(S, a, from + i));
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += a[from + i];
    }
    return sum;
  }
}
