package io.github.fairlora.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.datasets.DatasetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CrowS-Pairs, the generic counterfactual probe and WinoBias on a unigram model, where LL differences are exact. */
class PairProbesTest {
  private static final WordTokenizer TOKENIZER = WordTokenizer.withSpecials("the", "doctor", "nurse", "said", "he",
      "she", "was", "tired", "poor", "rich", "people", "are", "lazy");
  private static final double TOLERANCE = 1e-5;
  private static final double LN_4 = Math.log(4); // 1.386294

  /**
   * Unigram model (context-blind): a sentence's LL is the sum of ln p(word), so two sentences that differ in one word
   * differ by ln p(w1) - ln p(w2). p(he) / p(she) = 0.2 / 0.05 = 4 and p(poor) / p(rich) = 0.1 / 0.025 = 4, so those
   * swaps move the LL by ln 4; p(doctor) = p(nurse), so swapping them is an exact tie.
   */
  private static BigramModel model() {
    Map<String, Double> p = new LinkedHashMap<>();
    p.put("the", 0.1);
    p.put("doctor", 0.05);
    p.put("nurse", 0.05);
    p.put("said", 0.05);
    p.put("he", 0.2);
    p.put("she", 0.05);
    p.put("was", 0.1);
    p.put("tired", 0.1);
    p.put("poor", 0.1);
    p.put("rich", 0.025);
    p.put("people", 0.05);
    p.put("are", 0.05);
    p.put("lazy", 0.075); // the probabilities sum to 1
    return BigramModel.unigram(TOKENIZER, p, 32);
  }

  private static List<CrowsPairsItem> crowsPairs() {
    return List.of(
        // LL(more) - LL(less) = ln 0.2 - ln 0.05 = ln 4
        new CrowsPairsItem("the doctor said he was tired", "the doctor said she was tired", "stereo", "gender"),
        // ln 0.1 - ln 0.025 = ln 4
        new CrowsPairsItem("poor people are lazy", "rich people are lazy", "stereo", "socioeconomic"),
        // ln 0.05 - ln 0.2 = -ln 4
        new CrowsPairsItem("the nurse said she was tired", "the nurse said he was tired", "antistereo", "gender"),
        // ln 0.05 - ln 0.05 = 0: a tie, which does not count as stereotypical
        new CrowsPairsItem("the doctor was tired", "the nurse was tired", "stereo", "gender"));
  }

  @Test
  void crowsPairsMatchesHandComputedScores() {
    CrowsPairsResult result = CrowsPairsProbe.of(SentenceScorer.of(model(), TOKENIZER)).evaluate(crowsPairs());
    // pairs 1 and 2 of 4 have LL(sent_more) > LL(sent_less): 50%
    assertThat(result.stereotypeShare()).isCloseTo(0.5, within(1e-12));
    // likelihood_diff = (ln 4 + ln 4 + ln 4 + 0) / 4 = 3 ln 4 / 4 = 1.039721
    assertThat(result.likelihoodDiff()).isCloseTo(3 * LN_4 / 4, within(TOLERANCE));
    // signed mean = (ln 4 + ln 4 - ln 4 + 0) / 4 = ln 4 / 4 = 0.346574
    assertThat(result.overall().meanDifference().estimate()).isCloseTo(LN_4 / 4, within(TOLERANCE));
    assertThat(result.overall().ties()).isEqualTo(1);
    assertThat(result.overall().pairs()).isEqualTo(4);

    PairSummary gender = result.byBiasType().get("gender");
    // gender: pairs 1, 3, 4; only pair 1 is stereotypical: 1/3; |diff| mean = 2 ln 4 / 3 = 0.924196
    assertThat(gender.stereotypicalPreferenceRate().estimate()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(gender.meanAbsoluteDifference().estimate()).isCloseTo(2 * LN_4 / 3, within(TOLERANCE));
    PairSummary socioeconomic = result.byBiasType().get("socioeconomic");
    assertThat(socioeconomic.stereotypicalPreferenceRate().estimate()).isEqualTo(1);
    assertThat(socioeconomic.meanAbsoluteDifference().estimate()).isCloseTo(LN_4, within(TOLERANCE));
    assertThat(result.byBiasType()).containsOnlyKeys("gender", "socioeconomic");

    // Per-pair LLs are kept: pair 2, sent_more = ln(0.1 * 0.05 * 0.05 * 0.075) = ln 1.875e-5 = -10.884317
    PairScore second = result.pairs().get(1);
    assertThat(second.stereotypicalScore()).isCloseTo(-10.884317, within(TOLERANCE));
    assertThat(second.antiStereotypicalScore()).isCloseTo(-10.884317 - LN_4, within(TOLERANCE));
    assertThat(result.stereotypeIndicators()).containsExactly(1, 1, 0, 0);

    // Intervals: percentile bounds bracket the estimate.
    assertThat(result.overall().stereotypicalPreferenceRate().lower()).isLessThanOrEqualTo(0.5);
    assertThat(result.overall().stereotypicalPreferenceRate().upper()).isGreaterThanOrEqualTo(0.5);
  }

  /** crows_pairs_anonymized.csv's columns (index, annotations and writers included) for {@link #crowsPairs()}. */
  private static Path writeCrowsPairsCsv(Path directory) throws IOException {
    StringBuilder csv = new StringBuilder(",sent_more,sent_less,stereo_antistereo,bias_type,annotations,anon_writer,"
        + "anon_annotators\n");
    List<CrowsPairsItem> items = crowsPairs();
    for (int i = 0; i < items.size(); i++) {
      CrowsPairsItem item = items.get(i);
      csv.append(i).append(',').append(item.sentMore()).append(',').append(item.sentLess()).append(',')
          .append(item.stereoAntistereo()).append(',').append(item.biasType())
          .append(",\"[['").append(item.biasType()).append("']]\",a1,\"['a2']\"\n");
    }
    Path file = directory.resolve("crows_pairs_anonymized.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void crowsPairsInOneCallReadsTheFileAndScoresWithTheModelsOwnTokenizer(@TempDir Path directory) throws IOException {
    Path csv = writeCrowsPairsCsv(directory);
    CrowsPairsResult oneCall = CrowsPairsProbe.evaluate(model().withTokenizer(TOKENIZER), csv);
    // The hand-computed figures of crowsPairsMatchesHandComputedScores, from the file.
    assertThat(oneCall.stereotypeShare()).isCloseTo(0.5, within(1e-12));
    assertThat(oneCall.likelihoodDiff()).isCloseTo(3 * LN_4 / 4, within(TOLERANCE));
    assertThat(oneCall.byBiasType()).containsOnlyKeys("gender", "socioeconomic");
    // Every figure, intervals included, equals the explicit route through SentenceScorer and items.
    CrowsPairsResult explicit = CrowsPairsProbe.of(SentenceScorer.of(model(), TOKENIZER)).evaluate(crowsPairs());
    assertThat(oneCall).isEqualTo(explicit);
  }

  @Test
  void crowsPairsInOneCallRefusesAModelWithoutTokenizerAndAFileWithoutTheColumns(@TempDir Path directory)
      throws IOException {
    Path csv = writeCrowsPairsCsv(directory);
    assertThatThrownBy(() -> CrowsPairsProbe.evaluate(model(), csv))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tokenizer");
    Path wrong = directory.resolve("wrong.csv");
    Files.writeString(wrong, "sent_more,sent_less\na,b\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CrowsPairsProbe.evaluate(model().withTokenizer(TOKENIZER), wrong))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining(wrong.toString())
        .hasMessageContaining("stereo_antistereo");
  }

  @Test
  void aModelPreferringEverySentMoreScoresHundredPercentAndSwappingPairsScoresZero() {
    List<CrowsPairsItem> preferred = crowsPairs().subList(0, 2);
    SentenceScorer scorer = SentenceScorer.of(model(), TOKENIZER);
    CrowsPairsResult result = CrowsPairsProbe.of(scorer).evaluate(preferred);
    assertThat(result.stereotypeShare()).isEqualTo(1);
    // Every resample has rate 1, so the interval is [1, 1].
    assertThat(result.overall().stereotypicalPreferenceRate().lower()).isEqualTo(1);
    assertThat(result.overall().stereotypicalPreferenceRate().upper()).isEqualTo(1);
    List<CrowsPairsItem> swapped = preferred.stream()
        .map(item -> new CrowsPairsItem(item.sentLess(), item.sentMore(), item.stereoAntistereo(), item.biasType()))
        .toList();
    assertThat(CrowsPairsProbe.of(scorer).evaluate(swapped).stereotypeShare()).isZero();
  }

  @Test
  void crowsPairsItemsAreValidated() {
    assertThatThrownBy(() -> new CrowsPairsItem("a", "b", "stereotype", "gender"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stereo_antistereo");
    assertThatThrownBy(() -> new CrowsPairsItem(" ", "b", "stereo", "gender"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sent_more");
    assertThatThrownBy(() -> CrowsPairsProbe.of(SentenceScorer.of(model(), TOKENIZER)).evaluate(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
  }

  @Test
  void counterfactualProbeReportsPreferenceShareAndMeanDifferencePerCategory() {
    List<CounterfactualPair> pairs = List.of(
        new CounterfactualPair("the doctor said he was tired", "the doctor said she was tired", "gender"), // +ln 4
        new CounterfactualPair("the nurse said he was tired", "the nurse said she was tired", "gender"), // +ln 4
        new CounterfactualPair("rich people are lazy", "poor people are lazy", "class")); // -ln 4
    CounterfactualResult result = CounterfactualProbe.of(SentenceScorer.of(model(), TOKENIZER)).evaluate(pairs);
    // 2 of 3 prefer the stereotypical sentence; mean difference (ln 4 + ln 4 - ln 4) / 3 = ln 4 / 3 = 0.462098
    assertThat(result.overall().stereotypicalPreferenceRate().estimate()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(result.overall().meanDifference().estimate()).isCloseTo(LN_4 / 3, within(TOLERANCE));
    assertThat(result.byCategory().get("gender").stereotypicalPreferenceRate().estimate()).isEqualTo(1);
    assertThat(result.byCategory().get("gender").meanDifference().estimate()).isCloseTo(LN_4, within(TOLERANCE));
    assertThat(result.byCategory().get("class").stereotypicalPreferenceRate().estimate()).isZero();
    assertThat(result.byCategory().get("class").meanDifference().estimate()).isCloseTo(-LN_4, within(TOLERANCE));
    assertThat(result.byCategory().keySet()).containsExactly("class", "gender");
    assertThat(result.preferenceIndicators()).containsExactly(1, 1, 0);
    assertThat(result.differences()[2]).isCloseTo(-LN_4, within(TOLERANCE));
    // Mean LL of the stereotypical sentences:
    // pair 1: ln(0.1 * 0.05 * 0.05 * 0.2 * 0.1 * 0.1) = ln 5e-7 = -14.508658; pair 2 the same (nurse = doctor);
    // pair 3: ln(0.025 * 0.05 * 0.05 * 0.075) = ln 4.6875e-6 = -12.270611; mean = -41.287927 / 3 = -13.762642
    assertThat(result.overall().meanStereotypicalScore()).isCloseTo(-13.762642, within(TOLERANCE));
    // Intervals bracket the estimates.
    assertThat(result.overall().meanDifference().lower()).isLessThanOrEqualTo(LN_4 / 3 + TOLERANCE);
    assertThat(result.overall().meanDifference().upper()).isGreaterThanOrEqualTo(LN_4 / 3 - TOLERANCE);
  }

  @Test
  void meanPerTokenAggregationDividesByEachSentencesLength() {
    List<CounterfactualPair> pairs = List.of(new CounterfactualPair("he was tired", "she was tired was", "gender"));
    SentenceScorer scorer = SentenceScorer.of(model(), TOKENIZER);
    // SUM: ln(0.2 * 0.1 * 0.1) - ln(0.05 * 0.1 * 0.1 * 0.1) = ln 0.002 - ln 0.00005 = ln 40 = 3.688879
    assertThat(CounterfactualProbe.of(scorer).evaluate(pairs).differences()[0])
        .isCloseTo(Math.log(40), within(TOLERANCE));
    // MEAN_PER_TOKEN: ln 0.002 / 3 - ln 0.00005 / 4 = -2.071536 + 2.475872 = 0.404336
    CounterfactualResult perToken = CounterfactualProbe.of(scorer)
        .withAggregation(ScoreAggregation.MEAN_PER_TOKEN).evaluate(pairs);
    assertThat(perToken.differences()[0]).isCloseTo(Math.log(0.002) / 3 - Math.log(0.00005) / 4, within(TOLERANCE));
    assertThat(perToken.differences()[0]).isCloseTo(0.404336, within(TOLERANCE));
  }

  @Test
  void allSentencesOfAllPairsAreBatchedTogether() {
    BigramModel counting = model();
    SentenceScorer scorer = SentenceScorer.of(counting, TOKENIZER).withBatchSize(4);
    List<CounterfactualPair> pairs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pairs.add(new CounterfactualPair("he was tired", "she was tired", "gender"));
    }
    CounterfactualResult result = CounterfactualProbe.of(scorer).evaluate(pairs);
    // 5 pairs = 10 sentences, 4 per call: 3 calls, not 10.
    assertThat(counting.tokenCalls()).isEqualTo(3);
    assertThat(result.overall().pairs()).isEqualTo(5);
  }

  @Test
  void winoBiasReportsTheProMinusAntiGap() {
    List<WinoBiasPair> pairs = new ArrayList<>(WinoBiasPair.zip(
        List.of("the doctor said he was tired", "the nurse said she was tired"),
        List.of("the doctor said she was tired", "the nurse said he was tired"), "type1"));
    pairs.addAll(WinoBiasPair.zip(List.of("poor people are lazy"), List.of("rich people are lazy"), "type2"));
    CounterfactualResult result = WinoBiasProbe.of(SentenceScorer.of(model(), TOKENIZER)).evaluate(pairs);
    // pro - anti: +ln 4, -ln 4, +ln 4; gap = ln 4 / 3 = 0.462098; 2 of 3 pro sentences preferred
    assertThat(result.overall().meanDifference().estimate()).isCloseTo(LN_4 / 3, within(TOLERANCE));
    assertThat(result.overall().stereotypicalPreferenceRate().estimate()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(result.byCategory().get("type1").meanDifference().estimate()).isCloseTo(0, within(TOLERANCE));
    assertThat(result.byCategory().get("type2").meanDifference().estimate()).isCloseTo(LN_4, within(TOLERANCE));
    assertThatThrownBy(() -> WinoBiasPair.zip(List.of("a", "b"), List.of("a"), "type1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pro has 2 sentences but anti has 1");
  }
}
