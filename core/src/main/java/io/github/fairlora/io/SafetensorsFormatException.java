package io.github.fairlora.io;

import java.io.IOException;

/**
 * A safetensors file that breaks the format (header length, JSON, offsets, sizes, dtypes). The message names the file
 * and the tensor or field at fault, and what was expected.
 */
public final class SafetensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A format error described by {@code message}, which already names the file and the tensor or field. */
  public SafetensorsFormatException(String message) {
    super(message);
  }

  /** A format error described by {@code message}, caused by {@code cause} (e.g. the JSON parser's error). */
  public SafetensorsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
