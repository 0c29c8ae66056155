package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's SLF4J binding, as a user sees it: {@code main} in a JVM of its own (logging is set up once per
 * process), with no SLF4J warning on stderr, and fairlora's DEBUG lines only with {@code --verbose}.
 */
class CliLoggingTest {
  @TempDir
  Path directory;

  @Test
  void aRunHasNoSlf4jWarningAndVerboseShowsDebugOutput() throws Exception {
    Path texts = Files.writeString(directory.resolve("texts.txt"),
        "the nurse said that she was tired .\nthe engineer said that he was ready .\n", StandardCharsets.UTF_8);

    String plainErr = fit(texts, "plain", false);
    assertThat(plainErr).doesNotContain("SLF4J").doesNotContain("DEBUG").doesNotContain("INFO");
    String verboseErr = fit(texts, "verbose", true);
    assertThat(verboseErr).doesNotContain("SLF4J")
        .containsPattern("DEBUG io\\.github\\.fairlora\\.train\\.Trainer - training [\\d]+ of [\\d]+ parameters");
  }

  @Test
  void verboseIsFoundBeforeTheEndOfOptionsOnly() {
    assertThat(CliLogging.verbose(new String[] {"fit", "--verbose", "--built-in"})).isTrue();
    assertThat(CliLogging.verbose(new String[] {"--verbose", "sweep"})).isTrue();
    assertThat(CliLogging.verbose(new String[] {"generate", "--built-in", "--", "--verbose"})).isFalse();
    assertThat(CliLogging.verbose(new String[] {"fit", "--built-in"})).isFalse();
  }

  /** Runs {@code fairlora fit} on the tiny built-in model in a new JVM; returns its stderr. It must succeed. */
  private String fit(Path texts, String name, boolean verbose) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), FairloraCli.class.getName()));
    if (verbose) {
      command.add("--verbose");
    }
    command.addAll(List.of(CliRun.withTinyBuiltIn("fit", "--data", texts.toString(), "--rank", "2", "--epochs", "1",
        "--out", directory.resolve(name).toString())));
    Path err = directory.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(directory.resolve(name + ".out").toFile())
        .redirectError(err.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("fairlora fit did not finish within 5 minutes");
    }
    String errText = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(errText).isZero();
    return errText;
  }
}
