package io.github.fairlora.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small sweep of the built-in experiment: the structure of the results, resuming, and refusing a mismatched resume. */
class RankSweepTest {
  private static BuiltInExperiment.Prepared prepared;
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @BeforeAll
  static void prepare() {
    // A small corpus and short pretraining: this test checks the machinery, not the size of the effect.
    prepared = BuiltInExperiment.prepare(3, 800, 2, QUIET);
  }

  static RankSweep.Builder small() {
    return BuiltInExperiment.sweep(prepared).ranks(1, 4).seeds(0).epochs(1).batchSize(32).resamples(200)
        .progress(QUIET, false);
  }

  @Test
  void resultsHoldEveryVariantMetricAndCurve() throws Exception {
    SweepResults results = small().seeds(0, 1).build().run();
    assertThat(results.variants()).containsExactly(Variant.base(), Variant.lora(1), Variant.lora(4), Variant.full());
    for (Variant variant : results.variants()) {
      assertThat(results.metric(variant, "bias.gender-occupation.pct_stereotype")).as(variant.toString()).isPresent();
      assertThat(results.metric(variant, "toxicity.targeted_group.expected_max")).isPresent();
      assertThat(results.layerCurve(variant, "logit_lens.kl_to_final")).isPresent();
    }
    for (Variant lora : List.of(Variant.lora(1), Variant.lora(4))) {
      MetricResult kl = results.metric(lora, "shift.kl_to_base").orElseThrow();
      assertThat(kl.value()).isGreaterThan(0);
      assertThat(kl.lower()).isLessThanOrEqualTo(kl.value());
      assertThat(results.metric(lora, "shift.kl_to_full")).isPresent();
      // This tiny base model may not have learned the associations: retention is then undefined, not a number.
      boolean defined = !results.verdict().statement().contains("cannot be told apart");
      assertThat(results.metric(lora, "retention." + BuiltInExperiment.VERDICT_METRIC).isPresent())
          .as(results.verdict().statement()).isEqualTo(defined);
      MetricResult stereotype = results.metric(lora, "bias.gender-occupation.pct_stereotype").orElseThrow();
      assertThat(stereotype.seeds()).isEqualTo(2);
      assertThat(stereotype.seedValues()).hasSize(2);
      assertThat(stereotype.lower()).isLessThanOrEqualTo(stereotype.value());
      assertThat(results.layerCurve(lora, "logit_lens.kl_to_base").orElseThrow().layers())
          .isEqualTo(prepared.base().numberOfLayers() + 1);
      assertThat(results.trainings(lora)).hasSize(2);
    }
    // The report of this real sweep: files exist, parse, and name every variant.
    Path reportDirectory = Files.createTempDirectory(SharedFiles.outputDirectory("sweep"), "report");
    SweepReport.ReportFiles files = SweepReport.write(results, reportDirectory);
    assertThat(SweepResultsJson.read(files.json())).isEqualTo(results);
    String csv = Files.readString(files.csv(), StandardCharsets.UTF_8);
    String html = Files.readString(files.html(), StandardCharsets.UTF_8);
    for (Variant variant : results.variants()) {
      assertThat(csv).contains(variant.displayName());
      assertThat(html).contains(variant.displayName());
    }
    assertThat(files.plots()).isNotEmpty().allSatisfy(plot -> assertThat(javax.imageio.ImageIO.read(plot.toFile()))
        .isNotNull());
    // The verdict reads the built-in experiment's headline measure and says which way, with its numbers.
    assertThat(results.verdict().metric()).isEqualTo(BuiltInExperiment.VERDICT_METRIC);
    assertThat(results.verdict().statement()).containsAnyOf("Retention falls with rank", "No clear trend",
        "Retention rises with rank", "No verdict").contains(BuiltInExperiment.VERDICT_METRIC);
    assertThat(results.degenerate()).isEmpty();
    // The base model was not trained and did not move from itself.
    assertThat(results.trainings(Variant.base())).isEmpty();
    assertThat(results.metric(Variant.base(), "shift.kl_to_base")).isEmpty();
    // LoRA trains far fewer parameters than full fine-tuning.
    assertThat(results.trainings(Variant.lora(1)).get(0).trainableParameters())
        .isLessThan(results.trainings(Variant.full()).get(0).trainableParameters() / 10);
  }

  @Test
  void anInterruptedSweepResumesWhereItStopped() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("sweep"), "resume");
    SweepResults first = small().outputDirectory(directory).build().run();
    // Simulate an interruption after the full fine-tune: a LoRA run's results file is gone.
    Files.delete(directory.resolve("variants").resolve("lora-r4-seed0.json"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SweepResults resumed = small().outputDirectory(directory)
        .progress(new PrintStream(log, true, StandardCharsets.UTF_8), false).build().run();
    String printed = log.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("resumed base", "resumed full", "resumed lora r=1").contains("training lora r=4")
        .doesNotContain("training full");
    // Same seed, same data: the recomputed variant matches the first run.
    assertThat(resumed.metric(Variant.lora(4), "bias.gender-occupation.pct_stereotype").orElseThrow().value())
        .isEqualTo(first.metric(Variant.lora(4), "bias.gender-occupation.pct_stereotype").orElseThrow().value());
    assertThat(resumed.metric(Variant.lora(4), "shift.kl_to_full")).isPresent();
    // The report says how long the runs ran, apart from the span from the first session's start.
    assertThat(resumed.startedAt()).as("start of the first session's first run").isBefore(first.finishedAt());
    assertThat(resumed.notes()).anySatisfy(note -> assertThat(note)
        .startsWith("Resumed sweep: 3 of 4 runs were reused from an earlier session.")
        .contains("including the time between sessions; the runs themselves ran "));
    assertThat(first.notes()).noneSatisfy(note -> assertThat(note).startsWith("Resumed sweep"));
    try (Stream<Path> files = Files.list(directory.resolve("variants"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith(".items.json")))
          .hasSize(4);
    }

    assertThatThrownBy(() -> small().learningRate(5e-3).outputDirectory(directory).build().run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot resume")
        .hasMessageContaining("learning rate (was 0.001, now 0.005)");
  }

  @Test
  void runningTimeCountsOverlappingRunsOnceAndLeavesOutThePauses() {
    java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
    // [0, 10] and [5, 15] overlap (15 s together), a pause, then [100, 130] and [110, 120] inside it (30 s).
    List<java.time.Instant[]> runs = List.of(
        new java.time.Instant[] {t0.plusSeconds(100), t0.plusSeconds(130)},
        new java.time.Instant[] {t0, t0.plusSeconds(10)},
        new java.time.Instant[] {t0.plusSeconds(110), t0.plusSeconds(120)},
        new java.time.Instant[] {t0.plusSeconds(5), t0.plusSeconds(15)});
    assertThat(RankSweep.runningTime(runs)).isEqualTo(java.time.Duration.ofSeconds(45));
    assertThat(RankSweep.runningTime(List.of())).isEqualTo(java.time.Duration.ZERO);
  }

  /** A truncated items file, an empty results file and leftover temporary files: each is reported and redone. */
  @Test
  void resumeVerifiesEveryFileItReusesAndCleansTemporaryFiles() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("sweep"), "verify");
    SweepResults first = small().outputDirectory(directory).build().run();
    Path variants = directory.resolve("variants");
    Path items = variants.resolve("lora-r1-seed0.items.json");
    String text = Files.readString(items, StandardCharsets.UTF_8);
    Files.writeString(items, text.substring(0, text.length() / 2), StandardCharsets.UTF_8);
    Path empty = Files.writeString(variants.resolve("lora-r4-seed0.json"), "", StandardCharsets.UTF_8);
    Path leftover = Files.writeString(directory.resolve(".report.html.4711.tmp"), "<html", StandardCharsets.UTF_8);
    Path leftoverRun = Files.writeString(variants.resolve(".full-seed0.json.12.tmp"), "{", StandardCharsets.UTF_8);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SweepResults resumed = small().outputDirectory(directory)
        .progress(new PrintStream(log, true, StandardCharsets.UTF_8), false).build().run();
    String printed = log.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("cannot reuse the finished run lora r=1, seed 0: " + items)
        .contains("cannot reuse the finished run lora r=4, seed 0: ").contains(empty.toString())
        .contains("running it again").contains("training lora r=1").contains("training lora r=4")
        .contains("removed " + leftover).contains("removed " + leftoverRun).doesNotContain("training full");
    assertThat(leftover).doesNotExist();
    assertThat(leftoverRun).doesNotExist();
    // Nothing vanished: the redone runs have every measurement and their retention again, equal to the first run's.
    for (Variant lora : List.of(Variant.lora(1), Variant.lora(4))) {
      List<MetricResult> before = first.metrics().stream().filter(m -> m.variant().equals(lora)).toList();
      assertThat(before).anySatisfy(m -> assertThat(m.metric()).startsWith("retention."));
      for (MetricResult row : before) {
        assertThat(resumed.metric(lora, row.metric()).orElseThrow().value()).as(row.metric()).isEqualTo(row.value());
      }
      assertThat(resumed.metrics().stream().filter(m -> m.variant().equals(lora)).count()).isEqualTo(before.size());
    }
  }

  /** The unit of work is one (variant, seed) run: subsets run in separate sweeps, then the results are assembled. */
  @Test
  void runsExecuteInSubsetsAndAssembleFromTheOutputDirectory() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("sweep"), "subsets");
    RankSweep sweep = small().outputDirectory(directory).build();
    List<RankSweep.Run> runs = sweep.runs();
    assertThat(runs).containsExactly(new RankSweep.Run(Variant.base(), 0), new RankSweep.Run(Variant.full(), 0),
        new RankSweep.Run(Variant.lora(1), 0), new RankSweep.Run(Variant.lora(4), 0));
    assertThatThrownBy(() -> sweep.execute(List.of(runs.get(2))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("run (full, seed 0) first");
    assertThatThrownBy(sweep::assemble).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("4 run(s) are not done").hasMessageContaining("lora r=1, seed 0");

    sweep.execute(runs.subList(0, 2));
    for (RankSweep.Run lora : runs.subList(2, 4)) {
      small().outputDirectory(directory).build().execute(List.of(lora));  // as another machine would
    }
    SweepResults assembled = small().outputDirectory(directory).build().assemble();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SweepResults whole = small().outputDirectory(directory)
        .progress(new PrintStream(log, true, StandardCharsets.UTF_8), false).build().run();
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("training");
    assertThat(assembled.metrics()).isEqualTo(whole.metrics());
    assertThat(assembled.verdict()).isEqualTo(whole.verdict());
  }

  /** Learning rate 1e6: every trained variant collapses; each is marked, and no conclusion is drawn. */
  @Test
  void collapsedVariantsAreMarkedDegenerateAndNoVerdictIsDrawn() throws Exception {
    SweepResults results = small().learningRate(1e6).build().run();
    assertThat(results.degenerate()).containsOnlyKeys(Variant.full(), Variant.lora(1), Variant.lora(4));
    assertThat(results.degenerate().get(Variant.lora(1))).containsAnyOf("training collapsed", "training diverged",
        "no longer depends on the input");
    assertThat(results.verdict().trend()).isEqualTo(RetentionAnalysis.Trend.UNDEFINED);
    assertThat(results.verdict().statement()).startsWith("No verdict");
    assertThat(results.verdict().slope()).isNaN();
    assertThat(results.metrics()).noneMatch(m -> m.metric().startsWith("retention."));
    assertThat(results.notes()).anySatisfy(note -> assertThat(note).contains("lora r=1 is degenerate"));
    String json = SweepResultsJson.toJsonString(results);
    assertThat(json).contains("\"degenerate\" : true").doesNotContain("\"NaN\"");
  }

  /** Labeled data: every variant gets a classifier; the base model is measured through a head on frozen weights. */
  @Test
  void classificationSweepReportsGroupFairnessForEveryVariant() throws Exception {
    List<String> groups = io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus.groups();
    List<String> insults = io.github.fairlora.datasets.synthetic.InsultLexicon.words();
    List<String> neutral = io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus.neutralAdjectives();
    java.util.Random random = new java.util.Random(11);
    List<io.github.fairlora.train.LabeledText> train = new java.util.ArrayList<>();
    List<String> testTexts = new java.util.ArrayList<>();
    List<String> testGroups = new java.util.ArrayList<>();
    int[] testLabels = new int[120];
    for (int i = 0; i < 320; i++) {
      boolean toxic = random.nextBoolean();
      String group = groups.get(random.nextInt(groups.size()));
      String adjective = toxic ? insults.get(random.nextInt(insults.size())) : neutral.get(random.nextInt(neutral.size()));
      String text = "the " + group + " are " + adjective + " .";
      if (i < 200) {
        train.add(new io.github.fairlora.train.LabeledText(text, toxic ? 1 : 0));
      } else {
        testTexts.add(text);
        testGroups.add(group);
        testLabels[i - 200] = toxic ? 1 : 0;
      }
    }
    SweepResults results = RankSweep.builder(prepared.base(), prepared.tokenizer())
        .fineTuningData(io.github.fairlora.train.TrainingData.labeled(train)).ranks(2).epochs(3).batchSize(16)
        .learningRate(5e-3)
        .probe(SweepProbes.classifierFairness("toxicity-classifier", testTexts, testLabels, "group", testGroups, 1))
        .progress(QUIET, false).build().run();
    for (Variant variant : results.variants()) {
      MetricResult accuracy = results.metric(variant, "fairness.accuracy").orElseThrow();
      assertThat(accuracy.value()).as(variant + " accuracy").isBetween(0.0, 1.0);
      assertThat(results.metric(variant, "fairness.demographic_parity_difference")).isPresent();
      assertThat(results.metric(variant, "fairness.equalized_odds_difference")).isPresent();
    }
    // The task is easy (the adjective decides the label): fine-tuned classifiers get it nearly right.
    assertThat(results.metric(Variant.full(), "fairness.accuracy").orElseThrow().value()).isGreaterThan(0.9);
    assertThat(results.notes()).isNotNull();
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> small().ranks(0)).hasMessage("rank (0) must be positive");
    assertThatThrownBy(() -> small().ranks(2, 2)).hasMessage("rank 2 is listed twice");
    assertThatThrownBy(() -> small().ranks(128).build()).hasMessageContaining("rank 128 exceeds");
    assertThatThrownBy(() -> small().seeds(1, 1)).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> RankSweep.builder(prepared.base(), prepared.tokenizer()).build())
        .hasMessageContaining("no fine-tuning data");
  }
}
