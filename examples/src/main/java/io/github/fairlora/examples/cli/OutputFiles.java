package io.github.fairlora.examples.cli;

import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Checks output locations before any work, so that a run does not train for minutes and then fail to save. The
 * message names the option, the path and the cause ("permission denied", "is a regular file" ...).
 */
final class OutputFiles {
  private OutputFiles() {}

  /** {@code path} must be a directory that can be created or written (an existing one, or a new path). */
  static void requireWritableDirectory(String option, Path path) {
    require(option, path, AtomicFiles.OutputKind.DIRECTORY);
  }

  /** {@code path} must be a file that can be created or replaced. */
  static void requireWritableFile(String option, Path path) {
    require(option, path, AtomicFiles.OutputKind.FILE);
  }

  private static void require(String option, Path path, AtomicFiles.OutputKind kind) {
    try {
      AtomicFiles.requireWritable(path, kind);
    } catch (FileSystemException e) {
      String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
      throw new OutputException(option + " " + path + ": cannot write there: " + reason, e);
    } catch (IOException e) {
      throw new OutputException(option + " " + path + ": cannot write there: " + e.getMessage(), e);
    }
  }

  /** An I/O error's message with its cause spelled out (AccessDeniedException's message is only the path). */
  static String describe(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "already exists: " + e.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory: " + e.getMessage();
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null && !e.getMessage().contains(fs.getReason())) {
      return e.getMessage() + ": " + fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
