package io.github.fairlora.datasets;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A delimited text file (RFC 4180 CSV, or the same with tabs) read row by row with commons-csv: fields may be quoted
 * and hold delimiters, doubled quotes and line breaks. The first row is the header. Each row knows the 1-based line it
 * starts on; blank lines are passed over. gzip is read transparently (see {@link DatasetFiles}).
 */
public final class CsvTable implements Closeable {
  private final Path file;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;

  /** One data row. */
  public record Row(Path file, long line, List<String> values) {
    public Row {
      values = List.copyOf(values);
    }

    /** The value at {@code column} (0-based). */
    public String get(int column) {
      return values.get(column);
    }

    /** Number of values in this row. */
    public int size() {
      return values.size();
    }
  }

  private CsvTable(Path file, CSVParser parser) throws IOException {
    this.file = file;
    this.parser = parser;
    this.records = parser.iterator();
    Row first;
    try {
      first = nextRowInternal();
    } catch (DatasetFormatException problem) {
      // Not even a header: say so plainly when the file is an archive or binary.
      Optional<DatasetFormat> detected = DatasetFormat.detect(file);
      if (detected.isPresent()) {
        throw DatasetFormatException.wrongFormat(file, "delimited text", detected.get(), problem.getMessage());
      }
      throw problem;
    }
    this.header = first == null ? List.of() : first.values();
  }

  /** Opens a comma-separated file and reads its header row. */
  public static CsvTable openCsv(Path file) throws IOException {
    return open(file, ',');
  }

  /** Opens a tab-separated file and reads its header row. */
  public static CsvTable openTsv(Path file) throws IOException {
    return open(file, '\t');
  }

  /** Opens a file separated by {@code delimiter} (RFC 4180 quoting) and reads its header row. */
  public static CsvTable open(Path file, char delimiter) throws IOException {
    BufferedReader reader = DatasetFiles.openReader(file);
    try {
      CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
      return new CsvTable(file, CSVParser.builder().setReader(reader).setFormat(format).get());
    } catch (IOException | RuntimeException e) { // the header could not be read: release the file
      reader.close();
      throw e;
    }
  }

  /** The header row's values, as written (empty for an empty file). */
  public List<String> header() {
    return Collections.unmodifiableList(header);
  }

  /** Index of the header column named {@code name} (exact match), if there is one. */
  public OptionalInt column(String name) {
    int index = header.indexOf(name);
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
  }

  /** Index of the first header column whose trimmed name equals one of {@code names}, ignoring case. */
  public OptionalInt columnIgnoringCase(String... names) {
    for (String name : names) {
      for (int index = 0; index < header.size(); index++) {
        if (header.get(index).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return OptionalInt.of(index);
        }
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The next non-blank data row, or empty at the end of the file.
   *
   * @throws DatasetFormatException when the file's quoting is broken or its bytes are not UTF-8; the parser cannot
   *     find the next row after either, so this ends the read in every mode
   */
  public Optional<Row> next() throws IOException {
    return Optional.ofNullable(nextRowInternal());
  }

  private Row nextRowInternal() throws IOException {
    while (true) {
      long startLine = parser.getCurrentLineNumber() + 1;
      CSVRecord record;
      try {
        if (!records.hasNext()) {
          return null;
        }
        record = records.next();
      } catch (UncheckedIOException e) {
        throw structureProblem(startLine, e.getCause());
      } catch (IllegalStateException e) {
        throw structureProblem(startLine, e.getCause() == null ? e : e.getCause());
      }
      if (record.size() == 1 && record.get(0).isBlank()) {
        continue;
      }
      List<String> values = new ArrayList<>(record.size());
      record.forEach(values::add);
      return new Row(file, startLine, values);
    }
  }

  private DatasetFormatException structureProblem(long startLine, Throwable cause) {
    if (cause instanceof CharacterCodingException) {
      return DatasetFormatException.malformed(file, startLine, null, "UTF-8 text", "bytes that are not UTF-8", cause);
    }
    String detail = cause == null ? "unreadable data" : String.valueOf(cause.getMessage());
    return DatasetFormatException.malformed(
        file, startLine, null, "a well-formed delimited row (quoted fields closed by a quote)", detail, cause);
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
