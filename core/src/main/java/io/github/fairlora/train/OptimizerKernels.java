package io.github.fairlora.train;

import io.github.fairlora.nn.Parameter;
import io.github.fairlora.tensor.Parallel;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import io.github.fairlora.tensor.VectorSupport;
import java.util.List;

/**
 * AdamW's update and the global-norm clip over whole parameter tensors: chunked through per-thread scratch arrays,
 * split across cores, with Vector API bodies ({@link VectorOptimizerKernels}) when the module is present. The
 * references are the plain loops.
 */
final class OptimizerKernels {
  private OptimizerKernels() {}

  static final boolean VECTOR = VectorSupport.ENABLED;
  /** Elements per parallel chunk at least; chunks of a sum are combined in order, so results never depend on timing. */
  static final int CHUNK = 1 << 14;

  /**
   * One AdamW update of elements [from, n) of theta (with gradient g) against moments m, v at offset mFrom: the
   * element i of theta/g is element mFrom + i of m and v.
   */
  static void adamWReference(float[] theta, float[] g, float[] m, float[] v, int mFrom, int from, int n, float beta1,
      float beta2, float inverse1, float inverse2, float rate, float epsilon, float decay) {
    for (int i = from; i < n; i++) {
      float gi = g[i];
      int j = mFrom + i;
      m[j] = beta1 * m[j] + (1 - beta1) * gi;
      v[j] = beta2 * v[j] + (1 - beta2) * gi * gi;
      float mHat = m[j] * inverse1;
      float vHat = v[j] * inverse2;
      theta[i] -= rate * (mHat / ((float) Math.sqrt(vHat) + epsilon) + decay * theta[i]);
    }
  }

  static void adamW(float[] theta, float[] g, float[] m, float[] v, int mFrom, int n, float beta1, float beta2,
      float inverse1, float inverse2, float rate, float epsilon, float decay, boolean vector) {
    if (vector) {
      VectorOptimizerKernels.adamW(theta, g, m, v, mFrom, n, beta1, beta2, inverse1, inverse2, rate, epsilon, decay);
    } else {
      adamWReference(theta, g, m, v, mFrom, 0, n, beta1, beta2, inverse1, inverse2, rate, epsilon, decay);
    }
  }

  /** AdamW over one whole parameter tensor, chunked across cores. */
  static void adamW(Tensor value, Tensor gradient, float[] m, float[] v, float beta1, float beta2, float inverse1,
      float inverse2, float rate, float epsilon, float decay) {
    Parallel.forRange(m.length, CHUNK, (from, to) -> {
      for (int start = from; start < to; start += CHUNK) {
        int n = Math.min(CHUNK, to - start);
        float[] g = Scratch.read(0, gradient, start, n);
        float[] theta = Scratch.read(1, value, start, n);
        adamW(theta, g, m, v, start, n, beta1, beta2, inverse1, inverse2, rate, epsilon, decay, VECTOR);
        Scratch.write(theta, value, start, n);
      }
    });
  }

  static double sumOfSquares(float[] a, int n, boolean vector) {
    if (vector) {
      return VectorOptimizerKernels.sumOfSquares(a, n);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += (double) a[i] * a[i];
    }
    return sum;
  }

  /** Σ x² over a tensor, in double across chunks. */
  static double sumOfSquares(Tensor tensor) {
    int length = tensor.length();
    int chunks = Parallel.chunks(length, CHUNK);
    double[] partial = new double[chunks];
    Parallel.forChunks(length, CHUNK, (chunk, from, to) -> {
      double sum = 0;
      for (int start = from; start < to; start += CHUNK) {
        int n = Math.min(CHUNK, to - start);
        sum += sumOfSquares(Scratch.read(0, tensor, start, n), n, VECTOR);
      }
      partial[chunk] = sum;
    });
    double total = 0;
    for (double p : partial) {
      total += p;
    }
    return total;
  }

  /** Global L2 norm of the gradients of {@code parameters}. */
  static double gradientNorm(List<Parameter> parameters) {
    double sum = 0;
    for (Parameter p : parameters) {
      sum += sumOfSquares(p.gradient());
    }
    return Math.sqrt(sum);
  }

  /** tensor *= factor. */
  static void scale(Tensor tensor, float factor) {
    Parallel.forRange(tensor.length(), CHUNK, (from, to) -> {
      for (int start = from; start < to; start += CHUNK) {
        int n = Math.min(CHUNK, to - start);
        float[] a = Scratch.read(0, tensor, start, n);
        for (int i = 0; i < n; i++) {
          a[i] *= factor;
        }
        Scratch.write(a, tensor, start, n);
      }
    });
  }
}
