package io.github.fairlora.datasets.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.internal.JsonFields;
import io.github.fairlora.datasets.internal.NumberedLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of one or more JSON Lines files, parsed one line at a time. The text must be a string; label and group values
 * may be strings, numbers or booleans (taken as their text); a group value of null is taken as "". A missing field is
 * malformed. When a file's first record is malformed and the file looks like a known benchmark format, the read ends
 * with a wrong-format error.
 */
final class JsonlRowSource extends RowSource {
  private final String format;
  private final List<Path> files;
  private final CorpusFields fields;
  private int nextFile;
  private NumberedLines lines;
  private boolean sawRecord;

  JsonlRowSource(String format, List<Path> files, CorpusFields fields) {
    this.format = format;
    this.files = List.copyOf(files);
    this.fields = fields;
  }

  @Override
  RawRow next() throws IOException {
    while (true) {
      if (lines == null) {
        if (nextFile == files.size()) {
          return null;
        }
        lines = NumberedLines.open(files.get(nextFile++));
        opened(lines.file());
        sawRecord = false;
      }
      String text = lines.next();
      if (text == null) {
        lines.close();
        lines = null;
        continue;
      }
      if (text.isBlank()) {
        continue;
      }
      try {
        RawRow row = parse(JsonFields.parseObjectLine(lines.file(), lines.lineNumber(), text));
        sawRecord = true;
        return row;
      } catch (DatasetFormatException problem) {
        if (!sawRecord) {
          sawRecord = true;
          Optional<DatasetFormat> detected = DatasetFormat.detect(lines.file());
          if (detected.isPresent()) {
            throw DatasetFormatException.wrongFormat(lines.file(), format, detected.get(), problem.getMessage());
          }
        }
        return RawRow.malformed(problem);
      }
    }
  }

  private RawRow parse(JsonFields object) {
    String text = object.text(fields.text());
    String label = fields.label() == null ? null : scalar(object, fields.label(), false);
    Map<String, String> groups = new LinkedHashMap<>();
    for (String group : fields.groups()) {
      groups.put(group, scalar(object, group, true));
    }
    return new RawRow(object.file(), object.line(), text, label, groups, null);
  }

  private static String scalar(JsonFields object, String field, boolean nullAsEmpty) {
    JsonNode value = object.node().get(field);
    if (value == null) {
      throw object.problem(field, "a string, number or boolean", (String) null);
    }
    if (value.isNull()) {
      if (nullAsEmpty) {
        return "";
      }
      throw object.problem(field, "a string, number or boolean", "null");
    }
    if (!value.isValueNode()) {
      throw object.problem(field, "a string, number or boolean", value);
    }
    return value.asText();
  }

  @Override
  public void close() throws IOException {
    if (lines != null) {
      lines.close();
      lines = null;
    }
  }
}
