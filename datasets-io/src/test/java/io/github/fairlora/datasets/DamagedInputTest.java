package io.github.fairlora.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.benchmarks.HonestLoader;
import io.github.fairlora.datasets.corpus.CsvCorpusLoader;
import io.github.fairlora.datasets.corpus.JsonlCorpusLoader;
import io.github.fairlora.datasets.corpus.TextCorpusLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged compression and huge input lines: described as what they are, quoted only in part. */
class DamagedInputTest {
  @TempDir Path directory;

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static String jsonl(int rows) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      text.append("{\"text\": \"once upon a time ").append(i).append(" there was a story\"}\n");
    }
    return text.toString();
  }

  @Test
  void aTruncatedJsonlGzIsReportedAsTruncatedGzipNamingTheFile() throws IOException {
    byte[] whole = gzip(jsonl(3000));
    Path file = Files.write(directory.resolve("texts.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> JsonlCorpusLoader.texts("text").loadAll(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("the gzip data is truncated");
    // Cut inside the gzip header itself.
    Path header = Files.write(directory.resolve("header.txt.gz"), Arrays.copyOf(whole, 5));
    assertThatThrownBy(() -> TextCorpusLoader.lines().loadAll(header))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("header.txt.gz: the gzip data is truncated");
  }

  @Test
  void aCorruptCsvGzIsReportedAsCorruptGzipNotAsACsvQuotingProblem() throws IOException {
    StringBuilder csv = new StringBuilder("text\n");
    for (int i = 0; i < 3000; i++) {
      csv.append("hello ").append(i).append('\n');
    }
    byte[] bytes = gzip(csv.toString());
    bytes[bytes.length / 2] ^= (byte) 0xff;
    Path file = Files.write(directory.resolve("texts.csv.gz"), bytes);
    assertThatThrownBy(() -> CsvCorpusLoader.texts("text").loadAll(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("the gzip data is corrupt")
        .hasMessageNotContaining("quote");
  }

  @Test
  void aHugeOneLineFileGivenAsTheWrongFormatIsQuotedOnlyInPart() throws IOException {
    // A BOLD-like single-line JSON file of 445 KB given where HONEST templates are expected.
    String bold = "{\"American_actors\": {\"Jacob_Zachar\": [\"" + "x".repeat(445_000) + "\"]}}";
    Path file = Files.writeString(directory.resolve("bold.json"), bold);
    assertThatThrownBy(() -> HonestLoader.create().loadAll(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(600));
  }

  @Test
  void aHugeMalformedCsvLineIsQuotedOnlyInPart() throws IOException {
    Path file = Files.writeString(directory.resolve("long.csv"), "text,label\n\"" + "a".repeat(200_000)
        + "\" x,1\n");
    assertThatThrownBy(() -> CsvCorpusLoader.texts("text").loadAll(file))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("long.csv line 2")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(600));
  }
}
