package io.github.fairlora.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.testing.CharTokenizer;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Text completion through a decoder and a tokenizer (a character tokenizer: 0 = BOS, 1 = EOS). */
class DecoderCompleterTest {
  static final CharTokenizer TOKENIZER = new CharTokenizer(List.of("the cat sat on a mat.", "a dog ran!"));

  static Decoder model() {
    Decoder decoder = new Decoder(DecoderConfig.llama(TOKENIZER.vocabularySize(), 32, 16, 2, 4, 2, 24), 1);
    SplittableRandom random = new SplittableRandom(2);
    for (Parameter p : decoder.parameters().values()) {
      Initializers.normal(p.value(), random, 0.4);
    }
    return decoder;
  }

  @Test
  void completionsAreTheDecodedContinuationsSeededByTheCaller() {
    Decoder decoder = model();
    GenerationOptions options = GenerationOptions.sampling(12, 1f, 0, 1f, 0);
    DecoderCompleter completer = new DecoderCompleter(decoder, TOKENIZER, options);
    assertThat(completer.options().stopTokens()).containsExactlyInAnyOrder(0, 1);
    List<String> completions = completer.complete("the ", 4, 21);
    assertThat(completions).hasSize(4);
    // The same as generating from BOS + prompt with the caller's seed, stopping at BOS or EOS, decoded.
    int[] ids = TOKENIZER.encode("the ", true, false);
    assertThat(ids[0]).isZero();
    List<int[]> expected = Generator.generate(decoder, Collections.nCopies(4, ids),
        options.withSeed(21).withStopTokens(0, 1));
    for (int i = 0; i < 4; i++) {
      assertThat(completions.get(i)).isEqualTo(TOKENIZER.decode(expected.get(i)));
      assertThat(completions.get(i).length()).isLessThanOrEqualTo(12);
    }
    assertThat(completer.complete("the ", 4, 21)).isEqualTo(completions);
    assertThat(completer.complete("the ", 4, 22)).isNotEqualTo(completions);
    assertThat(completions.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void theModelsOwnTokenizerIsUsedUnlessAnotherIsGiven() {
    GenerationOptions options = GenerationOptions.sampling(12, 1f, 0, 1f, 0);
    Decoder bare = model();
    assertThatThrownBy(() -> new DecoderCompleter(bare, options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DecoderCompleter needs a tokenizer and the model carries none");
    Decoder carrying = model().setTokenizer(TOKENIZER);
    assertThat(new DecoderCompleter(carrying, options).complete("the ", 3, 21))
        .isEqualTo(new DecoderCompleter(model(), TOKENIZER, options).complete("the ", 3, 21));
  }

  @Test
  void greedyCompletionsAreAllTheSame() {
    DecoderCompleter completer = new DecoderCompleter(model(), TOKENIZER, GenerationOptions.greedy(8));
    List<String> completions = completer.complete("a do", 3, 5);
    assertThat(completions).hasSize(3).containsOnly(completions.get(0));
    assertThat(completer.complete("a do", 1, 77)).containsExactly(completions.get(0));
  }

  @Test
  void badArgumentsAreRejected() {
    Decoder decoder = model();
    DecoderCompleter completer = new DecoderCompleter(decoder, TOKENIZER, GenerationOptions.greedy(8));
    assertThatThrownBy(() -> completer.complete("the", 0, 1)).hasMessage("count (0) must be positive");
    assertThatThrownBy(() -> completer.complete(null, 1, 1)).hasMessage("prompt must not be null");
    String tooLong = "a".repeat(31);
    assertThatThrownBy(() -> completer.complete(tooLong, 1, 1))
        .hasMessageContaining("the prompt encodes to 32 tokens; the context length 32 leaves no room");
    Decoder small = new Decoder(DecoderConfig.llama(5, 8, 8, 1, 2, 2, 8), 1);
    assertThatThrownBy(() -> new DecoderCompleter(small, TOKENIZER, GenerationOptions.greedy(8)))
        .hasMessageContaining("tokenizer has " + TOKENIZER.vocabularySize() + " ids but the model's vocabulary is 5");
  }
}
