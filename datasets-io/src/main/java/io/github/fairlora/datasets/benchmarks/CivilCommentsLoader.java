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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads Civil Comments / Jigsaw CSV files ({@code train.csv}, {@code all_data.csv}, {@code test_public_expanded.csv},
 * ...), streaming row by row. Column names are matched ignoring case.
 *
 * <ul>
 *   <li>text: the configured column, else "text", else "comment_text";
 *   <li>score: the configured column, else "toxicity", else "target", else "toxic" (a 0/1 label); it must be a
 *       number in [0, 1]; the binary label is {@code score >= threshold} (default 0.5);
 *   <li>identities: the configured columns, else those of {@link #DEFAULT_IDENTITY_COLUMNS} present in the header;
 *       each cell is empty or a number in [0, 1];
 *   <li>id: the "id" column when there is one.
 * </ul>
 */
public final class CivilCommentsLoader implements DatasetLoader<CivilComment> {
  private static final String FORMAT = "Civil Comments / Jigsaw CSV";

  /** The identity columns of Jigsaw Unintended Bias and of the WILDS CivilComments release. */
  public static final List<String> DEFAULT_IDENTITY_COLUMNS = List.of(
      "male", "female", "transgender", "other_gender", "heterosexual", "homosexual_gay_or_lesbian", "bisexual",
      "other_sexual_orientation", "LGBTQ", "christian", "jewish", "muslim", "hindu", "buddhist", "atheist",
      "other_religion", "other_religions", "black", "white", "asian", "latino", "other_race_or_ethnicity",
      "physical_disability", "intellectual_or_learning_disability", "psychiatric_or_mental_illness",
      "other_disability");

  private final String textColumn;
  private final String scoreColumn;
  private final double threshold;
  private final List<String> identityColumns;

  private CivilCommentsLoader(Builder builder) {
    this.textColumn = builder.textColumn;
    this.scoreColumn = builder.scoreColumn;
    this.threshold = builder.threshold;
    this.identityColumns = builder.identityColumns;
  }

  /** A loader with the defaults (columns found by name, threshold 0.5). */
  public static CivilCommentsLoader create() {
    return builder().build();
  }

  /** A builder to choose columns and threshold. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<CivilComment> open(Path path, ReadMode mode) throws IOException {
    CsvTable table = CsvTable.openCsv(path);
    OptionalInt text = textColumn != null ? table.columnIgnoringCase(textColumn)
        : table.columnIgnoringCase("text", "comment_text");
    OptionalInt score = scoreColumn != null ? table.columnIgnoringCase(scoreColumn)
        : table.columnIgnoringCase("toxicity", "target", "toxic");
    if (text.isEmpty() || score.isEmpty()) {
      String wanted = (text.isEmpty() ? "a text column (" + (textColumn != null ? textColumn : "text or comment_text") + ")" : "")
          + (text.isEmpty() && score.isEmpty() ? " and " : "")
          + (score.isEmpty() ? "a score column (" + (scoreColumn != null ? scoreColumn : "toxicity, target or toxic") + ")" : "");
      throw CsvRecordReader.wrongHeader(table, FORMAT, DatasetFormat.CIVIL_COMMENTS,
          "the header lacks " + wanted + "; found " + table.header());
    }
    List<String> wanted = identityColumns != null ? identityColumns : DEFAULT_IDENTITY_COLUMNS;
    List<String> missing = new ArrayList<>();
    for (String name : wanted) {
      if (table.columnIgnoringCase(name).isEmpty()) {
        missing.add(name);
      }
    }
    if (identityColumns != null && !missing.isEmpty()) {
      throw CsvRecordReader.wrongHeader(table, FORMAT, DatasetFormat.CIVIL_COMMENTS,
          "the header lacks identity column(s) " + missing + "; found " + table.header());
    }
    Set<String> wantedLower = new HashSet<>();
    wanted.forEach(name -> wantedLower.add(name.toLowerCase(Locale.ROOT)));
    Map<String, Integer> identities = new LinkedHashMap<>();
    for (int column = 0; column < table.header().size(); column++) {
      String name = table.header().get(column).trim();
      if (wantedLower.contains(name.toLowerCase(Locale.ROOT)) && column != text.getAsInt() && column != score.getAsInt()) {
        identities.putIfAbsent(name, column);
      }
    }
    Columns columns = new Columns(table.columnIgnoringCase("id"), text.getAsInt(), score.getAsInt(),
        table.header().get(score.getAsInt()).trim(), identities);
    return new CsvRecordReader<>(FORMAT, mode, table, row -> parse(row, columns, threshold));
  }

  private record Columns(OptionalInt id, int text, int score, String scoreName, Map<String, Integer> identities) {}

  private static CivilComment parse(CsvTable.Row row, Columns columns, double threshold) {
    String scoreValue = row.get(columns.score()).trim();
    double score = parseUnit(scoreValue);
    if (Double.isNaN(score)) {
      throw DatasetFormatException.malformed(
          row.file(), row.line(), columns.scoreName(), "a score in [0, 1]", scoreValue);
    }
    Map<String, OptionalDouble> identities = new LinkedHashMap<>();
    columns.identities().forEach((name, column) -> {
      String value = row.get(column).trim();
      if (value.isEmpty()) {
        identities.put(name, OptionalDouble.empty());
        return;
      }
      double parsed = parseUnit(value);
      if (Double.isNaN(parsed)) {
        throw DatasetFormatException.malformed(row.file(), row.line(), name, "empty or a number in [0, 1]", value);
      }
      identities.put(name, OptionalDouble.of(parsed));
    });
    String id = columns.id().isPresent() ? row.get(columns.id().getAsInt()).trim() : "";
    return new CivilComment(id, row.get(columns.text()), score, score >= threshold, identities);
  }

  /** The value as a number in [0, 1], or NaN when it is not one. */
  private static double parseUnit(String value) {
    try {
      double parsed = Double.parseDouble(value);
      return parsed >= 0 && parsed <= 1 ? parsed : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Chooses columns and threshold; each setting may be given once. */
  public static final class Builder {
    private String textColumn;
    private String scoreColumn;
    private double threshold = 0.5;
    private boolean thresholdSet;
    private List<String> identityColumns;

    private Builder() {}

    /** The text column's name (default: "text", else "comment_text"). */
    public Builder textColumn(String name) {
      requireUnset(textColumn, "textColumn");
      textColumn = requireName(name, "textColumn");
      return this;
    }

    /** The score column's name (default: "toxicity", else "target", else "toxic"). */
    public Builder scoreColumn(String name) {
      requireUnset(scoreColumn, "scoreColumn");
      scoreColumn = requireName(name, "scoreColumn");
      return this;
    }

    /** The score at or above which a comment is toxic, in (0, 1] (default 0.5). */
    public Builder threshold(double value) {
      if (thresholdSet) {
        throw new IllegalStateException("threshold was already set");
      }
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException("threshold (" + value + ") must be in (0, 1]");
      }
      threshold = value;
      thresholdSet = true;
      return this;
    }

    /** The identity columns to keep; all must be in the header (default: those of the known list present). */
    public Builder identityColumns(List<String> names) {
      requireUnset(identityColumns, "identityColumns");
      names.forEach(name -> requireName(name, "identity column"));
      identityColumns = List.copyOf(names);
      return this;
    }

    /** The loader. */
    public CivilCommentsLoader build() {
      return new CivilCommentsLoader(this);
    }

    private static void requireUnset(Object value, String name) {
      if (value != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    private static String requireName(String name, String what) {
      if (Objects.requireNonNull(name, what).isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return name;
    }
  }
}
