package io.github.fairlora.nn;

import static io.github.fairlora.testing.GradientCheck.check;
import static io.github.fairlora.testing.GradientCheck.randomTensor;
import static io.github.fairlora.testing.GradientCheck.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LoraLinearTest {
  private final SplittableRandom random = new SplittableRandom(7);

  private Linear base(int in, int out) {
    Linear linear = new Linear("base", in, out, true);
    linear.weight().value().copyFrom(randomTensor(random, out, in));
    linear.bias().value().copyFrom(randomTensor(random, out));
    return linear;
  }

  @Test
  void freshAdapterChangesNoOutput() {
    Linear base = base(9, 5);
    LoraLinear lora = new LoraLinear("m", base, 3, 6f, false, 0f, 1);
    Tensor x = randomTensor(random, 4, 9);
    Tensor plain = Tensor.zeros(4, 5);
    Tensor adapted = Tensor.zeros(4, 5);
    base.forward(x, 4, plain);
    lora.forward(x, 4, adapted);
    assertThat(adapted.toArray()).containsExactly(plain.toArray());
    // A is Kaiming-uniform with bound 1/sqrt(in), B is zero.
    double bound = 1 / Math.sqrt(9);
    for (float value : lora.loraA().value().toArray()) {
      assertThat(Math.abs(value)).isLessThanOrEqualTo((float) bound);
    }
    assertThat(lora.loraB().value().sumOfSquares()).isZero();
  }

  @Test
  void mergedAndUnmergedAgreeAndUnmergeRestoresTheBase() {
    Linear base = base(11, 7);
    float[] original = base.weight().value().toArray();
    LoraLinear lora = new LoraLinear("m", base, 4, 8f, false, 0f, 2);
    lora.loraB().value().copyFrom(randomTensor(random, 7, 4));
    Tensor x = randomTensor(random, 6, 11);
    Tensor unmerged = Tensor.zeros(6, 7);
    lora.forward(x, 6, unmerged);
    lora.merge();
    Tensor merged = Tensor.zeros(6, 7);
    lora.forward(x, 6, merged);
    for (int i = 0; i < merged.length(); i++) {
      assertThat(merged.get(i)).isCloseTo(unmerged.get(i), Offset.offset(1e-4f * (1 + Math.abs(unmerged.get(i)))));
    }
    // merged output = base output with W + s·B·A: check against deltaWeight explicitly
    assertThat(lora.scale()).isEqualTo(2f);
    lora.unmerge();
    float[] restored = base.weight().value().toArray();
    for (int i = 0; i < restored.length; i++) {
      assertThat(restored[i]).isCloseTo(original[i], Offset.offset(1e-5f));
    }
    assertThatThrownBy(lora::unmerge).hasMessageContaining("not merged");
  }

  @Test
  void mergeRefusesNonFiniteValuesAndLeavesTheBaseAlone() {
    Linear base = base(4, 4);
    float[] original = base.weight().value().toArray();
    LoraLinear lora = new LoraLinear("m", base, 2, 4f, false, 0f, 3);
    lora.loraB().value().set(3, Float.NaN);
    assertThatThrownBy(lora::merge).isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite");
    assertThat(base.weight().value().toArray()).containsExactly(original);
    assertThat(lora.merged()).isFalse();
  }

  @Test
  void rsLoraScale() {
    LoraLinear lora = new LoraLinear("m", base(8, 8), 4, 8f, true, 0f, 3);
    assertThat(lora.scale()).isEqualTo(4f); // 8 / sqrt(4)
  }

  @Test
  void rejectsInvalidSettingsWithTheRule() {
    Linear base = base(6, 4);
    assertThatThrownBy(() -> new LoraLinear("layers.0.q", base, 0, 1f, false, 0f, 1))
        .hasMessage("rank (0) must be in [1, 4] for layers.0.q (6 -> 4)");
    assertThatThrownBy(() -> new LoraLinear("m", base, 5, 1f, false, 0f, 1)).hasMessageContaining("rank (5)");
    assertThatThrownBy(() -> new LoraLinear("m", base, 2, 0f, false, 0f, 1)).hasMessageContaining("alpha (0.0)");
    assertThatThrownBy(() -> new LoraLinear("m", base, 2, 1f, false, 1f, 1)).hasMessageContaining("dropout (1.0)");
  }

  @Test
  void gradientsWithoutDropout() {
    gradientCheck(0f);
  }

  @Test
  void gradientsWithAFixedDropoutMask() {
    gradientCheck(0.4f);
  }

  private void gradientCheck(float dropout) {
    int rows = 5;
    int in = 7;
    int out = 6;
    Linear base = base(in, out);
    LoraLinear lora = new LoraLinear("m", base, 3, 6f, false, dropout, 11);
    lora.loraB().value().copyFrom(randomTensor(random, out, 3));
    lora.loraA().setTrainable(true);
    lora.loraB().setTrainable(true);
    lora.setTraining(true);
    Tensor x = randomTensor(random, rows, in);
    Tensor r = randomTensor(random, rows, out);
    Tensor y = Tensor.zeros(rows, out);
    lora.forward(x, rows, y); // draws the mask
    lora.setReuseDropoutMask(true);
    Tensor dx = Tensor.zeros(rows, in);
    lora.backward(r, x, rows, dx);
    assertThat(base.weight().trainable()).as("the frozen weight gets no gradient buffer").isFalse();
    checkAgainstFiniteDifferences(lora, x, r, y, dx, rows, 21);
    if (dropout > 0) {
      // Some inputs really were dropped: the mask matters to this check.
      lora.setTraining(false);
      Tensor noDropout = Tensor.zeros(rows, out);
      lora.forward(x, rows, noDropout);
      assertThat(noDropout.toArray()).isNotEqualTo(y.toArray());
    }
  }

  /** y = x·Wᵀ + b + s·(x·Aᵀ)·Bᵀ in double precision, row by row. */
  private static double[] reference(LoraLinear lora, Tensor x, int rows) {
    Linear base = lora.base();
    int in = base.inputSize();
    int out = base.outputSize();
    int rank = lora.rank();
    double[] y = new double[rows * out];
    for (int r = 0; r < rows; r++) {
      double[] hidden = new double[rank];
      for (int k = 0; k < rank; k++) {
        for (int i = 0; i < in; i++) {
          hidden[k] += (double) x.get(r * in + i) * lora.loraA().value().get(k * in + i);
        }
      }
      for (int j = 0; j < out; j++) {
        double sum = base.bias().value().get(j);
        for (int i = 0; i < in; i++) {
          sum += (double) x.get(r * in + i) * base.weight().value().get(j * in + i);
        }
        for (int k = 0; k < rank; k++) {
          sum += lora.scale() * hidden[k] * lora.loraB().value().get(j * rank + k);
        }
        y[r * out + j] = sum;
      }
    }
    return y;
  }

  @Test
  void evaluationForwardMatchesTheReferenceWithThinProductsAndWithSummedWeights() {
    int in = 9;
    int out = 7;
    // 4 rows run the two rank-3 products, 40 rows form W + s·B·A for the call.
    assertThat(LoraLinear.mergesOnTheFly(4, in, out)).isFalse();
    assertThat(LoraLinear.mergesOnTheFly(40, in, out)).isTrue();
    assertThatThrownBy(() -> LoraLinear.mergesOnTheFly(-1, in, out))
        .hasMessage("mergesOnTheFly needs rows >= 0 and in, out >= 1; got rows=-1, in=9, out=7");
    for (int rows : new int[] {4, 40}) {
      Linear base = base(in, out);
      float[] originalWeight = base.weight().value().toArray();
      LoraLinear lora = new LoraLinear("m", base, 3, 6f, false, 0.3f, 5);
      lora.loraB().value().copyFrom(randomTensor(random, out, 3));
      Tensor x = randomTensor(random, rows + 2, in);
      Tensor y = Tensor.zeros(rows + 2, out);
      y.fill(42f);
      lora.forward(x, rows, y);
      double[] expected = reference(lora, x, rows);
      for (int i = 0; i < expected.length; i++) {
        assertThat((double) y.get(i)).as("rows=%d element %d", rows, i)
            .isCloseTo(expected[i], Offset.offset(1e-4 * (1 + Math.abs(expected[i]))));
      }
      for (int i = rows * out; i < y.length(); i++) {
        assertThat(y.get(i)).as("rows past the batch stay untouched").isEqualTo(42f);
      }
      assertThat(base.weight().value().toArray()).as("the base weight is not changed").containsExactly(originalWeight);
      assertThat(lora.merged()).isFalse();
    }
  }

  @Test
  void gradientsAfterAnEvaluationForwardThatSummedTheWeights() {
    int rows = 40;
    int in = 7;
    int out = 6;
    assertThat(LoraLinear.mergesOnTheFly(rows, in, out)).isTrue();
    Linear base = base(in, out);
    LoraLinear lora = new LoraLinear("m", base, 3, 6f, false, 0f, 13);
    lora.loraB().value().copyFrom(randomTensor(random, out, 3));
    lora.loraA().setTrainable(true);
    lora.loraB().setTrainable(true);
    Tensor x = randomTensor(random, rows, in);
    Tensor r = randomTensor(random, rows, out);
    Tensor y = Tensor.zeros(rows, out);
    // A small batch first leaves x·Aᵀ of other inputs in the saved buffer; backward must not use it.
    lora.forward(randomTensor(random, rows, in), 2, y);
    lora.forward(x, rows, y);
    Tensor dx = Tensor.zeros(rows, in);
    lora.backward(r, x, rows, dx);
    checkAgainstFiniteDifferences(lora, x, r, y, dx, rows, 31);
  }

  /**
   * dx, dA and dB from one backward against finite differences of Σ y ⊙ r, with y = forward(x) in the layer's current
   * mode (and dropout mask).
   */
  private static void checkAgainstFiniteDifferences(LoraLinear lora, Tensor x, Tensor r, Tensor y, Tensor dx, int rows,
      long seed) {
    int out = lora.outputSize();
    java.util.function.DoubleSupplier loss = () -> {
      lora.forward(x, rows, y);
      return weightedSum(y, r, rows * out);
    };
    check("dx", x, dx, loss, 100, seed);
    check("dA", lora.loraA().value(), lora.loraA().gradient(), loss, 100, seed + 1);
    check("dB", lora.loraB().value(), lora.loraB().gradient(), loss, 100, seed + 2);
  }
}
