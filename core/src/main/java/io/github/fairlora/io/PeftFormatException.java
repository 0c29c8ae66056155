package io.github.fairlora.io;

import java.io.IOException;

/**
 * A PEFT LoRA adapter directory that {@link PeftAdapters#load} cannot apply to the given model: a malformed or
 * unsupported {@code adapter_config.json}, a target the model's family lacks, or an {@code adapter_model.safetensors}
 * whose keys or shapes do not match the configuration and the model. The message names the file and every offending
 * field or key, and what was expected.
 */
public final class PeftFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}, which already names the file and the field or keys at fault. */
  public PeftFormatException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause} (e.g. the JSON parser's error). */
  public PeftFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
