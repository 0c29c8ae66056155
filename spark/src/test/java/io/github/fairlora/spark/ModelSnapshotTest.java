package io.github.fairlora.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.LoRA;
import io.github.fairlora.lora.Adapters;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot survives Java serialization and restores a decoder with the same configuration, weights and scores. */
class ModelSnapshotTest {

  @Test
  void aSerializedSnapshotRestoresTheSameWeightsAndScores() throws Exception {
    // Hugging Face Llama (rotate-half RoPE, biases) and OPT with opt-350m's layout keep their Variant: restored as
    // the defaults they would compute other logits from the same weights.
    for (DecoderConfig config : List.of(DecoderConfig.llama(50, 16, 32, 2, 4, 2, 48),
        DecoderConfig.gpt2(50, 16, 32, 2, 4),
        DecoderConfig.llama(50, 16, 32, 2, 4, 2, 48).withVariant(DecoderConfig.Variant.huggingFace(true, true, true)),
        DecoderConfig.opt(50, 16, 32, 2, 4, 48).withVariant(DecoderConfig.Variant.opt(true, 16, false)))) {
      Decoder model = new Decoder(config, 7);
      ModelSnapshot snapshot = roundTrip(ModelSnapshot.of(model));
      Decoder restored = snapshot.restore();
      assertThat(restored.config()).isEqualTo(model.config());
      for (Parameter p : model.parameters().values()) {
        assertThat(restored.parameters().get(p.name()).value().toArray()).as(p.name()).isEqualTo(p.value().toArray());
      }
      List<int[]> sequences = List.of(new int[] {1, 5, 9, 3}, new int[] {2, 7}, new int[] {4, 4, 4, 4, 4, 4});
      float[][] expected = model.tokenLogProbabilities(sequences);
      float[][] actual = restored.tokenLogProbabilities(sequences);
      assertThat(actual).isDeepEqualTo(expected);
      assertThat(snapshot.weightBytes()).isEqualTo(4 * model.parameterCount());
    }
  }

  @Test
  void aModelWithAdaptersIsRefused() {
    Decoder adapted = new Decoder(DecoderConfig.llama(50, 16, 32, 2, 4, 2, 48), 7);
    Adapters.attach(adapted, LoRA.adapt(adapted).rank(2).alpha(4).config(), 1);
    assertThatThrownBy(() -> ModelSnapshot.of(adapted)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge them");
  }

  @Test
  void aPretrainedBuiltInModelRestoresTheSameScores() throws Exception {
    var prepared = io.github.fairlora.sweep.BuiltInExperiment.prepare(5, 300, 1,
        new java.io.PrintStream(new ByteArrayOutputStream()));
    Decoder model = prepared.base();
    Decoder restored = roundTrip(ModelSnapshot.of(model)).restore();
    List<int[]> sequences = prepared.shiftTexts().stream().map(t -> prepared.tokenizer().encode(t, true, false))
        .toList();
    assertThat(restored.tokenLogProbabilities(sequences)).isDeepEqualTo(model.tokenLogProbabilities(sequences));
  }

  static ModelSnapshot roundTrip(ModelSnapshot snapshot) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(snapshot);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ModelSnapshot) in.readObject();
    }
  }
}
