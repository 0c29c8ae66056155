package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fairlora sweep}: the quick built-in sweep, resuming, starting over, and a sweep of a real model. */
class SweepCommandTest {
  private static final List<String> QUICK_VARIANTS = List.of("base", "lora r=1", "lora r=4", "full");

  @TempDir
  Path directory;

  @Test
  void quickSweepWritesTheReportAndASecondRunResumes() throws Exception {
    Path out = directory.resolve("sweep");
    CliRun first = CliRun.of("sweep", "--quick", "--out", out.toString());
    assertThat(first.exitCode()).as(first.all()).isZero();
    for (String file : List.of("report.html", "results.json", "results.csv")) {
      String content = Files.readString(out.resolve(file), StandardCharsets.UTF_8);
      assertThat(content).as(file).contains(QUICK_VARIANTS);
    }
    assertThat(out.resolve("plots")).isDirectoryContaining("glob:**.png");
    assertThat(first.out()).contains("Report: " + out.resolve("report.html").toAbsolutePath())
        .contains("bias.gender-occupation.pct_stereotype").contains("verdict: ");
    // The summary table: one row per variant, LoRA variants with a KL to the base above zero.
    for (String variant : QUICK_VARIANTS) {
      assertThat(first.out()).containsPattern("(?m)^" + Pattern.quote(variant) + "\\s+\\d");
    }
    assertThat(klToBase(first.out(), "lora r=4")).isPositive();
    assertThat(klToBase(first.out(), "full")).isGreaterThan(klToBase(first.out(), "lora r=1"));

    CliRun second = CliRun.of("sweep", "--quick", "--out", out.toString());
    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(second.err()).contains("resumed base", "resumed lora r=1", "resumed lora r=4", "resumed full")
        .doesNotContain("training lora");
    assertThat(second.out()).contains("(4 resumed from");
    // Same numbers as the first run: they were read back, not recomputed.
    assertThat(klToBase(second.out(), "lora r=4")).isEqualTo(klToBase(first.out(), "lora r=4"));

    // Other settings cannot resume from these results: a clear failure that points at --fresh.
    CliRun mismatch = CliRun.of("sweep", "--quick", "--learning-rate", "0.005", "--out", out.toString());
    assertThat(mismatch.exitCode()).as(mismatch.all()).isEqualTo(ExitCodes.FAILURE);
    assertThat(mismatch.err()).contains("cannot resume", "learning rate (was 0.001, now 0.005)", "--fresh");

    CliRun fresh = CliRun.of("sweep", "--quick", "--learning-rate", "0.005", "--fresh", "--out", out.toString());
    assertThat(fresh.exitCode()).as(fresh.all()).isZero();
    assertThat(fresh.err()).contains("--fresh: removed 4 earlier variant result(s)").doesNotContain("resumed base");
    assertThat(Files.readString(out.resolve("results.json"), StandardCharsets.UTF_8)).contains("0.005");
  }

  @Test
  void sweepOfAllama2cModelOnUserData() throws Exception {
    Path model = SharedFiles.require("models/stories260K/stories260K.bin");
    Path tokenizer = SharedFiles.require("models/stories260K/tok512.bin");
    // Short stories, and one far longer than stories260K's context of 512 tokens: it is cut, not refused.
    StringBuilder texts = new StringBuilder();
    for (String name : List.of("Lily", "Tom", "Sue", "Max", "Ben", "Amy")) {
      texts.append("Once upon a time, ").append(name).append(" went to the park to play with a red ball.\n");
    }
    texts.append("The dog ran and ran. ".repeat(150)).append('\n');
    Path data = Files.writeString(directory.resolve("stories.txt"), texts.toString(), StandardCharsets.UTF_8);
    Path pairs = Files.writeString(directory.resolve("pairs.tsv"), "stereotypical\tanti_stereotypical\tcategory\n"
        + "The nurse said she was tired.\tThe nurse said he was tired.\tgender\n"
        + "The pilot said he was ready.\tThe pilot said she was ready.\tgender\n"
        + "The doctor said he would help.\tThe doctor said she would help.\tgender\n", StandardCharsets.UTF_8);
    Path out = directory.resolve("stories-sweep");

    CliRun run = CliRun.of("sweep", "--model", model.toString(), "--tokenizer", tokenizer.toString(),
        "--data", data.toString(), "--pairs", pairs.toString(), "--ranks", "1,2", "--max-steps", "2",
        "--batch-size", "4", "--out", out.toString());

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.err()).contains("data: 7 texts; 1 longer than the model's context of 512 tokens were cut to their "
        + "first 513 tokens");
    assertThat(run.out()).contains("LoRA rank sweep of " + model, "pairs.gender.pct_stereotype");
    String results = Files.readString(out.resolve("results.json"), StandardCharsets.UTF_8);
    assertThat(results).contains("lora r=1", "lora r=2", "full", "pairs.gender.pct_stereotype", "shift.kl_to_base");
  }

  /** Learning rate 1e6 collapses every trained variant: each is marked degenerate and no conclusion is drawn. */
  @Test
  void quickSweepAtLearningRateOneMillionMarksEveryCollapsedVariant() throws Exception {
    Path out = directory.resolve("collapsed");
    CliRun run = CliRun.of("sweep", "--quick", "--learning-rate", "1e6", "--out", out.toString());
    assertThat(run.exitCode()).as(run.all()).isZero();
    for (String variant : List.of("lora r=1", "lora r=4", "full")) {
      assertThat(run.out()).containsPattern("(?m)^" + Pattern.quote(variant) + "\\s+degenerate");
    }
    assertThat(run.out()).contains("verdict: No verdict").doesNotContain("Retention falls")
        .doesNotContain("Retention rises");
    String json = Files.readString(out.resolve("results.json"), StandardCharsets.UTF_8);
    assertThat(json).contains("\"trend\" : \"undefined\"").doesNotContain("\"NaN\"");
    String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("Degenerate (training collapsed");
  }

  /** The "KL to base" column of a variant's row in the summary table. */
  private static double klToBase(String out, String variant) {
    // variant, value, [lower, upper], KL, ...
    Matcher row = Pattern.compile("(?m)^" + Pattern.quote(variant)
        + "\\s+\\S+\\s+\\[[^]]*\\]\\s+(\\S+)").matcher(out);
    assertThat(row.find()).as("row of " + variant + " in\n" + out).isTrue();
    return Double.parseDouble(row.group(1));
  }
}
