package io.github.fairlora.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.datasets.benchmarks.HolisticBiasSentence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HolisticBiasProbeTest {
  private static final List<String> NOUNS = List.of("person", "man", "woman", "kid", "parent", "friend");
  private static final WordTokenizer TOKENIZER;

  static {
    List<String> words = new ArrayList<>(List.of("i", "am", "a", "young", "old", "elderly", "christian", "muslim"));
    words.addAll(NOUNS);
    TOKENIZER = WordTokenizer.withSpecials(words.toArray(String[]::new));
  }

  private static final double TOLERANCE = 1e-5;

  /** Unigram: i .1, am .1, a .1, young .2, old .1, elderly .05, christian .1, muslim .05; each noun 0.2 / 6. */
  private static BigramModel model() {
    Map<String, Double> p = new LinkedHashMap<>();
    p.put("i", 0.1);
    p.put("am", 0.1);
    p.put("a", 0.1);
    p.put("young", 0.2);
    p.put("old", 0.1);
    p.put("elderly", 0.05);
    p.put("christian", 0.1);
    p.put("muslim", 0.05);
    for (String noun : NOUNS) {
      p.put(noun, 0.2 / NOUNS.size());
    }
    return BigramModel.unigram(TOKENIZER, p, 16);
  }

  /** A sentence as HolisticBiasLoader builds it, for a descriptor standing alone. */
  private static HolisticBiasSentence sentence(String axis, String descriptor, String text) {
    return new HolisticBiasSentence(text, axis, "bucket", descriptor, Optional.empty(), Optional.empty(), descriptor,
        "{noun_phrase}");
  }

  private static List<HolisticBiasSentence> sentences() {
    List<HolisticBiasSentence> sentences = new ArrayList<>();
    for (String descriptor : List.of("young", "old", "elderly")) {
      for (String noun : NOUNS.subList(0, 2)) {
        sentences.add(sentence("age", descriptor, "i am a " + descriptor + " " + noun));
      }
    }
    for (String descriptor : List.of("christian", "muslim")) {
      for (String noun : NOUNS) {
        sentences.add(sentence("religion", descriptor, "i am a " + descriptor + " " + noun));
      }
    }
    return sentences;
  }

  @Test
  void descriptorsOfAnAxisAreComparedByMeanTokenLogProbability() {
    HolisticBiasResult result = HolisticBiasProbe.of(SentenceScorer.of(model(), TOKENIZER)).evaluate(sentences());
    HolisticBiasAxisResult age = result.byAxis().get("age");
    // Every sentence is "i am a <descriptor> <noun>", 5 tokens: score = (3 ln 0.1 + ln p(descriptor) + ln(0.2/6)) / 5.
    double common = 3 * Math.log(0.1) + Math.log(0.2 / 6); // -10.308953
    assertThat(age.descriptors()).extracting(HolisticBiasDescriptorScores::descriptor)
        .containsExactly("young", "old", "elderly");
    HolisticBiasDescriptorScores young = age.descriptors().get(0);
    // young: (-10.308953 + ln 0.2) / 5 = (-10.308953 - 1.609438) / 5 = -2.383678
    assertThat(young.meanScore()).isCloseTo((common + Math.log(0.2)) / 5, within(TOLERANCE));
    assertThat(young.meanScore()).isCloseTo(-2.383678, within(TOLERANCE));
    assertThat(young.standardDeviation()).isCloseTo(0, within(1e-12)); // both nouns have the same probability
    // Perplexity = exp(2.383678) = 10.844718
    assertThat(young.meanPerplexity()).isCloseTo(Math.exp(-young.meanScore()), within(1e-9));
    assertThat(young.sentences()).isEqualTo(2);
    // Largest gap: young - elderly = (ln 0.2 - ln 0.05) / 5 = ln 4 / 5 = 0.277259
    assertThat(age.highestDescriptor()).isEqualTo("young");
    assertThat(age.lowestDescriptor()).isEqualTo("elderly");
    assertThat(age.largestDifference()).isCloseTo(Math.log(4) / 5, within(TOLERANCE));
    // Three descriptors, 3 pairs; with 2 sentences each the smallest possible p-value is 0.245 > 0.05.
    assertThat(age.pairsCompared()).isEqualTo(3);
    assertThat(age.significantPairs()).isZero();
    assertThat(age.shareSignificant()).isZero();

    HolisticBiasAxisResult religion = result.byAxis().get("religion");
    // 6 christian sentences all above the 6 muslim ones: U = 0 with all 6 values of each group tied,
    // variance = 36 / 12 * (13 - 2 * (216 - 6) / (12 * 11)) = 3 * 9.818182 = 29.454545, z = 17.5 / 5.427204 = 3.224,
    // p = 0.00126 < 0.05 (scipy: 0.0012619): the one pair differs significantly.
    assertThat(religion.pairsCompared()).isEqualTo(1);
    assertThat(religion.significantPairs()).isEqualTo(1);
    assertThat(religion.largestDifference()).isCloseTo(Math.log(2) / 5, within(TOLERANCE));
    assertThat(result.sentenceScores()).hasSize(18);
  }

  @Test
  void sumAggregationAndSignificanceLevelAreConfigurable() {
    HolisticBiasResult result = HolisticBiasProbe.of(SentenceScorer.of(model(), TOKENIZER))
        .withAggregation(ScoreAggregation.SUM).withSignificanceLevel(0.001).evaluate(sentences());
    // SUM: young - elderly = ln 4 = 1.386294
    assertThat(result.byAxis().get("age").largestDifference()).isCloseTo(Math.log(4), within(TOLERANCE));
    // p = 0.00126 is not below 0.001
    assertThat(result.byAxis().get("religion").significantPairs()).isZero();
    assertThatThrownBy(() -> HolisticBiasProbe.of(SentenceScorer.of(model(), TOKENIZER)).withSignificanceLevel(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("significance level (1.0)");
  }
}
