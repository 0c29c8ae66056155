package io.github.fairlora.nn;

import static io.github.fairlora.nn.SoftmaxKernelsTest.assertArrayClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.tensor.Tensor;
import io.github.fairlora.testing.VectorPaths;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RMSNorm and LayerNorm kernels against their references, on fresh random inputs of odd sizes, on every path. */
class NormKernelsTest {
  private static float[] random(SplittableRandom random, int n, double offset, double spread) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (offset + (random.nextDouble() * 2 - 1) * spread);
    }
    return a;
  }

  @Test
  void rmsNormMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(31);
    for (boolean vector : VectorPaths.available()) {
      for (int width : new int[] {1, 5, 17, 64, 257}) {
        int rows = 3 + random.nextInt(9);
        float[] in = random(random, rows * width, 0, 3);
        float[] w = random(random, width, 1, 0.5);
        float[] yExpected = new float[rows * width];
        float[] rstdExpected = new float[rows];
        NormKernels.rmsForwardReference(in, w, yExpected, rstdExpected, rows, width, 1e-5f);
        float[] y = new float[rows * width];
        float[] rstd = new float[rows];
        NormKernels.rmsForward(in, w, y, rstd, rows, width, 1e-5f, vector);
        assertArrayClose(y, yExpected, 1e-5f);
        assertArrayClose(rstd, rstdExpected, 1e-6f);

        float[] dy = random(random, rows * width, 0, 1);
        float[] dInStart = random(random, rows * width, 0, 1);
        float[] dInExpected = dInStart.clone();
        float[] dwExpected = random(random, width, 0, 1);
        float[] dw = dwExpected.clone();
        NormKernels.rmsBackwardReference(in, dy, dInExpected, w, rstdExpected, dwExpected, rows, width);
        float[] dIn = dInStart.clone();
        NormKernels.rmsBackward(in, dy, dIn, w, rstdExpected, dw, rows, width, new float[width], vector);
        assertArrayClose(dIn, dInExpected, 1e-5f);
        assertArrayClose(dw, dwExpected, 1e-5f);
      }
    }
  }

  @Test
  void layerNormMatchesTheReferenceEvenWithALargeMean() {
    SplittableRandom random = new SplittableRandom(32);
    for (boolean vector : VectorPaths.available()) {
      for (int width : new int[] {1, 5, 17, 64, 771}) {
        int rows = 3 + random.nextInt(9);
        float[] in = random(random, rows * width, 40, 3);
        float[] w = random(random, width, 1, 0.5);
        float[] b = random(random, width, 0, 0.5);
        float[] yExpected = new float[rows * width];
        float[] meanExpected = new float[rows];
        float[] rstdExpected = new float[rows];
        NormKernels.layerForwardReference(in, w, b, yExpected, meanExpected, rstdExpected, rows, width, 1e-5f);
        float[] y = new float[rows * width];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        NormKernels.layerForward(in, w, b, y, mean, rstd, rows, width, 1e-5f, vector);
        assertArrayClose(y, yExpected, 2e-4f);
        assertArrayClose(mean, meanExpected, 1e-6f);
        assertArrayClose(rstd, rstdExpected, 2e-4f);

        float[] dy = random(random, rows * width, 0, 1);
        float[] dInStart = random(random, rows * width, 0, 1);
        float[] dInExpected = dInStart.clone();
        float[] dwExpected = new float[width];
        float[] dbExpected = new float[width];
        NormKernels.layerBackwardReference(in, dy, dInExpected, w, meanExpected, rstdExpected, dwExpected,
            dbExpected, rows, width);
        float[] dIn = dInStart.clone();
        float[] dw = new float[width];
        float[] db = new float[width];
        NormKernels.layerBackward(in, dy, dIn, w, meanExpected, rstdExpected, dw, db, rows, width,
            new float[2 * width], vector);
        assertArrayClose(dIn, dInExpected, 2e-4f);
        assertArrayClose(dw, dwExpected, 2e-4f);
        assertArrayClose(db, dbExpected, 1e-5f);
      }
    }
  }

  @Test
  void layersSplitAcrossCoresMatchTheReference() {
    SplittableRandom random = new SplittableRandom(33);
    int width = 48;
    int rows = 3 * NormKernels.MIN_CHUNK / width + 7;
    float[] in = random(random, rows * width, 0.5, 2);
    float[] dy = random(random, rows * width, 0, 1);
    RmsNorm rms = new RmsNorm("n", width, 1e-5f);
    rms.weight().value().put(0, random(random, width, 1, 0.3));
    rms.weight().setTrainable(true);
    Tensor out = Tensor.zeros(rows * width);
    Tensor rstd = Tensor.zeros(rows);
    rms.forward(Tensor.of(in, rows * width), rows, out, Tensor.zeros(rows), rstd);
    float[] w = rms.weight().value().toArray();
    float[] yExpected = new float[rows * width];
    float[] rstdExpected = new float[rows];
    NormKernels.rmsForwardReference(in, w, yExpected, rstdExpected, rows, width, 1e-5f);
    assertArrayClose(out.toArray(), yExpected, 1e-5f);
    Tensor dx = Tensor.zeros(rows * width);
    rms.backward(Tensor.of(dy, rows * width), Tensor.of(in, rows * width), rows, Tensor.zeros(rows), rstd, dx);
    float[] dxExpected = new float[rows * width];
    float[] dwExpected = new float[width];
    NormKernels.rmsBackwardReference(in, dy, dxExpected, w, rstdExpected, dwExpected, rows, width);
    assertArrayClose(dx.toArray(), dxExpected, 1e-5f);
    assertArrayClose(rms.weight().gradient().toArray(), dwExpected, 1e-4f);

    LayerNorm layer = new LayerNorm("l", width, 1e-5f);
    layer.weight().setTrainable(true);
    layer.bias().setTrainable(true);
    Tensor mean = Tensor.zeros(rows);
    Tensor inverse = Tensor.zeros(rows);
    layer.forward(Tensor.of(in, rows * width), rows, out, mean, inverse);
    float[] lExpected = new float[rows * width];
    float[] meanExpected = new float[rows];
    float[] inverseExpected = new float[rows];
    NormKernels.layerForwardReference(in, layer.weight().value().toArray(), layer.bias().value().toArray(), lExpected,
        meanExpected, inverseExpected, rows, width, 1e-5f);
    assertArrayClose(out.toArray(), lExpected, 1e-4f);
    Tensor ldx = Tensor.zeros(rows * width);
    layer.backward(Tensor.of(dy, rows * width), Tensor.of(in, rows * width), rows, mean, inverse, ldx);
    float[] ldxExpected = new float[rows * width];
    float[] ldw = new float[width];
    float[] ldb = new float[width];
    NormKernels.layerBackwardReference(in, dy, ldxExpected, layer.weight().value().toArray(), meanExpected,
        inverseExpected, ldw, ldb, rows, width);
    assertArrayClose(ldx.toArray(), ldxExpected, 1e-4f);
    assertArrayClose(layer.weight().gradient().toArray(), ldw, 1e-4f);
    assertArrayClose(layer.bias().gradient().toArray(), ldb, 1e-4f);
  }

  @Test
  void floatSafeRangeCheckAgreesWithTheReference() {
    SplittableRandom random = new SplittableRandom(31);
    for (int n : new int[] {1, 3, 15, 16, 17, 33, 1000}) {
      float[] plain = random(random, n, 0, 100);
      assertThat(NormKernels.withinFloatSafeRange(plain, n)).isTrue();
      assertThat(NormKernels.withinFloatSafeRangeReference(plain, n)).isTrue();
      for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -2e12f, 5e12f}) {
        for (int at : new int[] {0, n / 2, n - 1}) {
          float[] values = plain.clone();
          values[at] = bad;
          assertThat(NormKernels.withinFloatSafeRange(values, n)).as("%s at %d of %d", bad, at, n).isFalse();
          assertThat(NormKernels.withinFloatSafeRangeReference(values, n)).isFalse();
          // Only the first count elements are looked at.
          if (at == n - 1) {
            assertThat(NormKernels.withinFloatSafeRange(values, n - 1)).isTrue();
          }
        }
      }
    }
  }
}
