package io.github.fairlora.datasets;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Opens dataset files: gzip-compressed files are decompressed transparently (recognised by their magic bytes
 * 0x1f 0x8b, whatever their name), text is decoded as strict UTF-8 (invalid bytes are an error rather than silently
 * replaced) and a leading UTF-8 byte-order mark is dropped.
 */
public final class DatasetFiles {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int GZIP_MAGIC_FIRST = 0x1f;
  private static final int GZIP_MAGIC_SECOND = 0x8b;

  private DatasetFiles() {}

  /** True when {@code file} starts with the gzip magic bytes. */
  public static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(requireRegularFile(file))) {
      return in.read() == GZIP_MAGIC_FIRST && in.read() == GZIP_MAGIC_SECOND;
    }
  }

  /** The file's bytes, decompressed when it is gzip; the caller closes the stream. */
  public static InputStream openBytes(Path file) throws IOException {
    PushbackInputStream in = new PushbackInputStream(
        new BufferedInputStream(Files.newInputStream(requireRegularFile(file)), BUFFER_BYTES), 2);
    try {
      byte[] magic = new byte[2];
      int count = in.readNBytes(magic, 0, 2);
      in.unread(magic, 0, count);
      boolean gzip = count == 2 && (magic[0] & 0xff) == GZIP_MAGIC_FIRST && (magic[1] & 0xff) == GZIP_MAGIC_SECOND;
      if (!gzip) {
        return in;
      }
      GZIPInputStream decompressed;
      try {
        decompressed = new GZIPInputStream(in, BUFFER_BYTES);
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw damagedGzip(file, e);
      }
      return new BufferedInputStream(new GzipErrors(decompressed, file), BUFFER_BYTES);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * A strict UTF-8 reader of the file's text (decompressed when gzip, byte-order mark dropped); the caller closes it.
   * Invalid UTF-8 makes its read methods throw {@link java.nio.charset.CharacterCodingException}, after every
   * character before the invalid bytes has been delivered.
   */
  public static BufferedReader openReader(Path file) throws IOException {
    return new BufferedReader(new StrictUtf8Reader(openBytes(file)), BUFFER_BYTES);
  }

  /**
   * The first {@code maximumBytes} bytes of the file's content (decompressed when gzip), or fewer when it is shorter.
   * Used to recognise a file's format without reading all of it.
   */
  public static byte[] head(Path file, int maximumBytes) throws IOException {
    try (InputStream in = openBytes(file)) {
      return in.readNBytes(maximumBytes);
    } catch (DatasetFormatException e) {
      return new byte[0]; // damaged gzip data: nothing recognisable; reading the file reports the damage
    }
  }

  /**
   * Damaged gzip content as what it is, naming the file: a truncated stream ("Unexpected end of ZLIB input stream")
   * or corrupt data ("invalid distance too far back"), rather than whatever the parser reading the text would make of
   * it (a CSV quoting problem, a JSON syntax error).
   */
  static DatasetFormatException damagedGzip(Path file, IOException e) {
    boolean truncated = e instanceof java.io.EOFException;
    String detail = truncated ? "the gzip data is truncated (the file ends before the compressed stream does;"
        + " an interrupted download or copy?)" : "the gzip data is corrupt (" + e.getMessage() + ")";
    return DatasetFormatException.damaged(file, detail, e);
  }

  /** Turns the decompressor's errors into {@link #damagedGzip}; unchecked so that no parser re-labels them. */
  private static final class GzipErrors extends java.io.FilterInputStream {
    private final Path file;

    GzipErrors(InputStream in, Path file) {
      super(in);
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw damagedGzip(file, e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw damagedGzip(file, e);
      }
    }
  }

  /**
   * The files a path stands for: the path itself when it is a file, or the regular files directly inside it whose
   * names pass {@code nameFilter}, sorted by name, when it is a directory.
   *
   * @throws NoSuchFileException when the path does not exist
   * @throws IllegalArgumentException when a directory holds no matching file
   */
  public static List<Path> filesOf(Path path, Predicate<String> nameFilter, String whatIsExpected) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such file or directory");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(path)) {
      listing.filter(Files::isRegularFile)
          .filter(file -> nameFilter.test(file.getFileName().toString()))
          .sorted()
          .forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("directory " + path + " holds no " + whatIsExpected);
    }
    return files;
  }

  /** The file name without a trailing ".gz". */
  public static String nameWithoutGz(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  private static Path requireRegularFile(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, expected a file");
    }
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    return file;
  }
}
