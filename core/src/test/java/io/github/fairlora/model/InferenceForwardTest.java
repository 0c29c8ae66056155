package io.github.fairlora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.io.HuggingFace;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.lora.Adapter;
import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.testing.SharedFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packed inference path of {@link Decoder#tokenLogProbabilities} (and of hidden states, logit lens and class
 * probabilities) against the padded training forward it replaced, on random models with and without LoRA adapters and
 * on the real stories260K and TinyStories-656K checkpoints.
 */
class InferenceForwardTest {
  private static List<int[]> randomSequences(SplittableRandom random, int count, int maxLength, int vocabulary) {
    List<int[]> sequences = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Lengths 1 (nothing to score) through the context length, in no particular order.
      int[] s = new int[i == 0 ? 1 : i == 1 ? maxLength : 1 + random.nextInt(maxLength)];
      for (int t = 0; t < s.length; t++) {
        s[t] = random.nextInt(vocabulary);
      }
      sequences.add(s);
    }
    return sequences;
  }

  private static void assertSameScores(Decoder model, List<int[]> sequences) {
    float[][] expected = model.tokenLogProbabilitiesByTrainingForward(sequences);
    float[][] actual = model.tokenLogProbabilities(sequences);
    assertThat(actual.length).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("sequence %d", i).hasSize(sequences.get(i).length - 1);
      assertClose(actual[i], expected[i], "sequence " + i);
    }
  }

  /**
   * Within 1e-5, relative to the magnitude above 1: the two paths sum in different orders (packed vs padded gemm
   * shapes, fused vs BLAS attention), and log-probabilities of random tokens reach -25, where one float ulp is 2e-6.
   */
  static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual.length).as(what).isEqualTo(expected.length);
    for (int t = 0; t < expected.length; t++) {
      float allowed = 1e-5f * Math.max(1f, Math.abs(expected[t]));
      assertThat(actual[t]).as("%s position %d", what, t).isCloseTo(expected[t], Offset.offset(allowed));
    }
  }

  private static DecoderConfig randomConfig(DecoderConfig.Family family) {
    return family == DecoderConfig.Family.LLAMA
        ? DecoderConfig.llama(37, 24, 32, 3, 4, 2, 40).withUntiedHead()
        : DecoderConfig.gpt2(37, 24, 32, 3, 4);
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void randomModelScoresEqualTheTrainingForward(DecoderConfig.Family family) {
    Decoder model = new Decoder(randomConfig(family), 3);
    assertSameScores(model, randomSequences(new SplittableRandom(4), 45, 24, 37));
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void unmergedAdaptersAreIncluded(DecoderConfig.Family family) {
    Decoder model = new Decoder(randomConfig(family), 5);
    List<int[]> sequences = randomSequences(new SplittableRandom(6), 20, 24, 37);
    float[][] before = model.tokenLogProbabilities(sequences);
    Adapter adapter = Adapters.attach(model, new LoraConfig(4, 8f, 0.3f, false, EnumSet.of(Target.ALL_LINEAR),
        new TreeSet<>()), 7);
    SplittableRandom random = new SplittableRandom(8);
    adapter.modules().values().forEach(l -> Initializers.normal(l.loraB().value(), random, 0.5));
    model.setTraining(true); // dropout must be off while scoring, whatever the mode was
    assertSameScores(model, sequences);
    assertThat(model.training()).isTrue();
    assertThat(model.tokenLogProbabilities(sequences)[1][0]).isNotCloseTo(before[1][0], Offset.offset(1e-4f));
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void theLmHeadInBlocksOfSevenRowsGivesTheSameScores(DecoderConfig.Family family) {
    // Llama here has an untied head (a Linear), GPT-2 a tied one (the embedding's transpose).
    Decoder model = new Decoder(randomConfig(family), 13);
    List<int[]> sequences = randomSequences(new SplittableRandom(14), 30, 24, 37);
    assertThat(model.inference().headBlockRows).as("a 37-token vocabulary fits one block").isGreaterThan(10_000);
    model.inference().headBlockRows = 7;
    assertSameScores(model, sequences);
    // About a million logits per block, never fewer than 64 rows.
    assertThat(InferenceForward.headBlockRows(2048)).isEqualTo(512);
    assertThat(InferenceForward.headBlockRows(50257)).isEqualTo(64);
  }

  @Test
  void manyPacksGiveTheSameScoresAsOneSequenceAtATime() {
    Decoder model = new Decoder(randomConfig(DecoderConfig.Family.LLAMA), 9);
    // More tokens than one pack holds, so sequences land in several packs.
    List<int[]> sequences = randomSequences(new SplittableRandom(10), 400, 24, 37);
    float[][] together = model.tokenLogProbabilities(sequences);
    for (int i = 0; i < sequences.size(); i += 37) {
      float[] alone = model.tokenLogProbabilities(List.of(sequences.get(i)))[0];
      assertClose(together[i], alone, "sequence " + i);
    }
  }

  @Test
  void badInputIsRefusedWithItsIndex() {
    Decoder model = new Decoder(randomConfig(DecoderConfig.Family.LLAMA), 1);
    assertThatThrownBy(() -> model.tokenLogProbabilities(List.of(new int[] {1, 2}, new int[0])))
        .hasMessage("sequence 1 is empty");
    assertThatThrownBy(() -> model.tokenLogProbabilities(List.of(new int[] {1, 37})))
        .hasMessage("sequence 0 holds token id 37 at position 1, outside the vocabulary [0, 37)");
    assertThatThrownBy(() -> model.tokenLogProbabilities(List.of(new int[25])))
        .hasMessage("sequence 0 has 25 tokens; the context length is 24");
  }

  @Test
  void realStories260KScoresEqualTheTrainingForward() throws IOException {
    Decoder model = Llama2c.load(SharedFiles.require("models/stories260K/stories260K.bin"));
    assertSameScores(model, randomSequences(new SplittableRandom(11), 70, 40, model.vocabularySize()));
  }

  @Test
  void realTinyStories656KScoresEqualTheTrainingForward() throws IOException {
    Decoder model = HuggingFace.load(SharedFiles.require("models/tinystories-656k"));
    assertSameScores(model, randomSequences(new SplittableRandom(12), 70, 40, model.vocabularySize()));
  }
}
