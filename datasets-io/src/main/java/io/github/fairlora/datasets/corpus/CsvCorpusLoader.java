package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.ClassificationExample;
import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a labelled corpus from CSV (or another delimiter): chosen text, label and group columns (matched ignoring
 * case; all must be in the header) become {@link ClassificationExample}s. Label values become class indices by the
 * chosen {@link LabelOrder} (default {@link LabelOrder#SORTED}) or by a given list of class names. A path may be a file
 * or a directory (its {@code *.csv}, {@code *.tsv} and {@code .gz} versions, in name order, each with a header).
 * Fields may be quoted and span lines; blank lines are passed over.
 */
public final class CsvCorpusLoader implements DatasetLoader<ClassificationExample> {
  private static final String FORMAT = "CSV corpus";

  private final CorpusSettings settings;
  private final char delimiter;

  private CsvCorpusLoader(CorpusSettings settings, char delimiter) {
    this.settings = settings;
    this.delimiter = delimiter;
  }

  /** A builder; text and label columns are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A loader of the texts in {@code textColumn} of a comma-separated file, nothing else. */
  public static DatasetLoader<String> texts(String textColumn) {
    CorpusSettings settings = new CorpusSettings();
    settings.text(textColumn);
    CorpusFields fields = settings.fields(false);
    return new DatasetLoader<>() {
      @Override
      public String formatName() {
        return FORMAT;
      }

      @Override
      public RecordReader<String> open(Path path, ReadMode mode) throws IOException {
        return new TextReader(FORMAT, mode, new CsvRowSource(FORMAT, files(path), ',', fields).start());
      }
    };
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public ClassificationReader open(Path path, ReadMode mode) throws IOException {
    List<Path> files = files(path);
    return settings.open(FORMAT, mode, fields -> new CsvRowSource(FORMAT, files, delimiter, fields).start());
  }

  /** Reads the whole corpus into memory, with class names and report. */
  public ClassificationCorpus loadCorpus(Path path, ReadMode mode) throws IOException {
    return open(path, mode).readCorpus();
  }

  private static List<Path> files(Path path) throws IOException {
    return DatasetFiles.filesOf(path, name -> name.endsWith(".csv") || name.endsWith(".tsv")
        || name.endsWith(".csv.gz") || name.endsWith(".tsv.gz"), "CSV file");
  }

  /** Chooses columns, label mapping and delimiter; each setting may be given once. */
  public static final class Builder {
    private final CorpusSettings settings = new CorpusSettings();
    private Character delimiter;

    private Builder() {}

    /** The column holding the text (required). */
    public Builder textColumn(String name) {
      settings.text(name);
      return this;
    }

    /** The column holding the label (required). */
    public Builder labelColumn(String name) {
      settings.label(name);
      return this;
    }

    /** Columns holding group attributes (e.g. "gender"), kept in {@link ClassificationExample#groups()}. */
    public Builder groupColumns(String... names) {
      settings.groups(List.of(names));
      return this;
    }

    /** How label values become class indices (default {@link LabelOrder#SORTED}). */
    public Builder labelOrder(LabelOrder order) {
      settings.order(order);
      return this;
    }

    /** Fixed class names: the value {@code names.get(i)} is class i; other values are malformed. */
    public Builder classNames(List<String> names) {
      settings.classNames(names);
      return this;
    }

    /** The field delimiter (default ','; '\t' for TSV). */
    public Builder delimiter(char value) {
      if (delimiter != null) {
        throw new IllegalStateException("delimiter was already set");
      }
      if (value == '"' || value == '\n' || value == '\r') {
        throw new IllegalArgumentException("delimiter must not be a quote or a line break");
      }
      delimiter = value;
      return this;
    }

    /** The loader. */
    public CsvCorpusLoader build() {
      settings.fields(true);
      return new CsvCorpusLoader(settings.copy(), delimiter == null ? ',' : delimiter);
    }
  }
}
