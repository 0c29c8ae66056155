package io.github.fairlora.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example program's main, run with --tiny; its output is checked for what the example is meant to show. */
class ExampleProgramsTest {
  @TempDir
  Path directory;

  /** A program's main; examples throw checked exceptions. */
  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  /** Runs {@code main} with System.out captured (System.err, the progress, is swallowed). */
  private static String run(Main main, String... args) throws Exception {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(quiet);
      main.run(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void quickStartFitsMergesGeneratesAndSavesAnAdapterThatLoadsBack() throws Exception {
    Path adapter = directory.resolve("adapter");
    String out = run(QuickStart::main, "--tiny", "--out", adapter.toString());
    Matcher loss = Pattern.compile("LoRA r=16: \\d+ steps, loss ([\\d.]+) -> ([\\d.]+)").matcher(out);
    assertThat(loss.find()).as(out).isTrue();
    assertThat(Double.parseDouble(loss.group(2))).as("loss after fitting").isLessThan(
        Double.parseDouble(loss.group(1)));
    assertThat(Files.readString(adapter.resolve("adapter_config.json"))).containsPattern("\"r\"\\s*:\\s*16");
    assertThat(out).contains("generated (merged model): the nurse said that")
        // The merged model and the base with the saved adapter loaded generate the same sentence.
        .contains("same sentence: true");
  }

  @Test
  void rankSweepInCodeWritesTheReportAndListsEveryVariant() throws Exception {
    Path out = directory.resolve("sweep");
    String printed = run(RankSweepInCode::main, "--tiny", "--out", out.toString());
    assertThat(out.resolve("report.html")).isNotEmptyFile();
    assertThat(printed).contains("report: " + out.resolve("report.html").toAbsolutePath());
    for (String variant : List.of("base", "lora r=1", "lora r=4", "full")) {
      Matcher row = Pattern.compile("(?m)^" + Pattern.quote(variant) + "\\s+([\\d.]+)\\s+([\\d.]+)$")
          .matcher(printed);
      assertThat(row.find()).as(variant + " in\n" + printed).isTrue();
      double stereotype = Double.parseDouble(row.group(1));
      double kl = Double.parseDouble(row.group(2));
      assertThat(stereotype).isBetween(0.0, 100.0);
      // The base model is the reference; every fine-tuned variant moved away from it.
      if (variant.equals("base")) {
        assertThat(kl).isZero();
      } else {
        assertThat(kl).isPositive();
      }
    }
  }

  @Test
  void classifierFairnessAuditFindsTheScreenersBias() throws Exception {
    String out = run(ClassifierFairnessAudit::main, "--tiny", "--out", directory.toString());
    assertThat(directory.resolve("applications.csv")).isNotEmptyFile();
    for (String metric : List.of("accuracy", "selection_rate", "true_positive_rate", "false_positive_rate")) {
      for (String group : List.of("overall", "north", "south")) {
        assertThat(out).containsPattern("(?m)^" + metric + "\\s+" + group + "\\s+[\\d.]+\\s+\\[[\\d.]+, [\\d.]+\\]");
      }
    }
    // The classifier learned the task: the stated qualification decides most labels.
    assertThat(value(out, "accuracy\\s+overall")).isGreaterThan(0.75);
    // The labels are biased against the south: the audit sees it as a selection-rate gap (the classifier copied the
    // screener) or a false-positive-rate gap (it followed the qualification), whichever way it learned.
    double parity = value(out, "demographic_parity_difference");
    double odds = value(out, "equalized_odds_difference");
    assertThat(Math.max(parity, odds)).isGreaterThan(0.1);
    // Every value lies in its bootstrap interval.
    Matcher rows = Pattern.compile("([\\d.]+)\\s+\\[([\\d.]+), ([\\d.]+)\\]").matcher(out);
    int checked = 0;
    while (rows.find()) {
      double estimate = Double.parseDouble(rows.group(1));
      assertThat(estimate).isBetween(Double.parseDouble(rows.group(2)) - 1e-9,
          Double.parseDouble(rows.group(3)) + 1e-9);
      checked++;
    }
    assertThat(checked).isEqualTo(4 * 3 + 2);
  }

  @Test
  void toxicityAuditKeepsIdentityTermsOutOfTheScoreButReportsThem() throws Exception {
    String out = run(ToxicityAudit::main, "--tiny");
    // Identity terms: 0 by default, 2/3 when counted (a rating-1 word weighs (1 + 1) / 3), listed and marked.
    assertThat(out).containsPattern("my queer neighbour.*\\s0\\.000\\s+0\\.667\\s+queer\\* \\(not counted\\)");
    assertThat(out).containsPattern("homosexual man.*\\s0\\.000\\s+0\\.667\\s+homosexual\\*");
    // Obfuscation is undone: s.t.u.p.i.d is "stupid" (rating 2, weight 1).
    assertThat(out).containsPattern(
        "s\\.t\\.u\\.p\\.i\\.d and lazy\\s+1\\.000\\s+1\\.000\\s+s\\.t\\.u\\.p\\.i\\.d, lazy");
    // Two insults combine by noisy-or: 1 - (1 - 2/3)^2 = 8/9.
    assertThat(out).containsPattern("cruel and dishonest.*\\s0\\.889\\s+0\\.889");
    // Whole words only: "class" and "assumed" do not contain a match.
    assertThat(out).containsPattern("(?m)^the class assumed the answer was right\\s+0\\.000\\s+0\\.000\\s*$");
    for (String group : List.of("northerners", "southerners", "easterners", "westerners")) {
      assertThat(out).containsPattern("(?m)^" + group + "\\s+[01]\\.\\d{3}\\s+\\(\\d+ completions\\)");
    }
  }

  @Test
  void logitLensComparisonAgreesAtTheEmbeddingAndDivergesAfterTheAdaptedBlocks() throws Exception {
    String out = run(LogitLensExample::main, "--tiny");
    double[] embedding = row(out, "embedding");
    double[] last = row(out, "block 2");
    // LoRA leaves the embedding, final norm and head alone: read at layer 0, the two models are the same model.
    assertThat(embedding[0]).isZero();
    assertThat(embedding[1]).isZero();
    assertThat(embedding[2]).isZero();
    assertThat(last[0]).isPositive();
    assertThat(last[1]).isPositive();
    // Each model's last layer is its output: zero KL from the final layer.
    assertThat(last[3]).isZero();
    assertThat(last[4]).isZero();
    assertThat(out).containsPattern("(?m)^block 1\\s");
  }

  @Test
  void examplesRefuseUnknownArguments() {
    assertThatThrownBy(() -> QuickStart.main(new String[] {"--tiyn"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown argument '--tiyn'")
        .hasMessageContaining("--tiny");
    assertThatThrownBy(() -> RankSweepInCode.main(new String[] {"--out"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--out needs a value");
  }

  /** The number after {@code label} at the start of a line. */
  private static double value(String out, String label) {
    Matcher matcher = Pattern.compile("(?m)^" + label + "\\s+([\\d.]+)").matcher(out);
    assertThat(matcher.find()).as(label + " in\n" + out).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  /** The five numbers of a logit-lens table row. */
  private static double[] row(String out, String layer) {
    Matcher matcher = Pattern.compile("(?m)^" + layer + "\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+"
        + "([\\d.]+)$").matcher(out);
    assertThat(matcher.find()).as(layer + " in\n" + out).isTrue();
    double[] values = new double[5];
    for (int i = 0; i < 5; i++) {
      values[i] = Double.parseDouble(matcher.group(i + 1));
    }
    return values;
  }
}
