package io.github.fairlora.nn;

import static io.github.fairlora.nn.SoftmaxKernelsTest.assertArrayClose;

import io.github.fairlora.tensor.Tensor;
import io.github.fairlora.testing.VectorPaths;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** GELU and SwiGLU kernels against their scalar references, on fresh random inputs of odd sizes, on every path. */
class ActivationKernelsTest {
  private static final int[] SIZES = {1, 7, 16, 17, 255, 8193, 40_001};

  private static float[] random(SplittableRandom random, int n, double spread) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((random.nextDouble() * 2 - 1) * spread);
    }
    return a;
  }

  @Test
  void geluMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(21);
    for (boolean vector : VectorPaths.available()) {
      for (int n : SIZES) {
        float[] x = random(random, n, 12);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
          expected[i] = ActivationKernels.geluScalar(x[i]);
        }
        float[] y = new float[n];
        ActivationKernels.geluForward(x, y, n, vector);
        assertArrayClose(y, expected, 2e-6f);

        float[] dy = random(random, n, 1);
        float[] start = random(random, n, 1);
        float[] dxExpected = start.clone();
        for (int i = 0; i < n; i++) {
          dxExpected[i] += dy[i] * ActivationKernels.geluDerivativeScalar(x[i]);
        }
        float[] dx = start.clone();
        ActivationKernels.geluBackward(x, dy, dx, n, vector);
        assertArrayClose(dx, dxExpected, 2e-6f);
      }
    }
  }

  @Test
  void swiGluMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(22);
    for (boolean vector : VectorPaths.available()) {
      for (int n : SIZES) {
        float[] g = random(random, n, 10);
        float[] u = random(random, n, 3);
        float[] expected = new float[n];
        float[] dy = random(random, n, 1);
        float[] dGateStart = random(random, n, 1);
        float[] dUpStart = random(random, n, 1);
        float[] dGateExpected = dGateStart.clone();
        float[] dUpExpected = dUpStart.clone();
        for (int i = 0; i < n; i++) {
          double sigmoid = 1 / (1 + Math.exp(-g[i]));
          expected[i] = (float) (g[i] * sigmoid * u[i]);
          dUpExpected[i] += (float) (dy[i] * g[i] * sigmoid);
          dGateExpected[i] += (float) (dy[i] * u[i] * sigmoid * (1 + g[i] * (1 - sigmoid)));
        }
        float[] y = new float[n];
        ActivationKernels.swiGluForward(g, u, y, n, vector);
        assertArrayClose(y, expected, 2e-6f);
        float[] dGate = dGateStart.clone();
        float[] dUp = dUpStart.clone();
        ActivationKernels.swiGluBackward(g, u, dy, dGate, dUp, n, vector);
        assertArrayClose(dGate, dGateExpected, 2e-6f);
        assertArrayClose(dUp, dUpExpected, 2e-6f);
      }
    }
  }

  @Test
  void tensorEntryPointsSplitAcrossCoresMatchTheReference() {
    SplittableRandom random = new SplittableRandom(23);
    int n = 3 * ActivationKernels.MIN_CHUNK + 5;
    float[] x = random(random, n, 6);
    float[] u = random(random, n, 2);
    float[] dy = random(random, n, 1);
    Tensor out = Tensor.zeros(n + 3);
    Gelu.forward(Tensor.of(x, n), n, out);
    float[] expected = new float[n];
    ActivationKernels.geluForward(x, expected, n, false);
    assertArrayClose(java.util.Arrays.copyOf(out.toArray(), n), expected, 2e-6f);

    Tensor dx = Tensor.of(u.clone(), n);
    Gelu.backward(Tensor.of(dy, n), Tensor.of(x, n), n, dx);
    float[] dxExpected = u.clone();
    ActivationKernels.geluBackward(x, dy, dxExpected, n, false);
    assertArrayClose(dx.toArray(), dxExpected, 2e-6f);

    Tensor swi = Tensor.zeros(n);
    SwiGlu.forward(Tensor.of(x, n), Tensor.of(u, n), n, swi);
    float[] swiExpected = new float[n];
    ActivationKernels.swiGluForward(x, u, swiExpected, n, false);
    assertArrayClose(swi.toArray(), swiExpected, 2e-6f);

    Tensor dGate = Tensor.of(dy.clone(), n);
    Tensor dUp = Tensor.of(x.clone(), n);
    SwiGlu.backward(Tensor.of(dy, n), Tensor.of(x, n), Tensor.of(u, n), n, dGate, dUp);
    float[] dGateExpected = dy.clone();
    float[] dUpExpected = x.clone();
    ActivationKernels.swiGluBackward(x, u, dy, dGateExpected, dUpExpected, n, false);
    assertArrayClose(dGate.toArray(), dGateExpected, 2e-6f);
    assertArrayClose(dUp.toArray(), dUpExpected, 2e-6f);
  }
}
