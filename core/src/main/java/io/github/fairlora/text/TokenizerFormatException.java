package io.github.fairlora.text;

import java.io.IOException;

/**
 * A tokenizer file that cannot be read because its content is malformed (truncated, inconsistent, not the expected
 * format). The message names the file and the place in it (token index, line) and what was expected there.
 */
public final class TokenizerFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A format error described by {@code message}, which already names the file and the place. */
  public TokenizerFormatException(String message) {
    super(message);
  }

  /** A format error described by {@code message}, caused by {@code cause} (a parser's own error). */
  public TokenizerFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
