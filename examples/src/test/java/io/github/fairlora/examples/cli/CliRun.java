package io.github.fairlora.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One run of the command line through picocli's {@code execute}, with what it printed captured (no System.exit).
 *
 * @param exitCode the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code = FairloraCli.run(outStream, errStream, args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  /** Both streams, for failure messages. */
  String all() {
    return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
  }

  /** The built-in model at test size: a small corpus and one pretraining epoch (a few seconds). */
  static final String[] TINY_BUILT_IN = {"--built-in", "--built-in-sentences", "400", "--pretraining-epochs", "1"};

  /** {@code first} followed by the tiny built-in model options and {@code rest}. */
  static String[] withTinyBuiltIn(String command, String... rest) {
    String[] args = new String[1 + TINY_BUILT_IN.length + rest.length];
    args[0] = command;
    System.arraycopy(TINY_BUILT_IN, 0, args, 1, TINY_BUILT_IN.length);
    System.arraycopy(rest, 0, args, 1 + TINY_BUILT_IN.length, rest.length);
    return args;
  }

  /** A path as a command-line argument. */
  static String arg(Path path) {
    return path.toString();
  }
}
