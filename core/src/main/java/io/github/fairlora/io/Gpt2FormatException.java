package io.github.fairlora.io;

import java.io.IOException;

/**
 * A Hugging Face GPT-2 checkpoint directory that {@link Gpt2#load} cannot use: a malformed or unsupported
 * {@code config.json}, or a {@code model.safetensors} whose tensors do not match it (missing or unexpected keys, wrong
 * shapes, non-finite values). The message names the file and every offending field or key, and what was expected.
 */
public final class Gpt2FormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}, which already names the file and the field or keys at fault. */
  public Gpt2FormatException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause} (e.g. the JSON parser's error). */
  public Gpt2FormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
