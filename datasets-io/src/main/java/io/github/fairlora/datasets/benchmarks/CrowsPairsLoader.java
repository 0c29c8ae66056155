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
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads CrowS-Pairs ({@code crows_pairs_anonymized.csv}): RFC 4180 CSV whose header has sent_more, sent_less,
 * stereo_antistereo and bias_type, and usually an unnamed (or "index"/"id") first column, annotations, anon_writer
 * and anon_annotators. Sentences may hold quotes and line breaks. Checks per row: an integer index, non-blank
 * sentences, stereo_antistereo one of stereo/antistereo, bias_type one of {@link CrowsPair#BIAS_TYPES}, and the
 * annotation columns well-formed Python list literals. Without an index column, pairs are numbered 0, 1, ... in file
 * order.
 */
public final class CrowsPairsLoader implements DatasetLoader<CrowsPair> {
  private static final String FORMAT = "CrowS-Pairs CSV";

  private CrowsPairsLoader() {}

  /** The loader. */
  public static CrowsPairsLoader create() {
    return new CrowsPairsLoader();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<CrowsPair> open(Path path, ReadMode mode) throws IOException {
    CsvTable table = CsvTable.openCsv(path);
    CsvRecordReader.requireColumns(table, FORMAT, DatasetFormat.CROWS_PAIRS,
        "sent_more", "sent_less", "stereo_antistereo", "bias_type");
    Columns columns = new Columns(
        table.columnIgnoringCase("", "index", "id", "Unnamed: 0"),
        table.columnIgnoringCase("sent_more").getAsInt(),
        table.columnIgnoringCase("sent_less").getAsInt(),
        table.columnIgnoringCase("stereo_antistereo").getAsInt(),
        table.columnIgnoringCase("bias_type").getAsInt(),
        table.columnIgnoringCase("annotations"),
        table.columnIgnoringCase("anon_writer"),
        table.columnIgnoringCase("anon_annotators"));
    int[] sequence = {0};
    return new CsvRecordReader<>(FORMAT, mode, table, row -> parse(row, columns, sequence[0]++));
  }

  private record Columns(
      OptionalInt index, int sentMore, int sentLess, int direction, int biasType, OptionalInt annotations,
      OptionalInt writer, OptionalInt annotators) {}

  private static CrowsPair parse(CsvTable.Row row, Columns columns, int position) {
    int index = position;
    if (columns.index().isPresent()) {
      String value = row.get(columns.index().getAsInt()).trim();
      try {
        index = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw problem(row, "index", "an integer", value);
      }
    }
    String sentMore = row.get(columns.sentMore());
    String sentLess = row.get(columns.sentLess());
    if (sentMore.isBlank()) {
      throw problem(row, "sent_more", "a non-blank sentence", sentMore);
    }
    if (sentLess.isBlank()) {
      throw problem(row, "sent_less", "a non-blank sentence", sentLess);
    }
    requireSentenceLength(row, "sent_more", sentMore);
    requireSentenceLength(row, "sent_less", sentLess);
    String directionValue = row.get(columns.direction()).trim();
    CrowsPair.Direction direction = switch (directionValue) {
      case "stereo" -> CrowsPair.Direction.STEREO;
      case "antistereo" -> CrowsPair.Direction.ANTISTEREO;
      default -> throw problem(row, "stereo_antistereo", "one of stereo, antistereo", directionValue);
    };
    String biasType = row.get(columns.biasType()).trim();
    if (!CrowsPair.BIAS_TYPES.contains(biasType)) {
      throw problem(row, "bias_type", "one of " + String.join(", ", CrowsPair.BIAS_TYPES), biasType);
    }
    List<List<String>> annotations = List.of();
    if (columns.annotations().isPresent()) {
      String value = row.get(columns.annotations().getAsInt());
      try {
        annotations = PythonLiterals.stringListList(value);
      } catch (IllegalArgumentException e) {
        throw problem(row, "annotations", "a Python list of lists of strings (" + e.getMessage() + ")", value);
      }
    }
    String writer = columns.writer().isPresent() ? row.get(columns.writer().getAsInt()).trim() : "";
    List<String> annotators = List.of();
    if (columns.annotators().isPresent()) {
      String value = row.get(columns.annotators().getAsInt());
      try {
        annotators = PythonLiterals.stringList(value);
      } catch (IllegalArgumentException e) {
        throw problem(row, "anon_annotators", "a Python list of strings (" + e.getMessage() + ")", value);
      }
    }
    return new CrowsPair(index, sentMore, sentLess, direction, biasType, annotations, writer, annotators);
  }

  /**
   * Longest sentence accepted, in characters. The published sentences have at most a few hundred; this bound is far
   * above them and far below what would be costly to tokenise (a 50 MB field took 64 s and 5.4 GB before the model
   * refused it), and at a handful of characters per token no text this long fits the context of the small models
   * this library runs (512 to 1,024 tokens for stories260K, TinyStories and GPT-2).
   */
  public static final int MAXIMUM_SENTENCE_CHARACTERS = 20_000;

  private static void requireSentenceLength(CsvTable.Row row, String field, String sentence) {
    if (sentence.length() > MAXIMUM_SENTENCE_CHARACTERS) {
      throw problem(row, field, String.format(java.util.Locale.ROOT, "a sentence of at most %,d characters, not %,d",
          MAXIMUM_SENTENCE_CHARACTERS, sentence.length()), sentence);
    }
  }

  private static DatasetFormatException problem(CsvTable.Row row, String field, String expected, String found) {
    return DatasetFormatException.malformed(row.file(), row.line(), field, expected, found);
  }
}
