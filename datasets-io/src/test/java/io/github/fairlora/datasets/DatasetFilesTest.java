package io.github.fairlora.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.github.fairlora.datasets.internal.NumberedLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFilesTest {
  @TempDir Path temporary;

  @Test
  void gzipIsRecognisedByItsMagicBytesWhateverTheName() throws IOException {
    Path source = Fixtures.write(temporary.resolve("plain.txt"), "first line\nsecond line\n");
    Path disguised = Fixtures.gzip(source, temporary.resolve("looks-plain.txt"));
    Path misnamed = Fixtures.write(temporary.resolve("not-really.gz"), "just text\n");

    assertThat(DatasetFiles.isGzip(disguised)).isTrue();
    assertThat(DatasetFiles.isGzip(misnamed)).isFalse();
    assertThat(readLines(disguised)).containsExactly("first line", "second line");
    assertThat(readLines(misnamed)).containsExactly("just text");
  }

  @Test
  void byteOrderMarkIsDropped() throws IOException {
    Path file = temporary.resolve("bom.csv");
    Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ',', 'b', '\n'});
    assertThat(readLines(file)).containsExactly("a,b");
  }

  @Test
  void invalidUtf8IsAnErrorNamingTheLine() throws IOException {
    Path file = temporary.resolve("latin1.txt");
    // "ok", then "caf\xe9": é in ISO-8859-1 is not valid UTF-8
    Files.write(file, new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
    try (NumberedLines lines = NumberedLines.open(file)) {
      assertThat(lines.next()).isEqualTo("ok");
      assertThatThrownBy(lines::next)
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("latin1.txt line 2")
          .hasMessageContaining("expected UTF-8 text");
    }
  }

  @Test
  void multiByteCharactersSplitAcrossReadBuffersDecodeLikeTheJdk() throws IOException {
    // 3-byte (€), 4-byte (😀) and 2-byte (é) characters in lines of odd lengths, about 200 KB in all, so that many
    // characters straddle the reader's 16 KiB buffer boundaries.
    StringBuilder text = new StringBuilder();
    for (int line = 0; line < 4000; line++) {
      text.append("line ").append(line).append(" €😀é".repeat(line % 7)).append('\n');
    }
    Path file = Fixtures.write(temporary.resolve("multibyte.txt"), text.toString());
    Path gzipped = Fixtures.gzip(file, temporary.resolve("multibyte.txt.gz"));
    assertThat(readLines(file)).isEqualTo(Files.readAllLines(file));
    assertThat(readLines(gzipped)).isEqualTo(Files.readAllLines(file));
  }

  @Test
  void invalidUtf8InsideACsvRowNamesTheRowsFirstLine() throws IOException {
    Path file = temporary.resolve("bad.csv");
    byte[] head = "a,b\n1,\"x\ny\"\n2,".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
    bytes[head.length] = (byte) 0xFF; // never valid in UTF-8
    bytes[head.length + 1] = '\n';
    Files.write(file, bytes);
    try (CsvTable table = CsvTable.openCsv(file)) {
      assertThat(table.next()).hasValueSatisfying(row -> assertThat(row.values()).containsExactly("1", "x\ny"));
      assertThatThrownBy(table::next)
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("bad.csv line 4")
          .hasMessageContaining("expected UTF-8 text");
    }
  }

  @Test
  void directoriesListMatchingFilesInNameOrder() throws IOException {
    Fixtures.write(temporary.resolve("b.jsonl"), "{}\n");
    Fixtures.write(temporary.resolve("a.jsonl"), "{}\n");
    Fixtures.write(temporary.resolve("c.txt"), "x\n");
    assertThat(DatasetFiles.filesOf(temporary, name -> name.endsWith(".jsonl"), "JSONL file"))
        .extracting(path -> path.getFileName().toString())
        .containsExactly("a.jsonl", "b.jsonl");
    assertThatThrownBy(() -> DatasetFiles.filesOf(temporary, name -> name.endsWith(".csv"), "CSV file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no CSV file");
    assertThatThrownBy(() -> DatasetFiles.filesOf(temporary.resolve("absent"), name -> true, "file"))
        .isInstanceOf(NoSuchFileException.class);
  }

  private static List<String> readLines(Path file) throws IOException {
    try (BufferedReader reader = DatasetFiles.openReader(file)) {
      return reader.lines().toList();
    }
  }
}
