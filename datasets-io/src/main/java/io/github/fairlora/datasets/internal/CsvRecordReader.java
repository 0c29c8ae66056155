package io.github.fairlora.datasets.internal;

import io.github.fairlora.datasets.CsvTable;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link RecordReader} over the data rows of an open {@link CsvTable} whose header the loader has already checked.
 * A row with another number of fields than the header is malformed; other checks belong to {@code parse}.
 *
 * @param <T> the record type
 */
public final class CsvRecordReader<T> extends RecordReader<T> {
  private final CsvTable table;
  private final Function<CsvTable.Row, T> parse;

  /**
   * @param format display name of the format
   * @param mode what to do with malformed rows
   * @param table the open table (this reader closes it)
   * @param parse turns a row into a record (never null), throwing {@link DatasetFormatException} when it is malformed
   */
  public CsvRecordReader(String format, ReadMode mode, CsvTable table, Function<CsvTable.Row, T> parse) {
    super(format, mode);
    this.table = table;
    this.parse = parse;
    fileOpened(table.file());
  }

  @Override
  protected T readNext() throws IOException {
    int columns = table.header().size();
    while (true) {
      Optional<CsvTable.Row> row = table.next();
      if (row.isEmpty()) {
        return null;
      }
      try {
        if (row.get().size() != columns) {
          throw DatasetFormatException.malformed(table.file(), row.get().line(), null,
              columns + " fields as in the header " + table.header(), row.get().size() + " fields: " + row.get().values());
        }
        return parse.apply(row.get());
      } catch (DatasetFormatException problem) {
        skipOrThrow(problem);
      }
    }
  }

  @Override
  protected void release() throws IOException {
    table.close();
  }

  /**
   * Checks that {@code table}'s header has every one of {@code required} (ignoring case); otherwise closes the table
   * and throws a wrong-format error, naming the format the file looks like when it is recognised.
   */
  public static void requireColumns(CsvTable table, String format, DatasetFormat expected, String... required)
      throws IOException {
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (String column : required) {
      if (table.columnIgnoringCase(column).isEmpty()) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw wrongHeader(table, format, expected, "the header lacks column(s) " + missing + "; found " + table.header());
    }
  }

  /** Closes {@code table} and returns the wrong-format error to throw for it. */
  public static DatasetFormatException wrongHeader(CsvTable table, String format, DatasetFormat expected, String detail)
      throws IOException {
    table.close();
    Optional<DatasetFormat> detected = DatasetFormat.detect(table.file()).filter(found -> found != expected);
    return DatasetFormatException.wrongFormat(table.file(), format, detected.orElse(null), detail);
  }
}
