package io.github.fairlora.datasets;

import io.github.fairlora.datasets.internal.NumberedLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A reader of formats with one record per line, over one or more files read in order. Blank lines are passed over.
 * When the first non-blank line of a file is malformed and the file looks like another known format, the read ends
 * with a wrong-format {@link DatasetFormatException} in every mode, instead of skipping every line of it.
 *
 * @param <T> the record type
 */
public abstract class TextLinesReader<T> extends RecordReader<T> {
  private final String format;
  private final DatasetFormat expected;
  private final List<Path> files;
  private int nextFile;
  private NumberedLines current;
  private boolean sawRecordInCurrent;

  /**
   * @param format display name of the format
   * @param expected the known format read, or null for generic formats
   * @param files the files to read, in order
   * @param mode what to do with malformed lines
   */
  protected TextLinesReader(String format, DatasetFormat expected, List<Path> files, ReadMode mode) {
    super(format, mode);
    this.format = format;
    this.expected = expected;
    this.files = List.copyOf(files);
    if (this.files.isEmpty()) {
      throw new IllegalArgumentException("no files to read");
    }
  }

  /**
   * Parses one non-blank line into a record.
   *
   * @return the record, or null to pass over the line without counting it
   * @throws DatasetFormatException when the line is malformed
   */
  protected abstract T parseLine(Path file, long line, String text);

  /** Called when a file is opened, before its first line; may throw a wrong-format error. */
  protected void startFile(Path file) {}

  @Override
  protected final T readNext() throws IOException {
    while (true) {
      if (current == null) {
        if (nextFile == files.size()) {
          return null;
        }
        Path file = files.get(nextFile++);
        startFile(file);
        current = NumberedLines.open(file);
        sawRecordInCurrent = false;
        fileOpened(file);
      }
      String text;
      try {
        text = current.next();
      } catch (DatasetFormatException notText) {
        if (!sawRecordInCurrent) {
          throwIfOtherFormat(current.file(), notText);
        }
        throw notText;
      }
      if (text == null) {
        current.close();
        current = null;
        continue;
      }
      if (text.isBlank()) {
        continue;
      }
      try {
        T record = parseLine(current.file(), current.lineNumber(), text);
        sawRecordInCurrent = true;
        if (record != null) {
          return record;
        }
      } catch (DatasetFormatException problem) {
        if (!sawRecordInCurrent) {
          sawRecordInCurrent = true;
          throwIfOtherFormat(current.file(), problem);
        }
        skipOrThrow(problem);
      }
    }
  }

  private void throwIfOtherFormat(Path file, DatasetFormatException problem) throws IOException {
    Optional<DatasetFormat> detected = DatasetFormat.detect(file);
    if (detected.isPresent() && detected.get() != expected) {
      DatasetFormatException wrong = DatasetFormatException.wrongFormat(
          file, format, detected.get(), "line " + problem.line() + ": " + problem.getMessage());
      wrong.addSuppressed(problem);
      throw wrong;
    }
  }

  @Override
  protected void release() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
