package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void aFailedWriteLeavesThePreviousFileIntactAndNoTemporaryFile(@TempDir Path directory) throws IOException {
    Path target = directory.resolve("report.json");
    AtomicFiles.writeString(target, "first");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("half of the seco".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(Files.readString(target)).isEqualTo("first");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void newFilesAreReadableByOthersAndReplacedFilesKeepTheirPermissions(@TempDir Path directory) throws IOException {
    Path fresh = directory.resolve("fresh.txt");
    AtomicFiles.writeString(fresh, "x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r--r--");
    Path existing = directory.resolve("existing.txt");
    Files.writeString(existing, "old");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(existing, "new");
    assertThat(Files.readString(existing)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-rw----");
  }
}
