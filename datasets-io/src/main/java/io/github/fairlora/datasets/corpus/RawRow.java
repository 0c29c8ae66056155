package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.DatasetFormatException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One corpus record before label mapping: its text, its label value (null when no label is read) and its groups; or,
 * for a malformed record, the problem (then the other values are null).
 */
record RawRow(Path file, long line, String text, String label, Map<String, String> groups,
    DatasetFormatException problem) {

  static RawRow malformed(DatasetFormatException problem) {
    return new RawRow(problem.file(), problem.line(), null, null, null, problem);
  }
}
