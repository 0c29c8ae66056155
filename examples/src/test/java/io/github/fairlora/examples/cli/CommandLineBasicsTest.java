package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, version, and the exit codes and messages of bad options and bad input files (nothing slow runs). */
class CommandLineBasicsTest {
  @TempDir
  Path directory;

  @Test
  void topLevelHelpListsTheCommandsAndTheExitCodes() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).contains("Usage: fairlora", "sweep", "fit", "eval", "generate", "--version", "Exit codes:")
        .containsPattern("0\\s+success").containsPattern("2\\s+usage error").containsPattern("3\\s+input problem");
  }

  @Test
  void everyCommandHasHelpWithItsOptionsAndExitCodes() {
    Map<String, List<String>> options = Map.of(
        "sweep", List.of("--out", "--ranks", "--seeds", "--epochs", "--max-steps", "--batch-size", "--learning-rate",
            "--full-learning-rate", "--targets", "--quick", "--fresh", "--model", "--data", "--crows-pairs"),
        "fit", List.of("--model", "--tokenizer", "--built-in", "--data", "--full", "--merged", "--rank", "--out"),
        "eval", List.of("--adapter", "--json", "--crows-pairs", "--honest", "--lexicon", "--pairs", "--rtp"),
        "generate", List.of("PROMPT", "--max-tokens", "--temperature", "--top-k", "--top-p", "--seed", "--adapter"));
    options.forEach((command, names) -> {
      CliRun run = CliRun.of(command, "--help");
      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out()).as(command).contains("Usage: fairlora " + command).contains(names)
          .contains("Exit codes:").containsPattern("3\\s+input problem");
    });
    CliRun viaHelpCommand = CliRun.of("help", "sweep");
    assertThat(viaHelpCommand.out()).contains("Usage: fairlora sweep");
  }

  @Test
  void versionComesFromTheBuild() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    // Maven filled in the project version (an unfiltered resource would print the placeholder).
    assertThat(run.out()).containsPattern("fairlora \\d+\\.\\d+\\.\\d+").doesNotContain("${");
  }

  @Test
  void noCommandAndUnknownOptionsAreUsageErrors() {
    CliRun none = CliRun.of();
    assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("missing command");

    CliRun unknown = CliRun.of("sweep", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("Unknown option: '--bogus'", "Try 'fairlora sweep --help'");

    CliRun misspelled = CliRun.of("sweep", "--rank", "4");
    assertThat(misspelled.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(misspelled.err()).contains("--ranks"); // suggested
  }

  @Test
  void badRankListsNameTheRule() {
    assertUsageError(CliRun.of("sweep", "--ranks", "0,4"), "--ranks: rank (0) must be positive");
    assertUsageError(CliRun.of("sweep", "--ranks", "4,2,4"), "--ranks: rank 4 is listed twice");
    assertUsageError(CliRun.of("sweep", "--ranks", "two"), "'two' is not an int");
    assertUsageError(CliRun.of("sweep", "--ranks", "8,128"), "rank 128 exceeds the built-in model's projection "
        + "dimension (64)");
    assertUsageError(CliRun.of("sweep", "--seeds", "1,1"), "contain a duplicate");
    assertUsageError(CliRun.of("sweep", "--targets", "attention,wings"), "unknown LoRA target 'wings'");
    assertUsageError(CliRun.of("sweep", "--learning-rate", "-1"), "--learning-rate (-1.0) must be positive");
  }

  @Test
  void contradictoryOrMissingOptionsAreUsageErrors() throws IOException {
    Path texts = write("texts.txt", "one line\n");
    assertUsageError(CliRun.of("sweep", "--model", arg(texts)), "--model needs --data");
    assertUsageError(CliRun.of("fit", "--built-in", "--model", arg(texts), "--data", arg(texts)),
        "--model and --built-in exclude each other");
    assertUsageError(CliRun.of("fit", "--data", arg(texts)), "no model");
    assertUsageError(CliRun.of("fit", "--built-in"), "fit needs --data");
    assertUsageError(CliRun.of("fit", "--built-in", "--data", arg(texts), "--full", "--rank", "4"),
        "--rank, --alpha, --dropout and --targets are LoRA settings");
    assertUsageError(CliRun.of("fit", "--built-in", "--data", arg(texts), "--dropout", "1"),
        "--dropout (1.0) must be in [0, 1)");
    assertUsageError(CliRun.of("eval", "--model", arg(texts), "--tokenizer", arg(texts)),
        "eval needs at least one probe");
    assertUsageError(CliRun.of("eval", "--built-in", "--honest", arg(texts)), "--honest needs --lexicon");
    assertUsageError(CliRun.of("generate", "--built-in", "--temperature", "-1"), "--temperature (-1.0) must be");
    assertUsageError(CliRun.of("generate", "--built-in", "--top-p", "0"), "--top-p (0.0) must be in (0, 1]");
    // A llama2.c checkpoint cannot be used without its tokenizer.
    Path checkpoint = write("model.bin", "not really a checkpoint");
    assertUsageError(CliRun.of("generate", "--model", arg(checkpoint)), "needs its tokenizer");
  }

  @Test
  void missingFilesAreInputProblemsNamingTheFile() throws IOException {
    Path texts = write("texts.txt", "one line\n");
    Path missing = directory.resolve("no-such-model.bin");
    CliRun fit = CliRun.of("fit", "--model", arg(missing), "--tokenizer", arg(texts), "--data", arg(texts));
    assertInputProblem(fit, missing.toString());
    assertThat(fit.err()).contains("--model", "no such file or directory");

    Path missingData = directory.resolve("no-such-data.txt");
    assertInputProblem(CliRun.of("fit", "--built-in", "--data", arg(missingData)), missingData.toString());

    Path missingPairs = directory.resolve("pairs.tsv");
    assertInputProblem(CliRun.of("eval", "--built-in", "--pairs", arg(missingPairs)), missingPairs.toString());

    // Checked before the model is loaded (or the built-in one pretrained).
    Path missingAdapter = directory.resolve("adapter");
    assertInputProblem(CliRun.of("generate", "--built-in", "--adapter", arg(missingAdapter)),
        missingAdapter.toString());
    Path checkpoint = write("model.bin", "x");
    Path missingTokenizer = directory.resolve("tok512.bin");
    assertInputProblem(CliRun.of("generate", "--model", arg(checkpoint), "--tokenizer", arg(missingTokenizer)),
        missingTokenizer.toString());
  }

  @Test
  void malformedFilesAreInputProblemsNamingFileAndPlace() throws IOException {
    Path pairs = write("pairs.tsv", "more\tless\n");
    CliRun badHeader = CliRun.of("eval", "--built-in", "--pairs", arg(pairs));
    assertInputProblem(badHeader, pairs.toString());
    assertThat(badHeader.err()).contains("line 1", "stereotypical<TAB>anti_stereotypical<TAB>category");

    Path rows = write("rows.tsv", "stereotypical\tanti_stereotypical\tcategory\nhe cooks\tshe cooks\n");
    CliRun badRow = CliRun.of("eval", "--built-in", "--pairs", arg(rows));
    assertInputProblem(badRow, rows.toString());
    assertThat(badRow.err()).contains("line 2");

    // A checkpoint whose header cannot be right: the loader's message names the file.
    Path checkpoint = write("broken.bin", "0123456789abcdefghijklmnopqrstuvwxyz");
    Path tokenizer = write("tok.bin", "also broken");
    CliRun broken = CliRun.of("generate", "--model", arg(checkpoint), "--tokenizer", arg(tokenizer));
    assertInputProblem(broken, checkpoint.toString());
    assertThat(broken.err()).doesNotContain("\tat ").contains("input problem");

    Path notAModel = Files.createDirectories(directory.resolve("empty-model"));
    CliRun neither = CliRun.of("generate", "--model", arg(notAModel));
    assertInputProblem(neither, notAModel.toString());
    assertThat(neither.err()).contains("is neither a Hugging Face checkpoint directory");
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Path checkpoint = write("broken.bin", "0123456789abcdefghijklmnopqrstuvwxyz");
    Path tokenizer = write("tok.bin", "also broken");
    CliRun run = CliRun.of("generate", "--verbose", "--model", arg(checkpoint), "--tokenizer", arg(tokenizer));
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.err()).contains("\tat io.github.fairlora");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static String arg(Path path) {
    return path.toString();
  }

  private static void assertUsageError(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.all()).contains(message).contains("--help' for usage");
  }

  private static void assertInputProblem(CliRun run, String file) {
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.err()).as(run.all()).contains("input problem").contains(file);
    // One line of message, no stack trace without --verbose.
    assertThat(run.err().strip().lines().count()).as(run.all()).isEqualTo(1);
  }
}
