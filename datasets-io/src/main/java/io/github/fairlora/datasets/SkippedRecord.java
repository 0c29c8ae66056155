package io.github.fairlora.datasets;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One record a {@link ReadMode#LENIENT} read left out, and why.
 *
 * @param file the file it was in (null when the data did not come from a file)
 * @param line 1-based line where the record starts, or 0 when not tied to a line
 * @param field the field to blame, or empty for the record as a whole
 * @param expected what the format requires there
 * @param found what was there instead (quoted, shortened), or empty when nothing was
 */
public record SkippedRecord(Path file, long line, Optional<String> field, String expected, Optional<String> found) {
  public SkippedRecord {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(found, "found");
  }

  /** The record of a skipped problem. */
  public static SkippedRecord of(DatasetFormatException problem) {
    return new SkippedRecord(problem.file(), problem.line(), problem.field(), problem.expected(), problem.found());
  }

  /** The reason without the found value, e.g. "field 'label': expected an integer"; skips are counted by it. */
  public String reason() {
    return field.map(name -> "field '" + name + "': expected " + expected).orElse("expected " + expected);
  }
}
