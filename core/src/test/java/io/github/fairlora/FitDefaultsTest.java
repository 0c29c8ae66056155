package io.github.fairlora;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.train.LearningRateSchedule;
import io.github.fairlora.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** The builders start from the one set of defaults in {@link FitDefaults}. */
class FitDefaultsTest {
  private static Decoder model() {
    return new Decoder(DecoderConfig.llama(40, 32, 64, 2, 4, 2, 16), 1);
  }

  @Test
  void loraAndFullFineTuningStartFromTheSharedDefaults() {
    LoRA lora = LoRA.adapt(model());
    LoraConfig config = lora.config();
    assertThat(config.rank()).isEqualTo(8);
    assertThat(config.alpha()).isEqualTo(16f);
    assertThat(config.targets()).containsExactly(Target.ALL_LINEAR);
    TrainingOptions options = lora.options();
    assertThat(options.epochs()).isEqualTo(2);
    assertThat(options.learningRate()).isEqualTo(1e-3);
    assertThat(options.batchSize()).isEqualTo(32);
    assertThat(options.schedule()).isEqualTo(LearningRateSchedule.Shape.COSINE);
    assertThat(FineTune.full(model()).options()).usingRecursiveComparison().ignoringFields("listener")
        .isEqualTo(options);
    assertThat(TrainingOptions.defaults()).usingRecursiveComparison().ignoringFields("listener").isEqualTo(options);
    // alpha follows the rank unless given.
    assertThat(LoRA.adapt(model()).rank(4).config().alpha()).isEqualTo(8f);
    assertThat(FitDefaults.describe()).isEqualTo("rank 8, alpha 2 x rank, targets all_linear, 2 epochs, learning rate "
        + "0.001, batch size 32, cosine schedule");
  }
}
