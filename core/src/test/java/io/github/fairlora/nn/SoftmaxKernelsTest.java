package io.github.fairlora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.tensor.Tensor;
import io.github.fairlora.testing.VectorPaths;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The softmax-shaped kernels against their references, on fresh random inputs of odd sizes, on every path. */
class SoftmaxKernelsTest {
  private static final int[] SIZES = {1, 3, 15, 17, 33, 511, 1000, 50257};

  private static float[] random(SplittableRandom random, int n, double spread) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((random.nextDouble() * 2 - 1) * spread);
    }
    return a;
  }

  @Test
  void crossEntropyRowMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(11);
    for (boolean vector : VectorPaths.available()) {
      for (int classes : SIZES) {
        float[] logits = random(random, classes, 8);
        int target = random.nextInt(classes);
        float[] expected = logits.clone();
        double expectedLoss = SoftmaxKernels.crossEntropyRowReference(expected, classes, target, 0.37f, true);
        float[] actual = logits.clone();
        double loss = SoftmaxKernels.crossEntropyRow(actual, classes, target, 0.37f, true, vector);
        assertThat(loss).as("loss, %d classes, vector %s", classes, vector).isCloseTo(expectedLoss, within(2e-5));
        for (int j = 0; j < classes; j++) {
          assertThat(actual[j]).as("gradient %d of %d", j, classes).isCloseTo(expected[j], within(1e-6f));
        }
        float[] untouched = logits.clone();
        assertThat(SoftmaxKernels.crossEntropyRow(untouched, classes, target, 1f, false, vector))
            .isCloseTo(expectedLoss, within(2e-5));
        assertThat(untouched).as("without a gradient the row is left alone").containsExactly(logits);
      }
    }
  }

  @Test
  void logSumExpMatchesTheReferenceAndSurvivesLargeLogits() {
    SplittableRandom random = new SplittableRandom(12);
    for (boolean vector : VectorPaths.available()) {
      for (int n : SIZES) {
        float[] row = random(random, n + 5, 30);
        assertThat(SoftmaxKernels.logSumExp(row, 5, n, vector))
            .isCloseTo(SoftmaxKernels.logSumExpReference(row, 5, n), within(1e-4));
      }
      float[] huge = {1000f, 1000f, -1000f};
      assertThat(SoftmaxKernels.logSumExp(huge, 0, 3, vector)).isCloseTo(1000 + Math.log(2), within(1e-4));
    }
  }

  @Test
  void causalSoftmaxAndItsBackwardMatchTheReference() {
    SplittableRandom random = new SplittableRandom(13);
    for (boolean vector : VectorPaths.available()) {
      for (int time : new int[] {1, 2, 5, 17, 40}) {
        float[] scores = random(random, 3 + time * time, 6);
        float[] expected = scores.clone();
        SoftmaxKernels.causalSoftmaxReference(expected, 3, time);
        float[] actual = scores.clone();
        SoftmaxKernels.causalSoftmax(actual, 3, time, vector);
        assertArrayClose(actual, expected, 1e-6f);

        float[] dP = random(random, 3 + time * time, 1);
        float[] dExpected = dP.clone();
        SoftmaxKernels.causalSoftmaxBackwardReference(dExpected, expected, 3, time, 0.25f);
        float[] dActual = dP.clone();
        SoftmaxKernels.causalSoftmaxBackward(dActual, expected, 3, time, 0.25f, vector);
        assertArrayClose(dActual, dExpected, 1e-6f);
      }
    }
  }

  @Test
  void crossEntropyOverTensorsSplitAcrossCoresMatchesRowByRowReference() {
    SplittableRandom random = new SplittableRandom(14);
    int rows = 37;
    int classes = 1001;
    float[] values = random(random, rows * classes, 5);
    int[] targets = new int[rows];
    for (int r = 0; r < rows; r++) {
      targets[r] = r % 7 == 3 ? CrossEntropy.IGNORE : random.nextInt(classes);
    }
    Tensor logits = Tensor.of(values, rows, classes);
    Tensor dLogits = Tensor.zeros(rows, classes);
    double loss = CrossEntropy.forwardBackward(logits, targets, rows, classes, dLogits, 2f);
    double expectedTotal = 0;
    int counted = 0;
    float[] expectedGradient = new float[rows * classes];
    for (int r = 0; r < rows; r++) {
      if (targets[r] == CrossEntropy.IGNORE) {
        continue;
      }
      counted++;
    }
    for (int r = 0; r < rows; r++) {
      if (targets[r] == CrossEntropy.IGNORE) {
        continue;
      }
      float[] row = java.util.Arrays.copyOfRange(values, r * classes, (r + 1) * classes);
      expectedTotal += SoftmaxKernels.crossEntropyRowReference(row, classes, targets[r], 2f / counted, true);
      System.arraycopy(row, 0, expectedGradient, r * classes, classes);
    }
    assertThat(loss).isCloseTo(expectedTotal / counted, within(1e-5));
    assertArrayClose(dLogits.toArray(), expectedGradient, 1e-6f);

    float[] out = new float[classes];
    CrossEntropy.logSoftmax(logits, 2 * classes, classes, out);
    float[] scratch = new float[classes];
    for (int j : new int[] {0, 1, 500, classes - 1}) {
      float logProbability = CrossEntropy.logProbability(logits, 2 * classes, classes, j, scratch);
      assertThat(logProbability).isCloseTo(out[j], within(1e-5f));
      float[] row = java.util.Arrays.copyOfRange(values, 2 * classes, 3 * classes);
      assertThat((double) logProbability)
          .isCloseTo(row[j] - SoftmaxKernels.logSumExpReference(row, 0, classes), within(1e-4));
    }
  }

  static void assertArrayClose(float[] actual, float[] expected, float tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("element %d of %d", i, expected.length)
          .isCloseTo(expected[i], within(tolerance * Math.max(1f, Math.abs(expected[i]))));
    }
  }
}
