package io.github.fairlora.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.datasets.benchmarks.CrowsPair;
import io.github.fairlora.datasets.benchmarks.CrowsPairsLoader;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.testing.SharedFiles;
import io.github.fairlora.text.SentencePieceBpeTokenizer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** CrowS-Pairs on the real file with the real stories260K model. */
class CrowsPairsStories260KTest {

  @Test
  void scoresAllPairsPerTypeAndEachLikelihoodIsTheSumOfTheModelsTokenLogProbabilities() throws Exception {
    Decoder model = Llama2c.load(SharedFiles.require("models/stories260K/stories260K.bin"));
    SentencePieceBpeTokenizer tokenizer = SentencePieceBpeTokenizer.load(
        SharedFiles.require("models/stories260K/tok512.bin"), model.config().vocabularySize());
    List<CrowsPair> pairs = CrowsPairsLoader.create().loadAll(
        SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv"));
    List<CrowsPairsItem> items = pairs.stream()
        .map(pair -> new CrowsPairsItem(pair.sentMore(), pair.sentLess(),
            pair.direction() == CrowsPair.Direction.STEREO ? "stereo" : "antistereo", pair.biasType()))
        .toList();

    long start = System.nanoTime();
    CrowsPairsResult result = CrowsPairsProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(items);
    System.out.printf("CrowS-Pairs with stories260K: %d pairs scored in %.1f s, stereotype share %.4f%n",
        result.pairs().size(), (System.nanoTime() - start) / 1e9, result.stereotypeShare());

    assertThat(result.pairs()).hasSize(1508);
    // The one-call form, with the tokenizer attached to the model, scores the same pairs (to float rounding of the
    // multi-threaded kernels) and so finds the same stereotypical pairs.
    CrowsPairsResult oneCall = CrowsPairsProbe.evaluate(model.setTokenizer(tokenizer),
        SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv"));
    assertThat(oneCall.pairs()).hasSameSizeAs(result.pairs());
    for (int i = 0; i < result.pairs().size(); i++) {
      assertThat(oneCall.pairs().get(i).stereotypicalScore()).as("pair %d", i)
          .isCloseTo(result.pairs().get(i).stereotypicalScore(), Offset.offset(1e-3));
      assertThat(oneCall.pairs().get(i).antiStereotypicalScore()).as("pair %d", i)
          .isCloseTo(result.pairs().get(i).antiStereotypicalScore(), Offset.offset(1e-3));
    }
    assertThat(oneCall.stereotypeIndicators()).containsExactly(result.stereotypeIndicators());
    Map<String, Integer> expectedPerType = new TreeMap<>();
    pairs.forEach(p -> expectedPerType.merge(p.biasType(), 1, Integer::sum));
    assertThat(result.byBiasType()).hasSize(9);
    expectedPerType.forEach((type, count) -> assertThat(result.byBiasType().get(type).pairs()).as(type).isEqualTo(count));
    assertThat(result.stereotypeShare()).isBetween(0.0, 1.0);

    // A pair's log-likelihoods equal the sums of the model's own per-token log-probabilities after BOS.
    for (int index : new int[] {0, 777, 1507}) {
      CrowsPairsItem item = items.get(index);
      int[] more = tokenizer.encode(item.sentMore(), true, false);
      int[] less = tokenizer.encode(item.sentLess(), true, false);
      float[][] perToken = model.tokenLogProbabilities(List.of(more, less));
      double sumMore = 0;
      for (float v : perToken[0]) {
        sumMore += v;
      }
      double sumLess = 0;
      for (float v : perToken[1]) {
        sumLess += v;
      }
      PairScore score = result.pairs().get(index);
      // As in lm-evaluation-harness, sent_more is the stereotypical side whatever the stereo/antistereo column says.
      double scoredMore = score.stereotypicalScore();
      double scoredLess = score.antiStereotypicalScore();
      assertThat(scoredMore).as("pair %d sent_more", index).isCloseTo(sumMore, Offset.offset(1e-3));
      assertThat(scoredLess).as("pair %d sent_less", index).isCloseTo(sumLess, Offset.offset(1e-3));
    }
  }
}
