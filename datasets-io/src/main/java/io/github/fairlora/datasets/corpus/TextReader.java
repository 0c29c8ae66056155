package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;

/** Reads the texts of a CSV or JSONL corpus. */
final class TextReader extends RecordReader<String> {
  private final RowSource source;

  TextReader(String format, ReadMode mode, RowSource source) {
    super(format, mode);
    this.source = source;
    source.listen(this::fileOpened);
  }

  @Override
  protected String readNext() throws IOException {
    RawRow row;
    while ((row = source.next()) != null) {
      if (row.problem() == null) {
        return row.text();
      }
      skipOrThrow(row.problem());
    }
    return null;
  }

  @Override
  protected void release() throws IOException {
    source.close();
  }

}
