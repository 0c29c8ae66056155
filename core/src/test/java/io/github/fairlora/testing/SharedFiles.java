package io.github.fairlora.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the third-party files kept in {@code ../shared} beside the project (see ../shared/SOURCES.md). They are
 * never copied into the repository: a test that needs one calls {@link #require(String)}, which skips the test with
 * a message naming the missing file when a user cloned only the project.
 */
public final class SharedFiles {
  private SharedFiles() {}

  /** The shared directory, or null when it cannot be found. */
  public static Path sharedDirectory() {
    String configured = System.getProperty("fairlora.shared.dir");
    if (configured != null && Files.isRegularFile(Path.of(configured, "SOURCES.md"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    // Fall back to searching upwards from the working directory for a sibling "shared" folder.
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared");
      if (Files.isRegularFile(candidate.resolve("SOURCES.md"))) {
        return candidate.normalize();
      }
    }
    return null;
  }

  /** The file at {@code relative} inside ../shared; skips the calling test, with a message, when it is absent. */
  public static Path require(String relative) {
    Path shared = sharedDirectory();
    assumeTrue(shared != null, () -> "skipped: ../shared (third-party test files, see SOURCES.md) was not found beside the project; needed " + relative);
    Path file = shared.resolve(relative);
    assumeTrue(Files.exists(file), () -> "skipped: " + file + " is absent (third-party test file, see ../shared/SOURCES.md)");
    return file;
  }

  /** A directory for a test's output files (under the module's target/). */
  public static Path outputDirectory(String name) {
    String base = System.getProperty("fairlora.test.output", "target/test-output");
    Path dir = Path.of(base, name);
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }
}
