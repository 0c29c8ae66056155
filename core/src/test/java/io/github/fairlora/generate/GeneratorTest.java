package io.github.fairlora.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Generation: determinism, filters, stop tokens, the context limit, batches, and validation. */
class GeneratorTest {
  static final int[] PROMPT = {4, 17, 0, 30, 9};

  static Decoder model(DecoderConfig.Family family) {
    return CachedDecoderTest.model(family, 3);
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void samplingIsDeterministicPerSeed(DecoderConfig.Family family) {
    Decoder decoder = model(family);
    GenerationOptions options = GenerationOptions.sampling(15, 1f, 0, 1f, 99);
    int[] first = Generator.generate(decoder, PROMPT, options);
    int[] again = Generator.generate(decoder, PROMPT, options);
    int[] otherSeed = Generator.generate(decoder, PROMPT, options.withSeed(100));
    assertThat(first).hasSize(15).containsExactly(again);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void topKOfOneEqualsGreedy(DecoderConfig.Family family) {
    Decoder decoder = model(family);
    int[] greedy = Generator.generate(decoder, PROMPT, GenerationOptions.greedy(12));
    int[] topOne = Generator.generate(decoder, PROMPT, GenerationOptions.sampling(12, 1.7f, 1, 1f, 5));
    assertThat(topOne).containsExactly(greedy);
  }

  @Test
  void stopTokensEndTheSequenceAndAreNotReturned() {
    Decoder decoder = model(DecoderConfig.Family.LLAMA);
    GenerationOptions options = GenerationOptions.sampling(20, 1f, 0, 1f, 3);
    int[] free = Generator.generate(decoder, PROMPT, options);
    int stop = free[6];
    int firstStop = 0;
    while (free[firstStop] != stop) {
      firstStop++;
    }
    // Same seed and same draws up to the stop token, then nothing more.
    int[] stopped = Generator.generate(decoder, PROMPT, options.withStopTokens(stop));
    assertThat(stopped).containsExactly(Arrays.copyOf(free, firstStop));
  }

  @Test
  void generationStopsAtTheContextLengthWithoutError() {
    Decoder decoder = model(DecoderConfig.Family.GPT2);
    int context = decoder.config().contextLength();
    int[] nearlyFull = new int[context - 3];
    Arrays.fill(nearlyFull, 7);
    // room for 3 tokens only, although 10 were asked for; the whole sequence still fits the context
    assertThat(Generator.generate(decoder, nearlyFull, GenerationOptions.greedy(10))).hasSize(3);
    int[] full = new int[context];
    assertThat(Generator.generate(decoder, full, GenerationOptions.greedy(10))).isEmpty();
    int[] tooLong = new int[context + 1];
    assertThatThrownBy(() -> Generator.generate(decoder, tooLong, GenerationOptions.greedy(1)))
        .hasMessageContaining("prompt 0 has 25 tokens, more than the context length 24");
  }

  /** Each prompt of a batch gets the greedy tokens it gets alone; the first one also under sampling. */
  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void batchesMatchSinglePrompts(DecoderConfig.Family family) {
    Decoder decoder = model(family);
    List<int[]> prompts = List.of(PROMPT, new int[] {1}, new int[] {2, 3, 5, 7, 11, 13, 17, 19}, PROMPT);
    List<int[]> greedy = Generator.generate(decoder, prompts, GenerationOptions.greedy(9));
    assertThat(greedy).hasSize(4);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(greedy.get(i)).as("prompt %d", i)
          .containsExactly(Generator.generate(decoder, prompts.get(i), GenerationOptions.greedy(9)));
    }
    GenerationOptions sampling = GenerationOptions.sampling(9, 1f, 0, 0.95f, 77);
    List<int[]> sampled = Generator.generate(decoder, prompts, sampling);
    assertThat(sampled.get(0)).containsExactly(Generator.generate(decoder, PROMPT, sampling));
    // prompts 0 and 3 are equal but draw from different streams
    assertThat(sampled.get(3)).isNotEqualTo(sampled.get(0));
    List<int[]> again = Generator.generate(decoder, prompts, sampling);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(again.get(i)).containsExactly(sampled.get(i));
    }
  }

  @Test
  void copiesOfOnePromptGiveDifferentSamples() {
    Decoder decoder = model(DecoderConfig.Family.LLAMA);
    List<int[]> copies = Collections.nCopies(6, PROMPT);
    List<int[]> out = Generator.generate(decoder, copies, GenerationOptions.sampling(10, 1f, 0, 1f, 1));
    Set<List<Integer>> distinct = new HashSet<>();
    for (int[] tokens : out) {
      distinct.add(Arrays.stream(tokens).boxed().toList());
    }
    assertThat(distinct).hasSizeGreaterThan(1);
  }

  @Test
  void badPromptsAndStopTokensAreRejected() {
    Decoder decoder = model(DecoderConfig.Family.LLAMA);
    GenerationOptions options = GenerationOptions.greedy(3);
    assertThatThrownBy(() -> Generator.generate(decoder, new int[0], options))
        .hasMessageContaining("prompt 0 is empty; it needs at least one token");
    List<int[]> prompts = new ArrayList<>(List.of(new int[] {1}, new int[] {2, 31}));
    assertThatThrownBy(() -> Generator.generate(decoder, prompts, options))
        .hasMessageContaining("prompt 1, token 1 is 31, outside the vocabulary [0, 31)");
    assertThatThrownBy(() -> Generator.generate(decoder, PROMPT, options.withStopTokens(31)))
        .hasMessageContaining("stop token id 31 is outside the vocabulary [0, 31)");
    assertThatThrownBy(() -> Generator.generate(decoder, (int[]) null, options))
        .hasMessageContaining("prompt must not be null");
    assertThat(Generator.generate(decoder, List.of(), options)).isEmpty();
  }

  @Test
  void optionsAreValidatedWithTheValueAndTheRule() {
    assertThatThrownBy(() -> GenerationOptions.greedy(0)).hasMessage("maxNewTokens (0) must be positive");
    assertThatThrownBy(() -> GenerationOptions.sampling(5, -0.5f, 0, 1f, 1))
        .hasMessage("temperature (-0.5) must be finite and >= 0 (0 = greedy)");
    assertThatThrownBy(() -> GenerationOptions.sampling(5, Float.NaN, 0, 1f, 1))
        .hasMessageContaining("temperature (NaN)");
    assertThatThrownBy(() -> GenerationOptions.sampling(5, Float.POSITIVE_INFINITY, 0, 1f, 1))
        .hasMessageContaining("temperature (Infinity)");
    assertThatThrownBy(() -> GenerationOptions.sampling(5, 1f, -1, 1f, 1))
        .hasMessage("topK (-1) must be >= 0 (0 = no top-k filter)");
    assertThatThrownBy(() -> GenerationOptions.sampling(5, 1f, 0, 0f, 1))
        .hasMessage("topP (0.0) must be in (0, 1] (1 = no top-p filter)");
    assertThatThrownBy(() -> GenerationOptions.sampling(5, 1f, 0, 1.5f, 1)).hasMessageContaining("topP (1.5)");
    assertThatThrownBy(() -> GenerationOptions.sampling(5, 1f, 0, Float.NaN, 1)).hasMessageContaining("topP (NaN)");
    assertThatThrownBy(() -> GenerationOptions.greedy(5).withStopTokens(2, -4))
        .hasMessage("stop token id (-4) must be a non-negative token id");
    assertThatThrownBy(() -> GenerationOptions.greedy(5).withStopTokens(Arrays.asList(1, null)))
        .hasMessageContaining("stop token id (null)");
    assertThatThrownBy(() -> new GenerationOptions(5, 0f, 0, 1f, null, 0))
        .hasMessageContaining("stopTokens must not be null");
    GenerationOptions options = GenerationOptions.greedy(5).withStopTokens(2, 3);
    assertThat(options.stopTokens()).containsExactlyInAnyOrder(2, 3);
    assertThat(options.greedy()).isTrue();
    assertThat(options.withMaxNewTokens(9).maxNewTokens()).isEqualTo(9);
    assertThat(options.withSeed(4).seed()).isEqualTo(4);
  }
}
