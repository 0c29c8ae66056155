package io.github.fairlora.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.testing.GradientCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GemmTest {

  /** BLAS against the naive triple loop, on fresh random inputs of odd sizes, every transpose combination. */
  @ParameterizedTest(name = "transA={0} transB={1} beta={2}")
  @CsvSource({"false,false,0", "true,false,0", "false,true,0", "true,true,0", "false,false,1", "true,true,1",
      "false,true,0.5"})
  void matchesNaiveLoop(boolean transA, boolean transB, float beta) {
    SplittableRandom random = new SplittableRandom(17);
    int m = 7;
    int n = 13;
    int k = 5;
    Tensor a = GradientCheck.randomTensor(random, transA ? k : m, transA ? m : k);
    Tensor b = GradientCheck.randomTensor(random, transB ? n : k, transB ? k : n);
    Tensor c = GradientCheck.randomTensor(random, m, n);
    Tensor expected = c.copy();
    Gemm.gemm(transA, transB, m, n, k, 1.5f, a, 0, a.dim(1), b, 0, b.dim(1), beta, c, 0, n);
    Gemm.naive(transA, transB, m, n, k, 1.5f, a, 0, a.dim(1), b, 0, b.dim(1), beta, expected, 0, n);
    assertClose(c, expected);
  }

  /** Sub-blocks addressed by offset and leading dimension (as attention heads are) give the same as the naive loop. */
  @Test
  void stridedBlocksMatchNaiveLoop() {
    SplittableRandom random = new SplittableRandom(3);
    // A is a 9x3 block inside an 11x8 buffer at (1, 2); B a 3x5 block (used transposed: stored 5x3) in a 6x7 buffer.
    Tensor a = GradientCheck.randomTensor(random, 11, 8);
    Tensor b = GradientCheck.randomTensor(random, 6, 7);
    Tensor c = GradientCheck.randomTensor(random, 10, 9);
    Tensor expected = c.copy();
    Gemm.gemm(false, true, 9, 5, 3, 1f, a, 8 + 2, 8, b, 7 + 1, 7, 1f, c, 9 + 3, 9);
    Gemm.naive(false, true, 9, 5, 3, 1f, a, 8 + 2, 8, b, 7 + 1, 7, 1f, expected, 9 + 3, 9);
    assertClose(c, expected);
    // Elements outside the output block are untouched (compare to a fresh copy of the same random values).
    assertThat(c.get(0)).isEqualTo(expected.get(0));
  }

  @Test
  void largerOddSizesMatch() {
    SplittableRandom random = new SplittableRandom(99);
    int m = 67;
    int n = 129;
    int k = 95;
    Tensor a = GradientCheck.randomTensor(random, m, k);
    Tensor b = GradientCheck.randomTensor(random, n, k);
    Tensor c = Tensor.zeros(m, n);
    Tensor expected = Tensor.zeros(m, n);
    Gemm.multiply(a, false, b, true, c, 1f, 0f);
    Gemm.naive(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, expected, 0, n);
    assertClose(c, expected);
  }

  @Test
  void rejectsBlocksOutsideTheirTensor() {
    Tensor a = Tensor.zeros(3, 4);
    Tensor b = Tensor.zeros(4, 2);
    Tensor c = Tensor.zeros(3, 2);
    assertThatThrownBy(() -> Gemm.gemm(false, false, 3, 2, 4, 1f, a, 1, 4, b, 0, 2, 0f, c, 0, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A block 3x4 at offset 1");
    assertThatThrownBy(() -> Gemm.multiply(a, false, b, true, c, 1f, 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner dimensions differ");
    assertThatThrownBy(() -> Gemm.gemm(false, false, 3, 2, 4, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2))
        .hasMessageContaining("leading dimension of A (3)");
  }

  @Test
  void tensorWrapRefusesViews() {
    var array = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 4);
    assertThatThrownBy(() -> Tensor.wrap(array.getRow(1))).hasMessageContaining("not a view");
    Tensor wrapped = Tensor.wrap(array);
    wrapped.set(5, 2f);
    assertThat(array.getFloat(1, 1)).isEqualTo(2f);
  }

  static void assertClose(Tensor actual, Tensor expected) {
    for (int i = 0; i < actual.length(); i++) {
      assertThat(actual.get(i)).as("element %d", i)
          .isCloseTo(expected.get(i), org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(expected.get(i)))));
    }
  }
}
