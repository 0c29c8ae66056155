package io.github.fairlora.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.examples.cli.FairloraCli;
import io.github.fairlora.sweep.SweepResults;
import io.github.fairlora.sweep.SweepResultsJson;
import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fairlora sweep ... --spark-master local[2]} with this module on the class path: the command line finds the
 * Spark runner through ServiceLoader and writes the same results as the same command without it.
 */
class SparkCommandLineTest {

  @Test
  void theSweepCommandOnSparkWritesTheLocalResults() throws Exception {
    TaskThreads.apply(1);
    Path root = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "cli");
    List<String> common = List.of("sweep", "--built-in", "--built-in-sentences", "300", "--pretraining-epochs", "1",
        "--ranks", "1", "--seeds", "0", "--epochs", "1", "--max-steps", "3", "--batch-size", "16");
    Run local = run(common, "--out", root.resolve("local").toString());
    Run spark = run(common, "--out", root.resolve("spark").toString(), "--spark-master", "local[2]");
    assertThat(local.code()).as(local.err()).isZero();
    assertThat(spark.code()).as(spark.err()).isZero();
    assertThat(spark.err()).contains("spark: master local[2], 3 runs")
        .contains("spark: running base-seed0, full-seed0 as 2 task(s)").contains("spark: running lora-r1-seed0 as 1 task(s)");
    SweepResults expected = SweepResultsJson.read(root.resolve("local/results.json"));
    SweepResults actual = SweepResultsJson.read(root.resolve("spark/results.json"));
    SparkSweepTest.assertSameResults(actual, expected);
    assertThat(root.resolve("spark/report.html")).exists();
  }

  record Run(int code, String out, String err) {}

  static Run run(List<String> common, String... more) {
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FairloraCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
