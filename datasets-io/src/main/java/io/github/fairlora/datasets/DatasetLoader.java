package io.github.fairlora.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one dataset format from a path. Implementations are immutable and thread-safe; each {@link #open} returns an
 * independent reader.
 *
 * @param <T> the record type
 */
public interface DatasetLoader<T> {

  /** Display name of the format, e.g. "CrowS-Pairs CSV". */
  String formatName();

  /**
   * Opens {@code path} for reading record by record. The caller closes the reader (or reads it to the end).
   *
   * @throws IOException when the path cannot be opened
   * @throws DatasetFormatException when the file is of the wrong kind (checked on opening where possible)
   */
  RecordReader<T> open(Path path, ReadMode mode) throws IOException;

  /** {@link #open(Path, ReadMode)} in {@link ReadMode#STRICT} mode. */
  default RecordReader<T> open(Path path) throws IOException {
    return open(path, ReadMode.STRICT);
  }

  /** The records of {@code path} as a stream that the caller must close (try-with-resources). */
  default Stream<T> stream(Path path, ReadMode mode) throws IOException {
    return open(path, mode).stream();
  }

  /** Reads all of {@code path} into memory, with the report of the read. */
  default LoadResult<T> load(Path path, ReadMode mode) throws IOException {
    return open(path, mode).readAll();
  }

  /** Reads all of {@code path} into memory in {@link ReadMode#STRICT} mode. */
  default List<T> loadAll(Path path) throws IOException {
    return load(path, ReadMode.STRICT).records();
  }
}
