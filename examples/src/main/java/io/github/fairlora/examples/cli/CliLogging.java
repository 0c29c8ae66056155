package io.github.fairlora.examples.cli;

/**
 * Sets up the command line's logging before anything logs. The binding is slf4j-simple, configured by
 * {@code simplelogger.properties} (WARN and above, to stderr); {@code --verbose} anywhere before {@code --} raises
 * fairlora's loggers to DEBUG and every other logger to INFO. slf4j-simple reads a logger's level when the logger is
 * created, so this must run before the first one is: first thing in {@code main}, before picocli parses.
 */
final class CliLogging {
  static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  static final String FAIRLORA_LEVEL = "org.slf4j.simpleLogger.log.io.github.fairlora";

  private CliLogging() {}

  /** Raises the log levels when the arguments ask for verbose output; a level set with -D is left as it is. */
  static void configure(String[] args) {
    if (verbose(args)) {
      setIfAbsent(DEFAULT_LEVEL, "info");
      setIfAbsent(FAIRLORA_LEVEL, "debug");
    }
  }

  static boolean verbose(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
