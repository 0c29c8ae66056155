package io.github.fairlora.nn;

import static io.github.fairlora.testing.GradientCheck.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
  @Test
  void forwardCopiesAndForwardAddAddsTheIdsRowsOnlyIntoTheBatch() {
    int width = 5;
    Embedding embedding = new Embedding("emb", 6, width);
    embedding.weight().value().copyFrom(randomTensor(new SplittableRandom(2), 6, width));
    int[] ids = {4, 0, 4};
    int rows = 3;
    Tensor out = Tensor.zeros(rows + 1, width);
    out.fill(7f);
    embedding.forward(ids, rows, out);
    Tensor sum = out.copy();
    embedding.forwardAdd(ids, rows, sum);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        float w = embedding.weight().value().get(ids[r] * width + j);
        assertThat(out.get(r * width + j)).isEqualTo(w);
        assertThat(sum.get(r * width + j)).isEqualTo(w + w);
      }
    }
    for (int j = 0; j < width; j++) {
      assertThat(out.get(rows * width + j)).as("rows past the batch stay untouched").isEqualTo(7f);
      assertThat(sum.get(rows * width + j)).isEqualTo(7f);
    }
  }

  @Test
  void anIdOutsideTheTableIsRefusedBeforeAnythingIsWritten() {
    Embedding embedding = new Embedding("tok", 4, 3);
    Tensor out = Tensor.zeros(2, 3);
    out.fill(1f);
    assertThatThrownBy(() -> embedding.forward(new int[] {1, 4}, 2, out))
        .hasMessage("id 4 at row 1 is outside [0, 4) for tok.weight");
    assertThat(out.toArray()).containsOnly(1f);
  }
}
