package io.github.fairlora.benchmarks.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.model.DecoderConfig;
import org.junit.jupiter.api.Test;

class TrainingFlopsTest {
  // GPT-2 family, vocabulary 10, width 4, 1 layer, 2 heads (head size 2), MLP 16; batch 1 × time 2, so n = 2 rows.
  private final DecoderConfig tiny = DecoderConfig.gpt2(10, 4, 4, 1, 2);

  @Test
  void fullFineTuningCountsSixFlopsPerWeightAndToken() {
    TrainingFlops.Count count = TrainingFlops.perStep(tiny, 1, 2, 0);
    // Weights per layer: qkv 4·12 + o 4·4 + up 4·16 + down 16·4 = 192; 6 · 192 · n(2) = 2304.
    assertThat(count.projections()).isEqualTo(2304.0);
    assertThat(count.adapters()).isZero();
    // Attention: 12 · batch(1) · heads(2) · T²(4) · head size(2) · layers(1) = 192.
    assertThat(count.attention()).isEqualTo(192.0);
    // Tied head: 6 · n(2) · width(4) · vocabulary(10) = 480 (forward, input gradient, embedding gradient).
    assertThat(count.head()).isEqualTo(480.0);
    assertThat(count.total()).isEqualTo(2976.0);
  }

  @Test
  void loraDropsTheWeightGradientsAndAddsTheAdapters() {
    TrainingFlops.Count count = TrainingFlops.perStep(tiny, 1, 2, 1);
    // Frozen projections: forward and input gradient only, 4 · 192 · 2 = 1536.
    assertThat(count.projections()).isEqualTo(1536.0);
    // Adapters on qkv (4→12) and o (4→4), rank 1: 6 · 2 · 1 · (16 + 8) = 288.
    assertThat(count.adapters()).isEqualTo(288.0);
    assertThat(count.attention()).isEqualTo(192.0);
    // Frozen embedding: head forward and input gradient, 4 · 2 · 4 · 10 = 320.
    assertThat(count.head()).isEqualTo(320.0);
  }

  @Test
  void llamaProjectionsUseTheKeyValueWidth() {
    // width 8, 2 heads of 4, 1 kv head: k and v are 8 → 4.
    DecoderConfig llama = DecoderConfig.llama(5, 4, 8, 1, 2, 1, 12);
    assertThat(TrainingFlops.projectionShapes(llama).get(io.github.fairlora.model.Projection.K))
        .containsExactly(8, 4);
    TrainingFlops.Count count = TrainingFlops.perStep(llama, 1, 1, 0);
    // Weights: q 64 + k 32 + v 32 + o 64 + gate 96 + up 96 + down 96 = 480; 6 · 480 · 1 = 2880.
    assertThat(count.projections()).isEqualTo(2880.0);
  }

  @Test
  void parameterCountsOfTheSmallShapeMatchTheArithmetic() {
    // SMALL: vocabulary 512, width 256, 4 layers, 8 heads, 4 kv heads (kv width 128), MLP 704, tied head.
    // Per layer: q 65536 + k 32768 + v 32768 + o 65536 + 3 · 256·704 (540672) + two norms 512 = 737792.
    // Total: embedding 131072 + 4 · 737792 + final norm 256 = 3082496.
    long[] full = TrainingFixture.parameterCounts(TrainingShape.SMALL, TrainingMode.FULL);
    assertThat(full).containsExactly(3082496L, 3082496L);
    // LoRA r=16 on q, k, v, o: 16 · ((256+256) + 2 · (256+128) + (256+256)) = 28672 per layer, 114688 in all.
    long[] lora = TrainingFixture.parameterCounts(TrainingShape.SMALL, TrainingMode.LORA_R16);
    assertThat(lora).containsExactly(114688L, 3082496L + 114688L);
  }
}
