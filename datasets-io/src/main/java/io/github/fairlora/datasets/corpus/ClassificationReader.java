package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.ClassificationExample;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.util.List;

/**
 * Reads a labelled corpus record by record, mapping label values to class indices as it goes;
 * {@link #classNames()} tells which value each index stands for.
 */
public final class ClassificationReader extends RecordReader<ClassificationExample> {
  private final RowSource source;
  private final LabelIndex labels;
  private final String labelField;

  ClassificationReader(String format, ReadMode mode, RowSource source, LabelIndex labels, String labelField) {
    super(format, mode);
    this.source = source;
    this.labels = labels;
    this.labelField = labelField;
    source.listen(this::fileOpened);
  }

  /**
   * Class names by index: the label values seen so far (FIRST_SEEN), all of them (SORTED or given names), or "0" to
   * the largest index seen (NUMERIC). Complete once the reader is exhausted.
   */
  public List<String> classNames() {
    return labels.classNames();
  }

  /** Reads all remaining examples into memory, closes the reader, and returns them with class names and report. */
  public ClassificationCorpus readCorpus() {
    var result = readAll();
    return new ClassificationCorpus(result.records(), classNames(), result.report());
  }

  @Override
  protected ClassificationExample readNext() throws IOException {
    RawRow row;
    while ((row = source.next()) != null) {
      try {
        if (row.problem() != null) {
          throw row.problem();
        }
        int label = labels.indexOf(row.label(), row.file(), row.line(), labelField);
        return new ClassificationExample(row.text(), label, row.groups());
      } catch (DatasetFormatException problem) {
        skipOrThrow(problem);
      }
    }
    return null;
  }

  @Override
  protected void release() throws IOException {
    source.close();
  }
}
