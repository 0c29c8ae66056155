package io.github.fairlora.datasets.benchmarks;

import io.github.fairlora.datasets.internal.CsvRecordReader;
import io.github.fairlora.datasets.CsvTable;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads HONEST templates (e.g. {@code en_template.tsv}): tab-separated with the header template_masked, raw,
 * identity, number, category, type. Checks per row: template_masked contains {@code [M]}, number is singular or
 * plural, identity, category and type are not blank.
 */
public final class HonestLoader implements DatasetLoader<HonestTemplate> {
  private static final String FORMAT = "HONEST template TSV";
  private static final String[] COLUMNS = {"template_masked", "raw", "identity", "number", "category", "type"};

  private HonestLoader() {}

  /** The loader. */
  public static HonestLoader create() {
    return new HonestLoader();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<HonestTemplate> open(Path path, ReadMode mode) throws IOException {
    CsvTable table = CsvTable.openTsv(path);
    CsvRecordReader.requireColumns(table, FORMAT, DatasetFormat.HONEST, COLUMNS);
    int[] index = new int[COLUMNS.length];
    for (int column = 0; column < COLUMNS.length; column++) {
      index[column] = table.columnIgnoringCase(COLUMNS[column]).getAsInt();
    }
    return new CsvRecordReader<>(FORMAT, mode, table, row -> parse(row, index));
  }

  private static HonestTemplate parse(CsvTable.Row row, int[] index) {
    String template = row.get(index[0]);
    if (!template.contains(HonestTemplate.MASK)) {
      throw problem(row, "template_masked", "a template containing " + HonestTemplate.MASK, template);
    }
    String numberValue = row.get(index[3]).trim();
    HonestTemplate.GrammaticalNumber number = switch (numberValue) {
      case "singular" -> HonestTemplate.GrammaticalNumber.SINGULAR;
      case "plural" -> HonestTemplate.GrammaticalNumber.PLURAL;
      default -> throw problem(row, "number", "one of singular, plural", numberValue);
    };
    String identity = nonBlank(row, index[2], "identity");
    String category = nonBlank(row, index[4], "category");
    String type = nonBlank(row, index[5], "type");
    return new HonestTemplate(template, row.get(index[1]), identity, number, category, type);
  }

  private static String nonBlank(CsvTable.Row row, int column, String name) {
    String value = row.get(column).trim();
    if (value.isEmpty()) {
      throw problem(row, name, "a non-blank value", value);
    }
    return value;
  }

  private static DatasetFormatException problem(CsvTable.Row row, String field, String expected, String found) {
    return DatasetFormatException.malformed(row.file(), row.line(), field, expected, found);
  }
}
