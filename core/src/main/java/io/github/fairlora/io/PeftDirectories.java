package io.github.fairlora.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a set of files that only make sense together (a config and its weights) into one directory, so that a crash
 * never leaves a mix of old and new files. Used for PEFT adapter directories and GPT-2 checkpoint directories.
 *
 * <p>How: the new files are written (each through {@link AtomicFiles}) into a hidden staging directory beside the
 * target, {@code .<name>.writing-<random>}. Files of the old directory that are not being replaced (a README, tokenizer
 * files) are hard-linked (or, where links are not supported, copied) into the staging directory. Then:
 * <ul>
 *   <li>when the target does not exist yet, the staging directory is renamed to it: one atomic step;</li>
 *   <li>otherwise the target is renamed to {@code .<name>.previous-<random>}, the staging directory is renamed to the
 *       target, and the previous directory is deleted. A crash between the two renames leaves no target, but the
 *       previous content complete under {@code .<name>.previous-*} and the new content complete under
 *       {@code .<name>.writing-*}; at no moment does a directory hold half-old, half-new files.</li>
 * </ul>
 * A target that holds subdirectories is refused (they would have to be copied or moved wholesale).
 */
final class PeftDirectories {
  private PeftDirectories() {}

  /** Writes the new files into the (empty) staging directory. */
  @FunctionalInterface
  interface Contents {
    void writeInto(Path staging) throws IOException;
  }

  /**
   * Replaces the files {@code names} of {@code directory} with those {@code contents} writes, keeping any other
   * regular files of the directory, as described in the class comment.
   *
   * @throws IOException when {@code directory} is a file or holds a subdirectory, {@code contents} fails or does not
   *     write every name, or a file operation fails (the previous directory is then left in place)
   */
  static void replace(Path directory, Set<String> names, Contents contents) throws IOException {
    Path target = directory.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new IOException(target + ": cannot write into a file-system root; name a directory inside one");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + " exists and is not a directory (a symbolic link or a file); expected a"
          + " directory or a new path");
    }
    List<Path> kept = existingOtherFiles(target, names);
    Files.createDirectories(parent);
    String name = target.getFileName().toString();
    // Not Files.createTempDirectory: its private mode (700) would become the result's. A plain createDirectory gets
    // the default mode less the umask; a directory being replaced keeps its own permissions.
    Path staging = parent.resolve("." + name + ".writing-" + UUID.randomUUID());
    Files.createDirectory(staging);
    Set<java.nio.file.attribute.PosixFilePermission> previousPermissions = AtomicFiles.existingPermissions(target);
    boolean moved = false;
    try {
      contents.writeInto(staging);
      for (String file : names) {
        if (!Files.isRegularFile(staging.resolve(file))) {
          throw new IllegalStateException("internal error: " + file + " was not written");
        }
      }
      for (Path file : kept) {
        Path destination = staging.resolve(file.getFileName().toString());
        try {
          Files.createLink(destination, file);
        } catch (UnsupportedOperationException | IOException e) {
          Files.copy(file, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      if (previousPermissions != null && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.setPosixFilePermissions(staging, previousPermissions); // last: a read-only mode would stop the writes
      }
      swap(staging, target, parent, name);
      moved = true;
    } finally {
      if (!moved) {
        deleteQuietly(staging); // the error being thrown matters more than a leftover hidden directory
      }
    }
  }

  /** The regular files of {@code target} not named in {@code names}; refuses subdirectories and other entries. */
  private static List<Path> existingOtherFiles(Path target, Set<String> names) throws IOException {
    List<Path> kept = new ArrayList<>();
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return kept;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(target + " holds " + file + ", which is not a regular file (a subdirectory or a"
              + " link); this writer replaces the directory as a whole and keeps only plain files beside its own;"
              + " choose a new or plain directory");
        }
        if (!names.contains(file)) {
          kept.add(entry);
        }
      }
    }
    return kept;
  }

  private static void swap(Path staging, Path target, Path parent, String name) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      try {
        move(staging, target);
        return;
      } catch (FileAlreadyExistsException e) {
        // Created concurrently: fall through and replace it like an existing directory.
      }
    }
    Path previous = parent.resolve("." + name + ".previous-" + UUID.randomUUID());
    move(target, previous);
    try {
      move(staging, target);
    } catch (IOException | RuntimeException e) {
      try {
        move(previous, target); // put the previous directory back
      } catch (IOException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
    // The new content is in place: failing to delete the hidden previous copy must not report the write as failed.
    deleteQuietly(previous);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Deletes a directory of regular files (the staging or previous directory), as far as possible. */
  private static void deleteQuietly(Path directory) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // Best effort: a hidden, clearly named leftover directory is harmless.
    }
  }
}
