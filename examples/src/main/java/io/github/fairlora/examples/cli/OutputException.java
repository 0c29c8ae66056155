package io.github.fairlora.examples.cli;

/** An output file could not be written; the command exits with {@link ExitCodes#FAILURE}. */
final class OutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
