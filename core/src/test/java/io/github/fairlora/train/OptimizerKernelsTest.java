package io.github.fairlora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.nn.Parameter;
import io.github.fairlora.tensor.Tensor;
import io.github.fairlora.tensor.VectorSupport;
import io.github.fairlora.testing.VectorPaths;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AdamW's update and the gradient-norm clip against their references, on fresh random inputs of odd sizes. */
class OptimizerKernelsTest {
  private static float[] random(SplittableRandom random, int n, double spread) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((random.nextDouble() * 2 - 1) * spread);
    }
    return a;
  }

  @Test
  void adamWMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(41);
    for (boolean vector : VectorPaths.available()) {
      for (int n : new int[] {1, 15, 17, 1001}) {
        float[] theta = random(random, n, 1);
        float[] g = random(random, n, 0.1);
        float[] m = random(random, n + 4, 0.01);
        float[] v = new float[n + 4];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextDouble() * 1e-3f;
        }
        float[] thetaExpected = theta.clone();
        float[] mExpected = m.clone();
        float[] vExpected = v.clone();
        OptimizerKernels.adamWReference(thetaExpected, g, mExpected, vExpected, 4, 0, n, 0.9f, 0.999f, 1.3f, 7f,
            1e-3f, 1e-8f, 0.01f);
        OptimizerKernels.adamW(theta, g, m, v, 4, n, 0.9f, 0.999f, 1.3f, 7f, 1e-3f, 1e-8f, 0.01f, vector);
        for (int i = 0; i < n; i++) {
          assertThat(theta[i]).as("theta %d of %d", i, n).isCloseTo(thetaExpected[i], within(1e-6f));
          assertThat(m[i + 4]).isCloseTo(mExpected[i + 4], within(1e-7f));
          assertThat(v[i + 4]).isCloseTo(vExpected[i + 4], within(1e-9f));
        }
        assertThat(m[0]).as("moments before the offset are untouched").isEqualTo(mExpected[0]);
      }
    }
  }

  @Test
  void sumOfSquaresMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(42);
    for (boolean vector : VectorPaths.available()) {
      for (int n : new int[] {1, 15, 17, 100_003}) {
        float[] a = random(random, n, 2);
        double expected = 0;
        for (float x : a) {
          expected += (double) x * x;
        }
        assertThat(OptimizerKernels.sumOfSquares(a, n, vector)).isCloseTo(expected, within(1e-5 * expected));
      }
    }
  }

  @Test
  void clippingOverLargeParametersSplitAcrossCoresScalesToTheNorm() {
    SplittableRandom random = new SplittableRandom(43);
    Parameter big = new Parameter("big", Tensor.zeros(3 * OptimizerKernels.CHUNK + 11));
    Parameter small = new Parameter("small", Tensor.zeros(5));
    big.setTrainable(true);
    small.setTrainable(true);
    float[] bigGradient = random(random, big.size(), 1);
    float[] smallGradient = random(random, 5, 1);
    big.gradient().put(0, bigGradient);
    small.gradient().put(0, smallGradient);
    double expected = 0;
    for (float x : bigGradient) {
      expected += (double) x * x;
    }
    for (float x : smallGradient) {
      expected += (double) x * x;
    }
    expected = Math.sqrt(expected);
    List<Parameter> parameters = List.of(big, small);
    assertThat(AdamW.gradientNorm(parameters)).isCloseTo(expected, within(1e-5 * expected));
    double before = AdamW.clipGradientNorm(parameters, 1.0);
    assertThat(before).isCloseTo(expected, within(1e-5 * expected));
    assertThat(AdamW.gradientNorm(parameters)).isCloseTo(1.0, within(1e-4));
    float factor = (float) (1.0 / (expected + 1e-6));
    assertThat(big.gradient().get(12345)).isCloseTo(bigGradient[12345] * factor, within(1e-7f));
  }

  @Test
  void theVectorApiIsEnabledExactlyWhenTheRunSaysSo() {
    String expected = System.getProperty("fairlora.test.expectVector");
    if ("true".equals(expected)) {
      VectorPaths.requireVector();
    } else if ("false".equals(expected)) {
      assertThat(VectorSupport.modulePresent()).as("this run leaves the module out").isFalse();
      assertThat(VectorSupport.enabled()).isFalse();
    }
    assertThat(VectorSupport.enabled()).isEqualTo(VectorSupport.modulePresent()
        && !"false".equals(System.getProperty("fairlora.vector")));
  }
}
