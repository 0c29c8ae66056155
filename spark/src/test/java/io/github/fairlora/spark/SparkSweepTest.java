package io.github.fairlora.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.sweep.MetricResult;
import io.github.fairlora.sweep.SweepResults;
import io.github.fairlora.sweep.TrainingSummary;
import io.github.fairlora.sweep.Variant;
import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A quick sweep of the built-in experiment run on Spark equals the same sweep run locally, metric for metric and bit
 * for bit (the tasks and the local run use one BLAS thread, so every sum is taken in the same order); resuming
 * resubmits only the missing run; a task that fails its first attempt is retried and the result is unchanged.
 */
class SparkSweepTest {
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private static BuiltInExperiment.Prepared prepared;
  private static SweepResults local;

  /** Tiny on purpose: the test checks that Spark reproduces the local computation, not the size of an effect. */
  static final SweepSettings QUICK = b -> b.ranks(1, 2).seeds(0).epochs(1).maxSteps(4).batchSize(16);

  @BeforeAll
  static void runLocally() throws IOException {
    TaskThreads.apply(1);
    prepared = BuiltInExperiment.prepare(5, 300, 1, QUIET);
    var builder = BuiltInExperiment.sweep(prepared);
    QUICK.applyTo(builder);
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "local");
    local = builder.outputDirectory(directory).progress(QUIET, false).build().run();
  }

  @Test
  void aSweepOnLocal2EqualsTheLocalSweepAndResumesOnlyMissingRuns() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "sweep");
    RankSweepPlan plan = RankSweepPlan.of(BuiltInSweepRecipe.of(prepared, QUICK));
    assertThat(plan.runKeys()).containsExactly("base-seed0", "full-seed0", "lora-r1-seed0", "lora-r2-seed0");
    assertThat(SparkSweep.stages(plan)).containsExactly(List.of("base-seed0", "full-seed0"), List.of("lora-r1-seed0", "lora-r2-seed0"));
    try (JavaSparkContext spark = context("local[2]")) {
      SweepResults distributed = SparkSweep.run(spark, plan, directory, QUIET);
      assertSameResults(distributed, local);

      // An interrupted sweep: one LoRA run's files are gone. Only that run is submitted again.
      Files.delete(directory.resolve("variants/lora-r2-seed0.json"));
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      SweepResults resumed = SparkSweep.run(spark, plan, directory,
          new PrintStream(log, true, StandardCharsets.UTF_8));
      String printed = log.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("2 of 2 runs (base-seed0, full-seed0) already finished")
          .contains("1 of 2 runs (lora-r1-seed0) already finished").contains("running lora-r2-seed0 as 1 task(s)");
      assertSameResults(resumed, local);
    }
  }

  @Test
  void aTaskThatFailsItsFirstAttemptIsRetriedAndTheResultIsUnchanged() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "retry");
    Path markers = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "markers");
    SweepRunPlan plan = new FailingFirstAttempt(RankSweepPlan.of(BuiltInSweepRecipe.of(prepared, QUICK)), "lora-r1-seed0",
        markers.toString());
    // local[2, 2]: two worker threads, and a task may fail twice before the job fails.
    try (JavaSparkContext spark = context("local[2,2]")) {
      SweepResults distributed = SparkSweep.run(spark, plan, directory, QUIET);
      assertThat(markers.resolve("lora-r1-seed0.attempt0")).exists();
      assertThat(markers.resolve("lora-r1-seed0.attempt1")).exists();
      assertSameResults(distributed, local);
    }
  }

  static JavaSparkContext context(String master) {
    SparkConf conf = new SparkConf().setMaster(master).setAppName("fairlora-spark-test")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    JavaSparkContext spark = new JavaSparkContext(conf);
    spark.setLogLevel("ERROR");
    return spark;
  }

  /** Every metric, interval, per-seed value, layer curve, training loss and note is bit-equal. */
  static void assertSameResults(SweepResults actual, SweepResults expected) {
    assertThat(actual.title()).isEqualTo(expected.title());
    assertThat(actual.settings()).isEqualTo(expected.settings());
    assertThat(actual.variants()).isEqualTo(expected.variants());
    assertThat(actual.metricNames()).isEqualTo(expected.metricNames());
    assertThat(actual.metrics()).hasSameSizeAs(expected.metrics());
    for (MetricResult row : expected.metrics()) {
      assertThat(actual.metric(row.variant(), row.metric())).as(row.variant() + " " + row.metric()).contains(row);
    }
    assertThat(actual.metrics()).containsExactlyInAnyOrderElementsOf(expected.metrics());
    assertThat(actual.layerCurves()).containsExactlyInAnyOrderElementsOf(expected.layerCurves());
    assertThat(actual.trainings()).hasSameSizeAs(expected.trainings());
    for (Variant variant : expected.variants()) {
      List<TrainingSummary> want = expected.trainings(variant);
      List<TrainingSummary> got = actual.trainings(variant);
      assertThat(got).hasSameSizeAs(want);
      for (int i = 0; i < want.size(); i++) {
        assertThat(got.get(i).seed()).isEqualTo(want.get(i).seed());
        assertThat(got.get(i).trainingLoss()).as(variant + " loss curve").isEqualTo(want.get(i).trainingLoss());
        assertThat(got.get(i).trainableParameters()).isEqualTo(want.get(i).trainableParameters());
      }
    }
    assertThat(actual.notes()).isEqualTo(expected.notes());
  }

  /** A plan whose run {@code key} throws on its first attempt, leaving a marker file per attempt. */
  static class FailingFirstAttempt implements SweepRunPlan {
    private static final long serialVersionUID = 1L;
    private final SweepRunPlan plan;
    private final String failing;
    private final String markers;

    FailingFirstAttempt(SweepRunPlan plan, String failing, String markers) {
      this.plan = plan;
      this.failing = failing;
      this.markers = markers;
    }

    @Override
    public void runOne(String key, Path outputDirectory, PrintStream progress) throws IOException {
      if (key.equals(failing)) {
        int attempt = TaskContext.get().attemptNumber();
        Files.createFile(Path.of(markers, key + ".attempt" + attempt));
        if (attempt == 0) {
          throw new IllegalStateException("failing the first attempt of " + key + " on purpose");
        }
      }
      plan.runOne(key, outputDirectory, progress);
    }

    @Override
    public List<String> runKeys() {
      return plan.runKeys();
    }

    @Override
    public List<String> prerequisites(String key) {
      return plan.prerequisites(key);
    }

    @Override
    public String finishedMarker(String key) {
      return plan.finishedMarker(key);
    }

    @Override
    public List<String> resultFiles(String key, Path outputDirectory) throws IOException {
      return plan.resultFiles(key, outputDirectory);
    }

    @Override
    public SweepResults assemble(Path outputDirectory, PrintStream progress) throws IOException {
      return plan.assemble(outputDirectory, progress);
    }
  }
}
