package io.github.fairlora.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Locates the hand-written fixtures under src/test/resources/datasets and makes gzipped copies at runtime. */
public final class Fixtures {
  private Fixtures() {}

  /** The fixture at {@code relative} (e.g. "crows/crows_small.csv"). */
  public static Path path(String relative) {
    URL url = Fixtures.class.getResource("/datasets/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no fixture datasets/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a gzip-compressed copy of {@code source} to {@code target} and returns {@code target}. */
  public static Path gzip(Path source, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      Files.copy(source, out);
    }
    return target;
  }

  /** Writes {@code content} as UTF-8 to {@code target} and returns it. */
  public static Path write(Path target, String content) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.writeString(target, content);
    return target;
  }
}
