package io.github.fairlora.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Debian's chromium headless on a local page, with a fresh profile and a hard time limit, for the report's
 * browser checks. What it prints: Chromium's own noise (D-Bus, GPU and sandbox warnings) on stderr, and, with
 * {@code --enable-logging=stderr}, one line per message the page sends to the console, such as
 * {@code [pid:tid:date:INFO:CONSOLE:1] "Uncaught Error: x", source: file:///...} (errors are logged at INFO level too)
 * and content-security-policy violations ("Loading the image '...' violates the following Content Security Policy
 * directive"). "Failed to load resource" is a DevTools-only message in headless mode; the policy violations and the
 * in-page probe stand in for it.
 */
final class HeadlessChromium {
  private final Path executable;

  private HeadlessChromium(Path executable) {
    this.executable = executable;
  }

  /** /usr/bin/chromium, or chromium / chromium-browser on the PATH; empty when none is installed. */
  static Optional<HeadlessChromium> find() {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("/usr/bin/chromium"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "chromium"));
          candidates.add(Path.of(dir, "chromium-browser"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().map(HeadlessChromium::new);
  }

  /** What one browser run printed. */
  record Run(int exitCode, String stdout, String stderr) {}

  /**
   * Opens {@code page} with the flags every check uses plus {@code extra}, waiting at most {@code limit}; on timeout the
   * browser and its child processes are killed and an {@link AssertionError} is thrown.
   */
  Run run(Path page, Duration limit, String... extra) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("fairlora-chromium-");
    try {
      Path profile = Files.createDirectory(work.resolve("profile"));
      Path out = work.resolve("stdout.txt");
      Path err = work.resolve("stderr.txt");
      List<String> command = new ArrayList<>(List.of(
          executable.toString(),
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--hide-scrollbars",
          "--user-data-dir=" + profile,
          "--enable-logging=stderr",
          "--v=0"));
      command.addAll(List.of(extra));
      command.add(page.toUri().toString());
      Process process = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("chromium did not finish within " + limit + " on " + page + "; stderr so far:\n"
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      deleteTree(work);
    }
  }

  /**
   * The log lines that come from the page: console messages (any level, since headless Chromium logs console errors
   * at INFO), uncaught exceptions and failed loads. Chromium's own warnings (D-Bus, GPU, sandbox) do not match.
   */
  static List<String> pageProblems(String log) {
    return log.lines()
        .filter(line -> line.contains(":CONSOLE") || line.contains("Uncaught")
            || line.contains("Failed to load resource"))
        .toList();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      // Chromium can still be writing crash-pad files into the profile for a moment; leaving a temp dir is harmless.
      if (!Files.exists(root)) {
        throw e;
      }
    }
  }
}
