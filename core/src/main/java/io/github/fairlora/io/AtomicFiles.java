package io.github.fairlora.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.UUID;

/**
 * Writes files so that a crash mid-write leaves the previous file intact: the bytes go to a temporary file in the
 * same directory, which is then moved over the target in one step. Every output file of the library goes through here.
 *
 * <p>Permissions: a new file gets what a plain write would give it (rw-rw-rw- less the process umask, because the
 * temporary file is created with the default mode rather than the private one of {@code Files.createTempFile}); a
 * replaced file keeps its permissions.
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
    // Same name pattern as before (".<name>.<random>.tmp"), so leftovers of a killed run are recognisable.
    Path temporary = parent.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), 1 << 16)) {
        writer.writeTo(out);
      }
      if (Files.isRegularFile(absolute) && supportsPosix(temporary)) {
        Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(absolute));
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

  /** What a location is expected to become: a directory of outputs or a single file. */
  public enum OutputKind {
    DIRECTORY,
    FILE
  }

  /**
   * Checks, before any work is done, that {@code target} can be created or replaced as {@code kind}: that no
   * existing component of its path is a regular file, that an existing target is of the right kind, and that the
   * nearest existing directory accepts a new file (tried for real, with a hidden probe file that is removed again, so
   * read-only file systems and ACLs count). Nothing is left behind.
   *
   * @throws IOException whose message names the path and the cause ("permission denied", "is a regular file", ...)
   */
  public static void requireWritable(Path target, OutputKind kind) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      if (kind == OutputKind.FILE) {
        throw new FileSystemException(absolute.toString(), null, "is a directory, expected a file or a new path");
      }
      probe(absolute, absolute);
      return;
    }
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(absolute)) {
      if (kind == OutputKind.DIRECTORY) {
        throw new FileSystemException(absolute.toString(), null,
            "is a regular file (or a link to one), expected a directory or a new path");
      }
      if (!Files.isWritable(absolute)) {
        throw new AccessDeniedException(absolute.toString(), null, "permission denied: the file is not writable");
      }
      probe(absolute.getParent(), absolute);
      return;
    }
    Path existing = absolute.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new FileSystemException(absolute.toString(), null, "no existing directory above it");
    }
    if (!Files.isDirectory(existing)) {
      throw new FileSystemException(absolute.toString(), null,
          existing + " is a regular file, so nothing can be created under it");
    }
    probe(existing, absolute);
  }

  /** Creates and deletes a hidden file in {@code directory}; the exception names {@code target} and the cause. */
  private static void probe(Path directory, Path target) throws IOException {
    Path probe = directory.resolve(".fairlora-write-check-" + UUID.randomUUID() + ".tmp");
    try {
      Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(target.toString(), null,
          "permission denied: cannot create files in " + directory);
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      throw new FileSystemException(target.toString(), null, "cannot create files in " + directory + ": " + reason);
    }
    Files.deleteIfExists(probe);
  }

  private static boolean supportsPosix(Path file) throws IOException {
    return Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  /** The permissions of {@code existing} when it exists on a POSIX file system, else null. */
  static Set<PosixFilePermission> existingPermissions(Path existing) throws IOException {
    return Files.exists(existing) && supportsPosix(existing) ? Files.getPosixFilePermissions(existing) : null;
  }
}
