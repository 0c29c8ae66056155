package io.github.fairlora.nn;

import static io.github.fairlora.testing.GradientCheck.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LinearTest {
  private final SplittableRandom random = new SplittableRandom(3);

  @Test
  void forwardWritesTheProductPlusBiasIntoTheFirstRowsOnly() {
    for (boolean withBias : new boolean[] {true, false}) {
      int in = 5;
      int out = 4;
      int rows = 3;
      Linear linear = new Linear("l", in, out, withBias);
      linear.weight().value().copyFrom(randomTensor(random, out, in));
      if (withBias) {
        linear.bias().value().copyFrom(randomTensor(random, out));
      }
      Tensor x = randomTensor(random, rows + 1, in);
      Tensor y = Tensor.zeros(rows + 1, out);
      y.fill(-7f); // what was in the output before must not leak into the result
      linear.forward(x, rows, y);
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < out; j++) {
          double expected = withBias ? linear.bias().value().get(j) : 0;
          for (int i = 0; i < in; i++) {
            expected += (double) x.get(r * in + i) * linear.weight().value().get(j * in + i);
          }
          assertThat((double) y.get(r * out + j)).as("bias=%s row %d col %d", withBias, r, j)
              .isCloseTo(expected, Offset.offset(1e-5));
        }
      }
      for (int j = 0; j < out; j++) {
        assertThat(y.get(rows * out + j)).isEqualTo(-7f);
      }
    }
  }
}
