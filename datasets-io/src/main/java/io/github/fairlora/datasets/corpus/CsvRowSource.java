package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.internal.CsvRecordReader;
import io.github.fairlora.datasets.CsvTable;
import io.github.fairlora.datasets.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rows of one or more delimited files, each with a header holding the chosen columns (matched ignoring case). */
final class CsvRowSource extends RowSource {
  private final String format;
  private final List<Path> files;
  private final char delimiter;
  private final CorpusFields fields;
  private int nextFile;
  private CsvTable table;
  private int textColumn;
  private int labelColumn;
  private int[] groupColumns;

  CsvRowSource(String format, List<Path> files, char delimiter, CorpusFields fields) {
    this.format = format;
    this.files = List.copyOf(files);
    this.delimiter = delimiter;
    this.fields = fields;
  }

  /** Opens the first file now, so that a wrong header is reported on opening. */
  CsvRowSource start() throws IOException {
    openNext();
    return this;
  }

  private boolean openNext() throws IOException {
    if (nextFile == files.size()) {
      return false;
    }
    table = CsvTable.open(files.get(nextFile++), delimiter);
    opened(table.file());
    List<String> wanted = new ArrayList<>();
    wanted.add(fields.text());
    if (fields.label() != null) {
      wanted.add(fields.label());
    }
    wanted.addAll(fields.groups());
    CsvRecordReader.requireColumns(table, format, null, wanted.toArray(String[]::new));
    textColumn = table.columnIgnoringCase(fields.text()).getAsInt();
    labelColumn = fields.label() == null ? -1 : table.columnIgnoringCase(fields.label()).getAsInt();
    groupColumns = fields.groups().stream().mapToInt(name -> table.columnIgnoringCase(name).getAsInt()).toArray();
    return true;
  }

  @Override
  RawRow next() throws IOException {
    while (true) {
      if (table == null && !openNext()) {
        return null;
      }
      Optional<CsvTable.Row> next = table.next();
      if (next.isEmpty()) {
        table.close();
        table = null;
        continue;
      }
      CsvTable.Row row = next.get();
      if (row.size() != table.header().size()) {
        return RawRow.malformed(DatasetFormatException.malformed(row.file(), row.line(), null,
            table.header().size() + " fields as in the header " + table.header(), row.size() + " fields: " + row.values()));
      }
      Map<String, String> groups = new LinkedHashMap<>();
      for (int index = 0; index < groupColumns.length; index++) {
        groups.put(fields.groups().get(index), row.get(groupColumns[index]));
      }
      String label = labelColumn < 0 ? null : row.get(labelColumn);
      return new RawRow(row.file(), row.line(), row.get(textColumn), label, groups, null);
    }
  }

  @Override
  public void close() throws IOException {
    if (table != null) {
      table.close();
      table = null;
    }
  }
}
