package io.github.fairlora.examples.cli;

import io.github.fairlora.datasets.DatasetFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code fairlora} command line: {@code sweep} (the rank-sweep audit), {@code fit} (LoRA or full fine-tuning),
 * {@code eval} (bias and toxicity probes) and {@code generate} (sampling). {@link #main} exits with the codes of
 * {@link ExitCodes}; {@link #run} returns them instead, for tests and embedding.
 */
@Command(name = "fairlora", mixinStandardHelpOptions = true, versionProvider = FairloraCli.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Fine-tune small decoder transformers with LoRA and measure what the fine-tuning did to bias and toxicity.",
        "Start with '@|bold fairlora sweep|@': the built-in rank-sweep audit, nothing to download."},
    subcommands = {SweepCommand.class, FitCommand.class, EvalCommand.class, GenerateCommand.class, ScoreCommand.class,
        HelpCommand.class})
public final class FairloraCli implements Runnable {
  private final PrintStream out;
  private final PrintStream err;

  @Spec
  private CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Log fairlora's debug output to stderr, and on failure print the stack trace as well as the "
          + "one-line message.")
  private boolean verbose;

  /** A command line printing results to {@code out} and progress, notes and errors to {@code err}. */
  public FairloraCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    CliLogging.configure(args);
    // The sweep report draws its plots off-screen; a command-line tool never needs a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command line with these arguments and returns the exit code (see {@link ExitCodes}). */
  public static int run(PrintStream out, PrintStream err, String... args) {
    try {
      return commandLine(out, err).execute(args);
    } catch (OutOfMemoryError e) {
      // picocli hands only Exceptions to the handler: an Error would end as a raw stack trace.
      return outOfMemory(e, err);
    }
  }

  /** A one-line message for memory exhaustion that the estimate before training did not foresee; exit code 1. */
  static int outOfMemory(OutOfMemoryError error, PrintStream err) {
    err.println("fairlora: error: out of memory (" + oneLine(error.getMessage()) + "); lower --batch-size, use "
        + "shorter texts, or allow more memory (-Xmx for the heap, -Dorg.bytedeco.javacpp.maxPhysicalBytes for "
        + "native memory)");
    err.flush();
    return ExitCodes.FAILURE;
  }

  /** The configured picocli command line, printing to the given streams. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new FairloraCli(out, err));
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    commandLine.setParameterExceptionHandler(FairloraCli::handleParameterException);
    commandLine.setExecutionExceptionHandler(FairloraCli::handleExecutionException);
    documentExitCodes(commandLine);
    return commandLine;
  }

  /** Where results go. */
  PrintStream out() {
    return out;
  }

  /** Where progress, notes and errors go. */
  PrintStream err() {
    return err;
  }

  /** Whether progress may be drawn as bars redrawn in place (only on an interactive terminal). */
  boolean interactive() {
    return err == System.err && System.console() != null;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: choose one of sweep, fit, eval, generate");
  }

  private static void documentExitCodes(CommandLine commandLine) {
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.descriptions());
    commandLine.getSubcommands().values().forEach(FairloraCli::documentExitCodes);
  }

  /** A usage error: the message, suggestions for a mistyped option, and where to find help; exit code 2. */
  private static int handleParameterException(ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println(name + ": " + oneLine(exception.getMessage()));
    UnmatchedArgumentException.printSuggestions(exception, err);
    err.println("Try '" + name + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** A failure while running: a one-line message (the stack trace too with --verbose); exit code 3 or 1. */
  private static int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    int code = exitCode(exception);
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println(name + ": " + (code == ExitCodes.INPUT ? "input problem: " : "error: ") + message(exception));
    if (verbose(parsed)) {
      exception.printStackTrace(err);
    } else if (code == ExitCodes.FAILURE && !(exception instanceof OutputException)) {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return code;
  }

  /** Input problems are missing, unreadable and malformed files: every I/O or format error while reading. */
  static int exitCode(Throwable exception) {
    if (exception instanceof InputException || exception instanceof IOException
        || exception instanceof UncheckedIOException || exception instanceof DatasetFormatException) {
      return ExitCodes.INPUT;
    }
    return ExitCodes.FAILURE;
  }

  private static String message(Throwable exception) {
    String message = exception.getMessage();
    if (exception instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + message;
    }
    if (exception instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + message;
    }
    if (exception instanceof UncheckedIOException && exception.getCause() != null
        && (message == null || message.equals(exception.getCause().toString()))) {
      return message(exception.getCause());
    }
    return message == null || message.isBlank() ? exception.getClass().getSimpleName() : oneLine(message);
  }

  /** Longest message printed: a message quoting a 50 MB input line must not put 50 MB on stderr. */
  static final int MAXIMUM_MESSAGE_LENGTH = 2_000;

  /** The message on one line, cut to {@link #MAXIMUM_MESSAGE_LENGTH} characters with a note of how much was left. */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    // Cut before the regular expression runs, so that a huge message costs nothing.
    String head = message.length() > 2 * MAXIMUM_MESSAGE_LENGTH ? message.substring(0, 2 * MAXIMUM_MESSAGE_LENGTH)
        : message;
    String line = head.strip().replaceAll("\\s*\\R\\s*", "; ");
    if (line.length() > MAXIMUM_MESSAGE_LENGTH || head.length() < message.length()) {
      int cut = Math.min(line.length(), MAXIMUM_MESSAGE_LENGTH);
      return line.substring(0, cut) + "... (" + (message.length() - cut) + " more characters not shown)";
    }
    return line;
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult result = parsed; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** The version from the build (Maven resource filtering), with the Java runtime. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = FairloraCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"fairlora " + properties.getProperty("version", "(unknown version)"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
  }
}
