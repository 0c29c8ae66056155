package io.github.fairlora.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GPT-2's fused q/k/v split and join against an element-by-element reference, on an odd width and a short batch. */
class FusedQkvCopyTest {
  private static Tensor counting(int rows, int columns, float offset) {
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = offset + i;
    }
    return Tensor.of(values, rows, columns);
  }

  @Test
  void splitCopiesEachThirdOfAFusedRowAndLeavesLaterRowsAlone() {
    int rows = 3;
    int width = 5;
    Tensor qkv = counting(rows + 1, 3 * width, 0f);
    Tensor q = Tensor.zeros(rows + 1, width);
    Tensor k = Tensor.zeros(rows + 1, width);
    Tensor v = Tensor.zeros(rows + 1, width);
    for (Tensor t : new Tensor[] {q, k, v}) {
      t.fill(-1f);
    }
    Decoder.split(qkv, rows, width, q, k, v);
    for (int r = 0; r <= rows; r++) {
      for (int j = 0; j < width; j++) {
        int fused = r * 3 * width + j;
        boolean inBatch = r < rows;
        assertThat(q.get(r * width + j)).isEqualTo(inBatch ? qkv.get(fused) : -1f);
        assertThat(k.get(r * width + j)).isEqualTo(inBatch ? qkv.get(fused + width) : -1f);
        assertThat(v.get(r * width + j)).isEqualTo(inBatch ? qkv.get(fused + 2 * width) : -1f);
      }
    }
  }

  @Test
  void joinIsTheInverseOfSplit() {
    int rows = 4;
    int width = 7;
    Tensor q = counting(rows, width, 0f);
    Tensor k = counting(rows, width, 1000f);
    Tensor v = counting(rows, width, 2000f);
    Tensor qkv = Tensor.zeros(rows + 1, 3 * width);
    qkv.fill(-1f);
    Decoder.join(q, k, v, rows, width, qkv);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        assertThat(qkv.get(r * 3 * width + j)).isEqualTo(q.get(r * width + j));
        assertThat(qkv.get(r * 3 * width + width + j)).isEqualTo(k.get(r * width + j));
        assertThat(qkv.get(r * 3 * width + 2 * width + j)).isEqualTo(v.get(r * width + j));
      }
    }
    for (int i = rows * 3 * width; i < qkv.length(); i++) {
      assertThat(qkv.get(i)).isEqualTo(-1f);
    }
    Tensor q2 = Tensor.zeros(rows, width);
    Tensor k2 = Tensor.zeros(rows, width);
    Tensor v2 = Tensor.zeros(rows, width);
    Decoder.split(qkv, rows, width, q2, k2, v2);
    assertThat(q2.toArray()).containsExactly(q.toArray());
    assertThat(k2.toArray()).containsExactly(k.toArray());
    assertThat(v2.toArray()).containsExactly(v.toArray());
  }
}
