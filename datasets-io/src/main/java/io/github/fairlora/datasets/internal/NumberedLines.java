package io.github.fairlora.datasets.internal;

import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetFormatException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;

/**
 * Reads a text file line by line (see {@link DatasetFiles#openReader}) and knows the 1-based number of the last line
 * returned. Lines end at \n, \r or \r\n; the terminator is not part of the line.
 */
public final class NumberedLines implements Closeable {
  private final Path file;
  private final BufferedReader reader;
  private long lineNumber;

  private NumberedLines(Path file, BufferedReader reader) {
    this.file = file;
    this.reader = reader;
  }

  /** Opens {@code file} (gzip transparently). */
  public static NumberedLines open(Path file) throws IOException {
    return new NumberedLines(file, DatasetFiles.openReader(file));
  }

  /**
   * The next line, or null at the end of the file.
   *
   * @throws DatasetFormatException when the line is not valid UTF-8
   */
  public String next() throws IOException {
    try {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (CharacterCodingException e) {
      throw DatasetFormatException.malformed(file, lineNumber + 1, null, "UTF-8 text", "bytes that are not UTF-8", e);
    }
  }

  /** The 1-based number of the line last returned by {@link #next()}, 0 before the first. */
  public long lineNumber() {
    return lineNumber;
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
