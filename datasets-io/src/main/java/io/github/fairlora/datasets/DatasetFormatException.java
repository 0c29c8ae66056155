package io.github.fairlora.datasets;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset file does not have the expected form. The exception names the file, the 1-based line where the offending
 * record starts (0 when the problem is not tied to a line), the field (when one is to blame), what was expected and
 * what was found.
 *
 * <p>A file of a different known format (say a BBQ JSONL file given to the StereoSet loader) is reported with
 * {@link #detectedFormat()} set and a message of the form "looks like a BBQ JSONL file, not StereoSet JSON".
 */
public final class DatasetFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAXIMUM_FOUND_LENGTH = 120;

  private final transient Path file;
  private final long line;
  private final String field;
  private final String expected;
  private final String found;
  private final DatasetFormat detectedFormat;
  private final boolean wrongFormat;

  private DatasetFormatException(
      Path file, long line, String field, String expected, String found, DatasetFormat detectedFormat,
      boolean wrongFormat, String message, Throwable cause) {
    super(message, cause);
    this.wrongFormat = wrongFormat;
    this.file = file;
    this.line = line;
    this.field = field;
    this.expected = expected;
    this.found = found;
    this.detectedFormat = detectedFormat;
  }

  /**
   * A malformed record.
   *
   * @param file the file read
   * @param line 1-based line where the record starts, or 0 when not tied to a line
   * @param field the field to blame, or null for the record as a whole
   * @param expected what the format requires there, e.g. "one of stereo, antistereo"
   * @param found what the file holds there, or null when nothing (a missing field); long values are shortened
   */
  public static DatasetFormatException malformed(Path file, long line, String field, String expected, String found) {
    return malformed(file, line, field, expected, found, null);
  }

  /** {@link #malformed(Path, long, String, String, String)} with the low-level cause (a JSON or CSV parser error). */
  public static DatasetFormatException malformed(
      Path file, long line, String field, String expected, String found, Throwable cause) {
    Objects.requireNonNull(expected, "expected");
    String shortened = shorten(found);
    StringBuilder message = new StringBuilder(location(file, line));
    if (field != null) {
      message.append(": field '").append(field).append('\'');
    }
    message.append(": expected ").append(expected);
    message.append(shortened == null ? ", found nothing" : ", found " + shortened);
    return new DatasetFormatException(file, line, field, expected, shortened, null, false, message.toString(), cause);
  }

  /**
   * A whole file that is not of the expected format.
   *
   * @param file the file read
   * @param expectedFormat the format the loader reads, e.g. "StereoSet JSON"
   * @param detected the format the file was recognised as, or null when it matches no known format
   * @param detail what exactly did not fit (missing columns, missing top-level field ...)
   */
  public static DatasetFormatException wrongFormat(Path file, String expectedFormat, DatasetFormat detected, String detail) {
    Objects.requireNonNull(expectedFormat, "expectedFormat");
    Objects.requireNonNull(detail, "detail");
    detail = shortenDetail(detail);
    String message = detected == null
        ? location(file, 0) + ": not a " + expectedFormat + " file: " + detail
        : location(file, 0) + ": looks like " + detected.description() + ", not " + expectedFormat + " (" + detail + ")";
    return new DatasetFormatException(file, 0, null, expectedFormat, detail, detected, true, message, null);
  }

  /**
   * A file whose bytes cannot be read as the format at all: damaged compression, say. Reported like a file of the
   * wrong kind, with no line.
   *
   * @param file the file read
   * @param detail what is wrong, e.g. "the gzip data is truncated"
   * @param cause the low-level error
   */
  public static DatasetFormatException damaged(Path file, String detail, Throwable cause) {
    Objects.requireNonNull(detail, "detail");
    return new DatasetFormatException(file, 0, null, "readable content", detail, null, true,
        location(file, 0) + ": " + detail, cause);
  }

  /** The file read, or null when the data did not come from a file. */
  public Path file() {
    return file;
  }

  /** The 1-based line where the offending record starts, or 0 when the problem is not tied to a line. */
  public long line() {
    return line;
  }

  /** The field to blame, when one is. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** What the format requires (for a wrong file: the expected format's name). */
  public String expected() {
    return expected;
  }

  /**
   * What the file holds instead, quoted and shortened to at most 120 characters (for a wrong file: what did not fit);
   * empty when nothing was there.
   */
  public Optional<String> found() {
    return Optional.ofNullable(found);
  }

  /** The known format the file was recognised as, for a file of the wrong kind. */
  public Optional<DatasetFormat> detectedFormat() {
    return Optional.ofNullable(detectedFormat);
  }

  /** True when the whole file is of the wrong kind rather than one record being malformed. */
  public boolean isWrongFormat() {
    return wrongFormat;
  }

  private static String location(Path file, long line) {
    String name = file == null ? "<input>" : file.toString();
    return line > 0 ? name + " line " + line : name;
  }

  /** A wrong-format detail quotes a header or a first line: at most {@value #MAXIMUM_DETAIL_LENGTH} characters. */
  private static final int MAXIMUM_DETAIL_LENGTH = 300;

  private static String shortenDetail(String detail) {
    if (detail.length() <= MAXIMUM_DETAIL_LENGTH) {
      return detail;
    }
    return detail.substring(0, MAXIMUM_DETAIL_LENGTH) + "... (" + (detail.length() - MAXIMUM_DETAIL_LENGTH)
        + " more characters)";
  }

  private static String shorten(String value) {
    if (value == null) {
      return null;
    }
    String quoted = value.length() > MAXIMUM_FOUND_LENGTH ? value.substring(0, MAXIMUM_FOUND_LENGTH) + "..." : value;
    return "'" + quoted.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
  }
}
