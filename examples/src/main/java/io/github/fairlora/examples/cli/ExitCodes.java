package io.github.fairlora.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every fairlora command: scripts may rely on them. */
public final class ExitCodes {
  private ExitCodes() {}

  /** The command did what it was asked. */
  public static final int SUCCESS = 0;
  /** Anything else went wrong (a one-line message says what; --verbose adds the stack trace). */
  public static final int FAILURE = 1;
  /** A bad option or option value (picocli's default code for invalid input). */
  public static final int USAGE = 2;
  /** An input file is missing, unreadable or malformed (the message names it). */
  public static final int INPUT = 3;
  /** Training collapsed (the model is degenerate); {@code fit --allow-degenerate} keeps the result anyway. */
  public static final int DEGENERATE = 4;

  /** The codes with their meaning, in the order the usage help lists them. */
  static Map<String, String> descriptions() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(" " + SUCCESS, "success");
    codes.put(" " + FAILURE, "any other failure (one-line message; --verbose adds the stack trace)");
    codes.put(" " + USAGE, "usage error: unknown option, bad option value or missing option");
    codes.put(" " + INPUT, "input problem: a missing, unreadable or malformed file (named in the message)");
    codes.put(" " + DEGENERATE, "training collapsed: the model is degenerate (fit --allow-degenerate keeps it)");
    return codes;
  }
}
