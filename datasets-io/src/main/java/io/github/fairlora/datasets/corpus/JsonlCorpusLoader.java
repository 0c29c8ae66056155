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
 * Reads a corpus from JSON Lines, streaming one line at a time: a chosen text field (a string), and for labelled
 * corpora a label field and group fields (strings, numbers or booleans, taken as text; a null group is ""). Label
 * values become class indices by the chosen {@link LabelOrder} (default {@link LabelOrder#SORTED}) or by a given list
 * of class names. A path may be a file or a directory (its {@code *.jsonl} and {@code *.jsonl.gz} files, in name order).
 */
public final class JsonlCorpusLoader implements DatasetLoader<ClassificationExample> {
  private static final String FORMAT = "JSONL corpus";

  private final CorpusSettings settings;

  private JsonlCorpusLoader(CorpusSettings settings) {
    this.settings = settings;
  }

  /** A builder; text and label fields are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A loader of the string field {@code textField} of each line, nothing else. */
  public static DatasetLoader<String> texts(String textField) {
    CorpusSettings settings = new CorpusSettings();
    settings.text(textField);
    CorpusFields fields = settings.fields(false);
    return new DatasetLoader<>() {
      @Override
      public String formatName() {
        return FORMAT;
      }

      @Override
      public RecordReader<String> open(Path path, ReadMode mode) throws IOException {
        return new TextReader(FORMAT, mode, new JsonlRowSource(FORMAT, files(path), fields));
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
    return settings.open(FORMAT, mode, fields -> new JsonlRowSource(FORMAT, files, fields));
  }

  /** Reads the whole corpus into memory, with class names and report. */
  public ClassificationCorpus loadCorpus(Path path, ReadMode mode) throws IOException {
    return open(path, mode).readCorpus();
  }

  private static List<Path> files(Path path) throws IOException {
    return DatasetFiles.filesOf(path, name -> name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"), "JSONL file");
  }

  /** Chooses fields and label mapping; each setting may be given once. */
  public static final class Builder {
    private final CorpusSettings settings = new CorpusSettings();

    private Builder() {}

    /** The field holding the text (required). */
    public Builder textField(String name) {
      settings.text(name);
      return this;
    }

    /** The field holding the label (required). */
    public Builder labelField(String name) {
      settings.label(name);
      return this;
    }

    /** Fields holding group attributes (e.g. "gender"), kept in {@link ClassificationExample#groups()}. */
    public Builder groupFields(String... names) {
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

    /** The loader. */
    public JsonlCorpusLoader build() {
      settings.fields(true);
      return new JsonlCorpusLoader(settings.copy());
    }
  }
}
