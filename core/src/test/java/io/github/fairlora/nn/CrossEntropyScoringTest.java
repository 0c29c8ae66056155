package io.github.fairlora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CrossEntropy#targetLogProbabilities} against a full log-softmax row per position, in double. */
class CrossEntropyScoringTest {
  @ParameterizedTest
  @CsvSource({"1, 1", "1, 17", "5, 33", "300, 512", "70, 2049"})
  void targetEntryEqualsTheLogSoftmaxRow(int rows, int classes) {
    SplittableRandom random = new SplittableRandom(rows * 7L + classes);
    float[] values = new float[rows * classes];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 4);
    }
    Tensor logits = Tensor.of(values, rows, classes);
    int[] targets = new int[rows];
    for (int r = 0; r < rows; r++) {
      targets[r] = random.nextInt(classes);
    }
    float[] out = new float[rows + 3];
    CrossEntropy.targetLogProbabilities(logits, rows, classes, targets, out, 3);
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, values[r * classes + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(values[r * classes + j] - max);
      }
      double expected = values[r * classes + targets[r]] - max - Math.log(sum);
      assertThat(out[3 + r]).as("row %d", r).isCloseTo((float) expected, Offset.offset(2e-5f));
    }
  }

  @ParameterizedTest
  @CsvSource({"-1", "9"})
  void targetOutsideTheClassesIsRefused(int target) {
    Tensor logits = Tensor.zeros(2, 9);
    assertThatThrownBy(() -> CrossEntropy.targetLogProbabilities(logits, 2, 9, new int[] {0, target}, new float[2],
        0)).hasMessage("target " + target + " at row 1 outside [0, 9)");
  }
}
