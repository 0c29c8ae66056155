package io.github.fairlora.nn;

import io.github.fairlora.tensor.Parallel;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import io.github.fairlora.tensor.VectorSupport;

/**
 * GELU (tanh approximation) and SwiGLU, forward and backward, over flat tensors: split across cores in chunks, each
 * chunk copied into the worker's scratch arrays, computed with the Vector API ({@link VectorKernels}) when present
 * or the scalar reference otherwise, and written back.
 */
final class ActivationKernels {
  private ActivationKernels() {}

  static final boolean VECTOR = VectorSupport.ENABLED;
  /** Elements per parallel chunk at least: below this a hand-off to another core costs more than it saves. */
  static final int MIN_CHUNK = 8192;

  private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

  /** tanh through the exp intrinsic: 1 − 2 / (e^{2u} + 1), exact at both tails ({@code Math.tanh} is not intrinsic). */
  static double tanh(double u) {
    return 1.0 - 2.0 / (Math.exp(2.0 * u) + 1.0);
  }

  static float geluScalar(float x) {
    double v = x;
    double inner = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
    return (float) (0.5 * v * (1 + tanh(inner)));
  }

  static float geluDerivativeScalar(float x) {
    double v = x;
    double inner = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
    double tanh = tanh(inner);
    double sech2 = 1 - tanh * tanh;
    return (float) (0.5 * (1 + tanh) + 0.5 * v * sech2 * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v));
  }

  static void geluForward(float[] x, float[] y, int n, boolean vector) {
    if (vector) {
      VectorKernels.geluForward(x, y, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      y[i] = geluScalar(x[i]);
    }
  }

  static void geluBackward(float[] x, float[] dy, float[] dx, int n, boolean vector) {
    if (vector) {
      VectorKernels.geluBackward(x, dy, dx, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      dx[i] += (float) (dy[i] * (double) geluDerivativeScalar(x[i]));
    }
  }

  static void swiGluForward(float[] g, float[] u, float[] y, int n, boolean vector) {
    if (vector) {
      VectorKernels.swiGluForward(g, u, y, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g[i])));
      y[i] = g[i] * sigmoid * u[i];
    }
  }

  static void swiGluBackward(float[] g, float[] u, float[] dy, float[] dGate, float[] dUp, int n, boolean vector) {
    if (vector) {
      VectorKernels.swiGluBackward(g, u, dy, dGate, dUp, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g[i])));
      dUp[i] += dy[i] * g[i] * sigmoid;
      dGate[i] += dy[i] * u[i] * sigmoid * (1f + g[i] * (1f - sigmoid));
    }
  }

  // Tensor-level entry points: chunked across cores, each chunk through the worker thread's scratch arrays.

  static void geluForward(Tensor x, int count, Tensor out) {
    Parallel.forRange(count, MIN_CHUNK, (from, to) -> {
      int n = to - from;
      float[] in = Scratch.read(0, x, from, n);
      float[] y = Scratch.array(1, n);
      geluForward(in, y, n, VECTOR);
      Scratch.write(y, out, from, n);
    });
  }

  static void geluBackward(Tensor dOut, Tensor x, int count, Tensor dx) {
    Parallel.forRange(count, MIN_CHUNK, (from, to) -> {
      int n = to - from;
      float[] in = Scratch.read(0, x, from, n);
      float[] dy = Scratch.read(1, dOut, from, n);
      float[] current = Scratch.read(2, dx, from, n);
      geluBackward(in, dy, current, n, VECTOR);
      Scratch.write(current, dx, from, n);
    });
  }

  static void swiGluForward(Tensor gate, Tensor up, int count, Tensor out) {
    Parallel.forRange(count, MIN_CHUNK, (from, to) -> {
      int n = to - from;
      float[] g = Scratch.read(0, gate, from, n);
      float[] u = Scratch.read(1, up, from, n);
      float[] y = Scratch.array(2, n);
      swiGluForward(g, u, y, n, VECTOR);
      Scratch.write(y, out, from, n);
    });
  }

  static void swiGluBackward(Tensor dOut, Tensor gate, Tensor up, int count, Tensor dGate, Tensor dUp) {
    Parallel.forRange(count, MIN_CHUNK, (from, to) -> {
      int n = to - from;
      float[] g = Scratch.read(0, gate, from, n);
      float[] u = Scratch.read(1, up, from, n);
      float[] dy = Scratch.read(2, dOut, from, n);
      float[] dg = Scratch.read(3, dGate, from, n);
      // dUp goes through a fifth array: the scratch has four slots, so use a per-thread one of its own.
      float[] du = UP_GRADIENT.get();
      if (du.length < n) {
        du = new float[n];
        UP_GRADIENT.set(du);
      }
      dUp.buffer().get(from, du, 0, n);
      swiGluBackward(g, u, dy, dg, du, n, VECTOR);
      Scratch.write(dg, dGate, from, n);
      Scratch.write(du, dUp, from, n);
    });
  }

  private static final ThreadLocal<float[]> UP_GRADIENT = ThreadLocal.withInitial(() -> new float[0]);
}
