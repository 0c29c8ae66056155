package io.github.fairlora.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads records one at a time from an open dataset file, so that files larger than memory can be processed. Use it
 * as an {@link Iterator} or a {@link #stream()} inside try-with-resources; {@link #report()} tells, at any time, what
 * was read and skipped so far. The reader closes its file when the last record has been read or on {@link #close()}.
 *
 * <p>Reading may throw {@link DatasetFormatException} (malformed data in strict mode, or a problem that ends the read
 * in any mode) and {@link UncheckedIOException} (the file could not be read).
 *
 * <p>Loaders extend this class: {@link #readNext()} returns the next record or null at the end, and calls
 * {@link #skipOrThrow} for each malformed record. Not thread-safe.
 *
 * @param <T> the record type
 */
public abstract class RecordReader<T> implements Iterator<T>, AutoCloseable {
  private final ReadMode mode;
  private final ReadReport.Builder report;
  private T next;
  private boolean finished;
  private boolean closed;

  /**
   * @param format display name of the format read, e.g. "BBQ JSONL", used in the report
   * @param mode what to do with malformed records
   */
  protected RecordReader(String format, ReadMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.report = new ReadReport.Builder(format);
  }

  /** The next record, or null when there are no more. Malformed records go through {@link #skipOrThrow}. */
  protected abstract T readNext() throws IOException;

  /** Releases the open file(s); called once. */
  protected abstract void release() throws IOException;

  /** The mode this reader runs in. */
  public final ReadMode mode() {
    return mode;
  }

  /** Notes in the report that {@code file} is being read. */
  protected final void fileOpened(Path file) {
    report.file(file);
  }

  /** Strict mode: throws {@code problem}. Lenient mode: counts it in the report and returns. */
  /**
   * Skips a record that is malformed but part of the published data (BOLD's empty prompts), in every mode: it is
   * counted and listed in the {@link #report()} like a lenient skip, and a strict read goes on.
   */
  protected final void skipPublishedGap(DatasetFormatException problem) {
    report.skip(problem);
  }

  protected final void skipOrThrow(DatasetFormatException problem) {
    if (mode == ReadMode.STRICT) {
      throw problem;
    }
    report.skip(problem);
  }

  @Override
  public final boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (finished) {
      return false;
    }
    try {
      next = readNext();
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    if (next == null) {
      finished = true;
      close();
      return false;
    }
    report.recordRead();
    return true;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records");
    }
    T record = next;
    next = null;
    return record;
  }

  /** What was read and skipped so far (complete once the reader is exhausted). */
  public final ReadReport report() {
    return report.build();
  }

  /** The remaining records as a sequential stream; closing the stream closes this reader. */
  public final Stream<T> stream() {
    Spliterator<T> spliterator = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(spliterator, false).onClose(this::close);
  }

  /** Reads all remaining records into memory, closes the reader, and returns them with the report. */
  public final LoadResult<T> readAll() {
    try {
      List<T> records = new ArrayList<>();
      while (hasNext()) {
        records.add(next());
      }
      return new LoadResult<>(records, report());
    } finally {
      close();
    }
  }

  /** Closes the file(s); further calls to {@link #hasNext()} return false. Idempotent. */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    finished = true;
    next = null;
    try {
      release();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (UncheckedIOException ignored) {
      // the original failure is the one worth reporting
    }
  }
}
