package io.github.fairlora.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a crash mid-write leaves the previous file intact: the bytes go to a temporary file in the
 * same directory, which is then moved over the target in one step. Every output file of the library goes through here.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface ContentWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code target} atomically with the bytes {@code writer} produces; parent directories are created. */
  public static void write(Path target, ContentWriter writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, "." + absolute.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
        writer.writeTo(out);
      }
      // The temporary file is created private (0600); give the result the permissions of the file it replaces, or
      // rw-r--r-- for a new one, as a plain write would.
      if (Files.getFileStore(temporary).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(temporary, Files.exists(absolute) ? Files.getPosixFilePermissions(absolute)
            : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes a UTF-8 text file atomically. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@link #writeString} for callers that cannot throw checked exceptions. */
  public static void writeStringUnchecked(Path target, String content) {
    try {
      writeString(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target, e);
    }
  }
}
