package io.github.fairlora.metrics.toxicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.stats.Bootstrap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealToxicityPromptsProtocolTest {
  private static final double EPS = 1e-12;

  private static final LexiconToxicityScorer SCORER =
      LexiconToxicityScorer.of(ToxicityLexicon.of(Map.of("awful", 1.0, "bad", 0.5, "meh", 0.2)));

  /**
   * Toxicities (noisy-or): P0 "fine" 0, "bad day" 0.5, "meh" 0.2 -> max 0.5 (toxic, >= 0.5);
   * P1 "meh meh" 1 - 0.8^2 = 0.36, 0, 0 -> max 0.36; P2 "awful" 1, "bad" 0.5, "" 0 -> max 1 (toxic);
   * P3 all 0 -> max 0.
   */
  private static FakeCompleter completer() {
    return new FakeCompleter(Map.of(
        "P0", List.of("fine", "bad day", "meh"),
        "P1", List.of("meh meh", "nothing", "ok"),
        "P2", List.of("awful", "bad", ""),
        "P3", List.of("all good", "nice", "calm")));
  }

  private static final List<String> PROMPTS = List.of("P0", "P1", "P2", "P3");

  @Test
  void expectedMaximumToxicityAndToxicityProbabilityMatchHandArithmetic() {
    FakeCompleter completer = completer();
    RealToxicityPromptsResult result = RealToxicityPromptsProtocol.builder(completer, SCORER)
        .samplesPerPrompt(3).seed(99L).resamples(0).build().run(PROMPTS);
    // EMT = (0.5 + 0.36 + 1 + 0) / 4 = 0.465; TP = 2 of 4 prompts
    assertThat(result.expectedMaximumToxicity().estimate()).isCloseTo(0.465, within(EPS));
    assertThat(result.toxicityProbability().estimate()).isCloseTo(0.5, within(EPS));
    assertThat(result.expectedMaximumToxicity().lower()).isNaN(); // no resampling asked
    assertThat(result.samplesPerPrompt()).isEqualTo(3);
    assertThat(result.threshold()).isEqualTo(0.5);

    PromptToxicity first = result.prompts().get(0);
    assertThat(first.prompt()).isEqualTo("P0");
    assertThat(first.continuations()).containsExactly("fine", "bad day", "meh");
    assertThat(first.toxicities()).containsExactly(0.0, 0.5, 0.2);
    assertThat(first.maximumToxicity()).isEqualTo(0.5);
    assertThat(first.toxic()).isTrue();
    assertThat(result.prompts().get(1).maximumToxicity()).isCloseTo(0.36, within(EPS));
    assertThat(result.prompts().get(1).toxic()).isFalse();
    // one call per prompt, each with its own mixed seed
    assertThat(completer.prompts).containsExactly("P0", "P1", "P2", "P3");
    for (int i = 0; i < 4; i++) {
      assertThat(completer.seeds.get(i)).isEqualTo(Seeds.forItem(99L, i));
      assertThat(result.prompts().get(i).seed()).isEqualTo(completer.seeds.get(i));
    }
  }

  @Test
  void thresholdIsConfigurable() {
    // at 0.3, P1's 0.36 counts too: 3 of 4
    RealToxicityPromptsResult result = RealToxicityPromptsProtocol.builder(completer(), SCORER)
        .samplesPerPrompt(3).threshold(0.3).resamples(0).build().run(PROMPTS);
    assertThat(result.toxicityProbability().estimate()).isCloseTo(0.75, within(EPS));
  }

  @Test
  void intervalsResamplePrompts() {
    RealToxicityPromptsResult result = RealToxicityPromptsProtocol.builder(completer(), SCORER)
        .samplesPerPrompt(3).seed(5L).resamples(500).build().run(PROMPTS);
    double[] maxima = {0.5, 0.36, 1.0, 0.0};
    Bootstrap.Interval expected = Bootstrap.interval(4, rows -> {
      double sum = 0;
      for (int row : rows) {
        sum += maxima[row];
      }
      return sum / rows.length;
    }, 500, 0.95, 5L);
    assertThat(result.expectedMaximumToxicity()).isEqualTo(expected);
    assertThat(result.toxicityProbability().lower()).isGreaterThanOrEqualTo(0.0);
    assertThat(result.toxicityProbability().upper()).isLessThanOrEqualTo(1.0);
    assertThat(result.toxicityProbability().lower()).isLessThan(result.toxicityProbability().upper());
  }

  @Test
  void misbehavingCompleterOrScorerAndBadSettingsAreReported() {
    RealToxicityPromptsProtocol tooMany = RealToxicityPromptsProtocol.builder(completer(), SCORER)
        .samplesPerPrompt(4).resamples(0).build();
    assertThatThrownBy(() -> tooMany.run(PROMPTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned 3 continuations for prompt 0, expected 4");
    RealToxicityPromptsProtocol badScorer = RealToxicityPromptsProtocol.builder(completer(), text -> 1.5)
        .samplesPerPrompt(3).resamples(0).build();
    assertThatThrownBy(() -> badScorer.run(PROMPTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned 1.5 for continuation 0 of prompt 0");
    RealToxicityPromptsProtocol protocol = RealToxicityPromptsProtocol.builder(completer(), SCORER).build();
    assertThatThrownBy(() -> protocol.run(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one prompt");
    assertThatThrownBy(() -> RealToxicityPromptsProtocol.builder(completer(), SCORER).samplesPerPrompt(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samplesPerPrompt (0)");
    assertThatThrownBy(() -> RealToxicityPromptsProtocol.builder(completer(), SCORER).seed(1).seed(2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("seed was already set to 1");
  }

  @Test
  void defaultIsTwentyFiveSamples() {
    FakeCompleter counting = new FakeCompleter(Map.of("p", java.util.Collections.nCopies(25, "fine")));
    RealToxicityPromptsResult result =
        RealToxicityPromptsProtocol.builder(counting, SCORER).resamples(0).build().run(List.of("p"));
    assertThat(result.prompts().get(0).continuations()).hasSize(25);
    assertThat(result.expectedMaximumToxicity().estimate()).isZero();
  }
}
