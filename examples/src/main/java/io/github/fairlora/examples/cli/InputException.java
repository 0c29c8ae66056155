package io.github.fairlora.examples.cli;

/**
 * An input file is missing, unreadable or malformed; the command exits with {@link ExitCodes#INPUT}. The message
 * names the file (and the option it came from, where there is one).
 */
final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InputException(String message) {
    super(message);
  }

  InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
