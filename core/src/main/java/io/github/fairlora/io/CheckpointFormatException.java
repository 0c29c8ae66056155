package io.github.fairlora.io;

import java.io.IOException;

/**
 * A checkpoint that a loader cannot use: a file of the wrong kind, a malformed or unsupported {@code config.json}, a
 * config that disagrees with the weights (missing or unexpected tensors, wrong shapes, non-float dtypes), or a model
 * too large for the memory of this JVM. The message names the file, the field or tensor at fault, and what was
 * expected.
 */
public final class CheckpointFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public CheckpointFormatException(String message) {
    super(message);
  }

  public CheckpointFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
