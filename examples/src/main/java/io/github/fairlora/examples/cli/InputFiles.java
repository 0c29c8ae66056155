package io.github.fairlora.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks input paths before anything is loaded, so a missing file is reported with the option that named it. */
final class InputFiles {
  private InputFiles() {}

  /** {@code path}, which must be a readable regular file. */
  static Path requireFile(String option, Path path) {
    requireExisting(option, path);
    if (Files.isDirectory(path)) {
      throw new InputException(option + " " + path + " is a directory, expected a file");
    }
    requireReadable(option, path);
    return path;
  }

  /** {@code path}, which must be a readable directory. */
  static Path requireDirectory(String option, Path path) {
    requireExisting(option, path);
    if (!Files.isDirectory(path)) {
      throw new InputException(option + " " + path + " is a file, expected a directory");
    }
    requireReadable(option, path);
    return path;
  }

  /** {@code path}, which must be a readable file or directory. */
  static Path requireExisting(String option, Path path) {
    if (!Files.exists(path)) {
      throw new InputException(option + " " + path + ": no such file or directory");
    }
    requireReadable(option, path);
    return path;
  }

  private static void requireReadable(String option, Path path) {
    if (!Files.isReadable(path)) {
      throw new InputException(option + " " + path + ": not readable (permission denied)");
    }
  }
}
