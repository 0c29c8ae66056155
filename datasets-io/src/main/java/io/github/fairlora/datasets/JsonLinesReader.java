package io.github.fairlora.datasets;

import io.github.fairlora.datasets.internal.JsonFields;
import java.nio.file.Path;
import java.util.List;

/**
 * A reader of JSON Lines files (one JSON object per line), streaming: one line is parsed at a time with Jackson, so
 * files of any size can be read. A line that is not a JSON object is malformed.
 *
 * @param <T> the record type
 */
public abstract class JsonLinesReader<T> extends TextLinesReader<T> {

  /**
   * @param format display name of the format
   * @param expected the known format read, or null for generic JSON Lines
   * @param files the files to read, in order
   * @param mode what to do with malformed lines
   */
  protected JsonLinesReader(String format, DatasetFormat expected, List<Path> files, ReadMode mode) {
    super(format, expected, files, mode);
  }

  /**
   * Turns one JSON object into a record.
   *
   * @return the record, or null to pass over the object without counting it
   * @throws DatasetFormatException when a field is missing or malformed
   */
  protected abstract T parseObject(JsonFields object);

  @Override
  protected final T parseLine(Path file, long line, String text) {
    return parseObject(JsonFields.parseObjectLine(file, line, text));
  }
}
