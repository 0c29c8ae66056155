package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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
    Path plain = directory.resolve("plain.txt");
    Files.writeString(plain, "x"); // what the process umask gives a plain write
    assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(plain));
    assertThat(Files.getPosixFilePermissions(fresh)).contains(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE);
    Path existing = directory.resolve("existing.txt");
    Files.writeString(existing, "old");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(existing, "new");
    assertThat(Files.readString(existing)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-rw----");
  }

  @Test
  void writabilityIsCheckedWithoutLeavingAnythingBehind(@TempDir Path directory) throws IOException {
    AtomicFiles.requireWritable(directory.resolve("a/b/adapter"), AtomicFiles.OutputKind.DIRECTORY);
    AtomicFiles.requireWritable(directory.resolve("results.json"), AtomicFiles.OutputKind.FILE);
    AtomicFiles.requireWritable(directory, AtomicFiles.OutputKind.DIRECTORY);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void anOutputUnderARegularFileIsRefusedNamingTheCause(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("notes.txt"), "x");
    assertThatThrownBy(() -> AtomicFiles.requireWritable(file.resolve("adapter"), AtomicFiles.OutputKind.DIRECTORY))
        .isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("is a regular file");
    assertThatThrownBy(() -> AtomicFiles.requireWritable(file, AtomicFiles.OutputKind.DIRECTORY))
        .isInstanceOf(IOException.class).hasMessageContaining("is a regular file");
    assertThatThrownBy(() -> AtomicFiles.requireWritable(directory, AtomicFiles.OutputKind.FILE))
        .isInstanceOf(IOException.class).hasMessageContaining("is a directory");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void anUnwritableDirectoryIsReportedAsPermissionDenied(@TempDir Path directory) throws IOException {
    // Root ignores directory permissions, so this can only be checked as an ordinary user.
    org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
        "running as root: permission bits are not enforced");
    Path locked = Files.createDirectory(directory.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThatThrownBy(() -> AtomicFiles.requireWritable(locked.resolve("adapter"),
          AtomicFiles.OutputKind.DIRECTORY)).isInstanceOf(java.nio.file.AccessDeniedException.class)
          .hasMessageContaining("permission denied");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
