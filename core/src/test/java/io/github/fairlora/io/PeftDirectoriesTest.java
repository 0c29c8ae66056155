package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftDirectoriesTest {
  @TempDir Path temporary;

  private static final Set<String> PAIR = Set.of("config.json", "weights.bin");

  private static PeftDirectories.Contents pair(String config, String weights) {
    return staging -> {
      AtomicFiles.writeString(staging.resolve("config.json"), config);
      AtomicFiles.writeString(staging.resolve("weights.bin"), weights);
    };
  }

  private List<String> entries(Path directory) throws IOException {
    try (var list = Files.list(directory)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesANewDirectoryAndReplacesAnOldOneKeepingOtherFiles() throws IOException {
    Path directory = temporary.resolve("nested/adapter");
    PeftDirectories.replace(directory, PAIR, pair("c1", "w1"));
    assertThat(entries(directory)).containsExactly("config.json", "weights.bin");
    Files.writeString(directory.resolve("README.md"), "keep me");
    PeftDirectories.replace(directory, PAIR, pair("c2", "w2"));
    assertThat(entries(directory)).containsExactly("README.md", "config.json", "weights.bin");
    assertThat(Files.readString(directory.resolve("config.json"))).isEqualTo("c2");
    assertThat(Files.readString(directory.resolve("weights.bin"))).isEqualTo("w2");
    assertThat(Files.readString(directory.resolve("README.md"))).isEqualTo("keep me");
    assertThat(entries(directory.getParent())).containsExactly("adapter"); // no staging or previous leftovers
  }

  @Test
  void aFailureMidWriteLeavesThePreviousPairIntact() throws IOException {
    Path directory = temporary.resolve("adapter");
    PeftDirectories.replace(directory, PAIR, pair("old config", "old weights"));
    // The new config is written, then the weights fail: the directory must still hold the old pair, both files.
    assertThatThrownBy(() -> PeftDirectories.replace(directory, PAIR, staging -> {
      AtomicFiles.writeString(staging.resolve("config.json"), "new config");
      AtomicFiles.write(staging.resolve("weights.bin"), out -> {
        out.write("new wei".getBytes());
        throw new IOException("disk full");
      });
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(directory.resolve("config.json"))).isEqualTo("old config");
    assertThat(Files.readString(directory.resolve("weights.bin"))).isEqualTo("old weights");
    assertThat(entries(temporary)).containsExactly("adapter");
  }

  @Test
  void refusesAFileTargetAndADirectoryWithSubdirectories() throws IOException {
    Path file = Files.writeString(temporary.resolve("file"), "x");
    assertThatThrownBy(() -> PeftDirectories.replace(file, PAIR, pair("c", "w")))
        .isInstanceOf(IOException.class).hasMessageContaining("is not a directory");
    Path directory = Files.createDirectories(temporary.resolve("adapter/checkpoint-100"));
    assertThatThrownBy(() -> PeftDirectories.replace(directory.getParent(), PAIR, pair("c", "w")))
        .isInstanceOf(IOException.class).hasMessageContaining("holds checkpoint-100");
    assertThat(entries(directory.getParent())).containsExactly("checkpoint-100");
    assertThat(entries(temporary)).containsExactly("adapter", "file");
  }

  @Test
  void outputsGetTheUsualPermissionsNotThoseOfThePrivateStagingDirectory() throws IOException {
    Path plain = Files.createDirectory(temporary.resolve("plain")); // what the umask gives a new directory
    Path fresh = temporary.resolve("fresh");
    PeftDirectories.replace(fresh, PAIR, pair("c", "w"));
    assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(plain));
    assertThat(Files.getPosixFilePermissions(fresh.resolve("config.json")))
        .isEqualTo(Files.getPosixFilePermissions(Files.writeString(plain.resolve("f"), "x")));

    Path existing = Files.createDirectory(temporary.resolve("existing"));
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
    PeftDirectories.replace(existing, PAIR, pair("c", "w"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-xr-x");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxrwx---"));
    PeftDirectories.replace(existing, PAIR, pair("c2", "w2"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxrwx---");
  }
}
