package io.github.fairlora.datasets;

/**
 * What a loader does with a malformed record (a row, line or JSON element that does not fit the format).
 *
 * <p>Problems that make the rest of a file unreadable are thrown in both modes: a file of another known format, a CSV
 * header without the required columns, an unterminated quoted CSV field, bytes that are not UTF-8.
 */
public enum ReadMode {
  /** The first malformed record throws a {@link DatasetFormatException} naming file, line, field and expectation. */
  STRICT,
  /** Malformed records are skipped; each is counted, with its reason, in the {@link ReadReport}. */
  LENIENT
}
