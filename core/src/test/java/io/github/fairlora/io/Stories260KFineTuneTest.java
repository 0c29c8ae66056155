package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.LoRA;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.testing.SharedFiles;
import io.github.fairlora.text.SentencePieceBpeTokenizer;
import io.github.fairlora.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** LoRA fine-tuning of the real stories260K model on a few hundred short texts, end to end through the fluent API. */
class Stories260KFineTuneTest {

  /** Short stories in TinyStories' style, all about one new character, so the adapter has something to learn. */
  static List<String> texts() {
    String[] names = {"Zorb", "Zorb the robot", "the robot Zorb"};
    String[] actions = {"liked to dance in the rain", "found a shiny red ball", "helped his friend Lily",
        "went to the park with Tom", "was very happy", "made a big cake"};
    String[] endings = {"It was a good day.", "They all smiled.", "Zorb said thank you.", "The end."};
    Random random = new Random(5);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      out.add("Once upon a time, " + names[random.nextInt(names.length)] + " " + actions[random.nextInt(actions.length)]
          + ". " + endings[random.nextInt(endings.length)]);
    }
    return out;
  }

  @Test
  void loraLearnsNewTextsAndLeavesTheCheckpointAlone() throws IOException {
    Decoder model = Llama2c.load(SharedFiles.require("models/stories260K/stories260K.bin"));
    SentencePieceBpeTokenizer tokenizer = SentencePieceBpeTokenizer.load(
        SharedFiles.require("models/stories260K/tok512.bin"), model.config().vocabularySize());
    model.setTokenizer(tokenizer);
    List<String> texts = texts();
    List<int[]> sequences = texts.stream().map(t -> tokenizer.encode(t, true, true)).toList();
    List<Integer> all = IntStream.range(0, sequences.size()).boxed().toList();
    double before = Trainer.evaluate(model, sequences, null, all, 32);
    float[] embeddingBefore = model.tokenEmbedding().weight().value().toArray();

    AdaptedModel adapted = LoRA.adapt(model).rank(8).alpha(16).targets(Target.ALL_LINEAR).learningRate(5e-3)
        .epochs(2).batchSize(16).seed(1).fit(texts);

    double after = Trainer.evaluate(adapted.model(), sequences, null, all, 32);
    System.out.printf("stories260K LoRA r=8 on %d texts: loss %.3f -> %.3f, %d trainable of %d parameters%n",
        texts.size(), before, after, adapted.history().trainableParameters(), adapted.history().totalParameters());
    assertThat(after).isLessThan(0.8 * before);
    assertThat(model.tokenEmbedding().weight().value().toArray()).containsExactly(embeddingBefore);
    assertThat(adapted.history().steps()).isEqualTo(2 * (300 / 16 + 1));
  }
}
