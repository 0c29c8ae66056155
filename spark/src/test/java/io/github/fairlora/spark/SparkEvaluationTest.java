package io.github.fairlora.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.datasets.synthetic.BuiltInBaseModel;
import io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus;
import io.github.fairlora.datasets.synthetic.SyntheticCorpus;
import io.github.fairlora.metrics.bias.CounterfactualPair;
import io.github.fairlora.metrics.bias.CounterfactualProbe;
import io.github.fairlora.metrics.bias.CounterfactualResult;
import io.github.fairlora.datasets.benchmarks.CrowsPair;
import io.github.fairlora.datasets.benchmarks.CrowsPairsLoader;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.metrics.bias.CrowsPairsItem;
import io.github.fairlora.metrics.bias.CrowsPairsProbe;
import io.github.fairlora.metrics.bias.CrowsPairsResult;
import io.github.fairlora.metrics.bias.SentenceScorer;
import io.github.fairlora.sweep.ProbeSources;
import io.github.fairlora.testing.SharedFiles;
import io.github.fairlora.text.SentencePieceBpeTokenizer;
import java.nio.file.Path;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.junit.jupiter.api.Test;

/**
 * A probe's items scored by 4 Spark tasks give the local result: every per-item score, every metric and every
 * bootstrap interval, bit for bit (the metric code is the probe's own, run on the gathered scores).
 */
class SparkEvaluationTest {

  @Test
  void aProbePartitionedOverFourTasksEqualsTheLocalEvaluation() throws Exception {
    TaskThreads.apply(1);
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(11).sentences(1200).build();
    Tokenizer tokenizer = BuiltInBaseModel.tokenizer(corpus);
    // Untrained weights score as deterministically as trained ones, and the test stays fast.
    Decoder model = new Decoder(BuiltInBaseModel.config(tokenizer.vocabularySize()), 3).setTokenizer(tokenizer);
    List<CounterfactualPair> pairs = corpus.probePairs().stream()
        .map(p -> new CounterfactualPair(p.stereotypical(), p.antiStereotypical(), p.category())).toList();
    // More than 4 scorer batches, so every task scores several batches and the last one is short.
    assertThat(2 * pairs.size()).isGreaterThan(4 * SentenceScorer.DEFAULT_BATCH_SIZE);

    CounterfactualResult local = CounterfactualProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(pairs);

    List<Integer> tasksPerStage = new CopyOnWriteArrayList<>();
    try (JavaSparkContext spark = SparkSweepTest.context("local[2]")) {
      spark.sc().addSparkListener(new SparkListener() {
        @Override
        public void onStageCompleted(SparkListenerStageCompleted stage) {
          tasksPerStage.add(stage.stageInfo().numTasks());
        }
      });
      SentenceScorer distributed = SparkLanguageModel.scorer(spark, model, tokenizer, 4);
      CounterfactualResult result = CounterfactualProbe.of(distributed).evaluate(pairs);
      spark.sc().listenerBus().waitUntilEmpty(10_000);

      assertThat(result.pairs()).isEqualTo(local.pairs());
      assertThat(result.overall()).isEqualTo(local.overall());
      assertThat(result.byCategory()).isEqualTo(local.byCategory());
      assertThat(result).isEqualTo(local);
      assertThat(tasksPerStage).isNotEmpty().allSatisfy(tasks -> assertThat(tasks).isEqualTo(4));
    }
  }

  @Test
  void crowsPairsOnStories260kOverFourTasksEqualsTheLocalEvaluation() throws Exception {
    TaskThreads.apply(1);
    Path checkpoint = SharedFiles.require("models/stories260K/stories260K.bin");
    Path csv = SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv");
    Decoder model = Llama2c.load(checkpoint);
    Tokenizer tokenizer = SentencePieceBpeTokenizer.load(checkpoint.resolveSibling("tok512.bin"),
        model.vocabularySize());
    List<CrowsPairsItem> items = new ArrayList<>();
    for (CrowsPair pair : CrowsPairsLoader.create().loadAll(csv)) {
      items.add(ProbeSources.toItem(pair));
    }
    // A slice keeps the test fast; it still spans several batches per task.
    List<CrowsPairsItem> slice = items.subList(0, 400);
    CrowsPairsResult local = CrowsPairsProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(slice);
    try (JavaSparkContext spark = SparkSweepTest.context("local[2]")) {
      CrowsPairsResult distributed = CrowsPairsProbe.of(SparkLanguageModel.scorer(spark, model, tokenizer, 4))
          .evaluate(slice);
      assertThat(distributed).isEqualTo(local);
    }
  }

  @Test
  void rowsComeBackInTheCallersOrderWhateverTheSplit() {
    TaskThreads.apply(1);
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(2).sentences(200).build();
    Tokenizer tokenizer = BuiltInBaseModel.tokenizer(corpus);
    Decoder model = new Decoder(BuiltInBaseModel.config(tokenizer.vocabularySize()), 9);
    List<int[]> sequences = new ArrayList<>();
    for (String text : corpus.balancedTexts().subList(0, 50)) {
      sequences.add(tokenizer.encode(text, true, false));
    }
    // The local rows of the same forward passes: batches of 8 consecutive sequences.
    List<float[]> rows = new ArrayList<>();
    for (int from = 0; from < sequences.size(); from += 8) {
      rows.addAll(List.of(model.tokenLogProbabilities(sequences.subList(from, Math.min(sequences.size(), from + 8)))));
    }
    float[][] expected = rows.toArray(float[][]::new);
    try (JavaSparkContext spark = SparkSweepTest.context("local[2]")) {
      for (int partitions : new int[] {1, 3, 7, 100}) {
        SparkLanguageModel distributed = SparkLanguageModel.of(spark, model, partitions, 8);
        assertThat(distributed.tokenLogProbabilities(sequences)).as(partitions + " partitions")
            .isDeepEqualTo(expected);
        distributed.release();
      }
    }
  }
}
