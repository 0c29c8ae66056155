package io.github.fairlora.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A results file that could not be read: not JSON, or a field missing, of the wrong type or out of range. */
public final class ResultsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;

  /**
   * @param file the file being read
   * @param field the JSON path of the offending field (e.g. "metrics[3].lower"), or null when the whole file is at fault
   * @param detail what was wrong and what was expected
   * @param cause the underlying error, or null
   */
  public ResultsFormatException(Path file, String field, String detail, Throwable cause) {
    super(file + (field == null ? "" : ": field " + field) + ": " + detail, cause);
    this.file = file;
    this.field = field;
  }

  /** The file being read. */
  public Path file() {
    return file;
  }

  /** The JSON path of the offending field, when one field is at fault. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
