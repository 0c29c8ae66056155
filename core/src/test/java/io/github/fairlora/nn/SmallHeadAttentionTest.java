package io.github.fairlora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused packed attention against its double-precision reference (vector and scalar softmax) and against the
 * training {@link CausalSelfAttention} on the same sequences laid out padded.
 */
class SmallHeadAttentionTest {
  private static float[] random(SplittableRandom random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextGaussian() * 1.5);
    }
    return a;
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 1, 1, 1", "2, 1, 8, 3, 5", "8, 4, 8, 7, 33", "4, 4, 16, 5, 70", "2, 2, 64, 2, 17",
      "3, 1, 6, 4, 37", "2, 1, 12, 3, 50", "1, 1, 3, 2, 18"})
  void fusedLoopEqualsTheReferenceAndTheTrainingAttention(int heads, int kvHeads, int headSize, int sequences,
      int maxLength) {
    SplittableRandom random = new SplittableRandom(heads * 31 + headSize);
    int[] lengths = new int[sequences];
    int[] starts = new int[sequences];
    int rows = 0;
    for (int s = 0; s < sequences; s++) {
      lengths[s] = s == 0 ? maxLength : 1 + random.nextInt(maxLength);
      starts[s] = rows;
      rows += lengths[s];
    }
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    float[] q = random(random, rows * qWidth);
    float[] k = random(random, rows * kvWidth);
    float[] v = random(random, rows * kvWidth);
    float[] reference = new float[rows * qWidth];
    SmallHeadAttention.forwardReference(q, k, v, heads, kvHeads, headSize, starts, lengths, sequences, reference);
    for (boolean vector : new boolean[] {false, SmallHeadAttention.VECTOR}) {
      float[] fused = new float[rows * qWidth];
      java.util.Arrays.fill(fused, Float.NaN); // every output entry must be written
      SmallHeadAttention.forward(q, k, v, heads, kvHeads, headSize, starts, lengths, sequences, fused, vector);
      assertThat(fused).as("vector=" + vector).containsExactly(reference, Offset.offset(2e-5f));
    }
    // The training attention on the padded [sequences, maxLength] layout gives the same real rows.
    Tensor qp = Tensor.zeros(sequences * maxLength, qWidth);
    Tensor kp = Tensor.zeros(sequences * maxLength, kvWidth);
    Tensor vp = Tensor.zeros(sequences * maxLength, kvWidth);
    for (int s = 0; s < sequences; s++) {
      for (int t = 0; t < lengths[s]; t++) {
        int packed = starts[s] + t;
        int padded = s * maxLength + t;
        qp.put(padded * qWidth, java.util.Arrays.copyOfRange(q, packed * qWidth, (packed + 1) * qWidth));
        kp.put(padded * kvWidth, java.util.Arrays.copyOfRange(k, packed * kvWidth, (packed + 1) * kvWidth));
        vp.put(padded * kvWidth, java.util.Arrays.copyOfRange(v, packed * kvWidth, (packed + 1) * kvWidth));
      }
    }
    Tensor out = Tensor.zeros(sequences * maxLength, qWidth);
    new CausalSelfAttention(heads, kvHeads, headSize).forward(qp, kp, vp, sequences, maxLength,
        Tensor.zeros(sequences * heads * maxLength * maxLength), out);
    float[] fused = new float[rows * qWidth];
    SmallHeadAttention.forward(q, k, v, heads, kvHeads, headSize, starts, lengths, sequences, fused);
    for (int s = 0; s < sequences; s++) {
      for (int t = 0; t < lengths[s]; t++) {
        float[] training = new float[qWidth];
        out.get((s * maxLength + t) * qWidth, training);
        int packed = starts[s] + t;
        assertThat(java.util.Arrays.copyOfRange(fused, packed * qWidth, (packed + 1) * qWidth))
            .as("sequence %d position %d", s, t).containsExactly(training, Offset.offset(2e-5f));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"3, 1", "3, 2"})
  void arraysTooShortAreRefused(int heads, int kvHeads) {
    float[] small = new float[10];
    assertThatThrownBy(() -> SmallHeadAttention.forward(small, small, small, heads, kvHeads, 4, new int[] {0},
        new int[] {3}, 1, small)).isInstanceOf(IllegalArgumentException.class);
  }
}
