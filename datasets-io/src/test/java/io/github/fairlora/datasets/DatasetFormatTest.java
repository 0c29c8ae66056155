package io.github.fairlora.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.benchmarks.BbqLoader;
import io.github.fairlora.datasets.benchmarks.CrowsPairsLoader;
import io.github.fairlora.datasets.benchmarks.StereoSetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFormatTest {
  @TempDir Path temporary;

  @Test
  void recognisesEachFixture() throws IOException {
    Map<String, DatasetFormat> expected = Map.ofEntries(
        Map.entry("crows/crows_small.csv", DatasetFormat.CROWS_PAIRS),
        Map.entry("crows/crows_malformed.csv", DatasetFormat.CROWS_PAIRS),
        Map.entry("stereoset/stereoset_small.json", DatasetFormat.STEREOSET),
        Map.entry("bbq/Age.jsonl", DatasetFormat.BBQ),
        Map.entry("bbq/Gender_identity.jsonl", DatasetFormat.BBQ),
        Map.entry("honest/honest_small.tsv", DatasetFormat.HONEST),
        Map.entry("bold/gender_prompt.json", DatasetFormat.BOLD),
        Map.entry("bold/race_prompt.json", DatasetFormat.BOLD),
        Map.entry("winobias/pro_stereotyped_type1.txt.dev", DatasetFormat.WINOBIAS),
        Map.entry("winobias/anti_stereotyped_type2.txt.test", DatasetFormat.WINOBIAS),
        Map.entry("holistic/descriptors.json", DatasetFormat.HOLISTIC_BIAS_DESCRIPTORS),
        Map.entry("holistic/nouns.json", DatasetFormat.HOLISTIC_BIAS_NOUNS),
        Map.entry("holistic/sentence_templates.json", DatasetFormat.HOLISTIC_BIAS_TEMPLATES),
        Map.entry("rtp/prompts.jsonl", DatasetFormat.REAL_TOXICITY_PROMPTS),
        Map.entry("toxigen/hate_asian_1k.txt", DatasetFormat.TOXIGEN_PROMPTS),
        Map.entry("civil/jigsaw_small.csv", DatasetFormat.CIVIL_COMMENTS),
        Map.entry("civil/hf_small.csv", DatasetFormat.CIVIL_COMMENTS));
    for (var entry : expected.entrySet()) {
      assertThat(DatasetFormat.detect(Fixtures.path(entry.getKey())))
          .as(entry.getKey())
          .hasValue(entry.getValue());
    }
    for (String plain : new String[] {"corpus/labeled.csv", "corpus/docs.txt", "corpus/labeled.jsonl", "bold/notes.json"}) {
      assertThat(DatasetFormat.detect(Fixtures.path(plain))).as(plain).isEmpty();
    }
  }

  @Test
  void seesThroughGzipAndRecognisesArchivesAndBinaries() throws IOException {
    Path gzipped = Fixtures.gzip(Fixtures.path("stereoset/stereoset_small.json"), temporary.resolve("dev.bin"));
    assertThat(DatasetFormat.detect(gzipped)).hasValue(DatasetFormat.STEREOSET);
    assertThat(DatasetFormat.detect(new byte[] {1, 2, 0, 3})).hasValue(DatasetFormat.BINARY);
    assertThat(DatasetFormat.detect(new byte[0])).isEqualTo(Optional.empty());
    assertThat(DatasetFormat.detect(zip())).hasValue(DatasetFormat.ZIP_ARCHIVE);
  }

  @Test
  void loadersNameAZipArchiveForWhatItIs() throws IOException {
    Path zip = zip();
    assertThatThrownBy(() -> CrowsPairsLoader.create().load(zip, ReadMode.LENIENT))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("looks like a zip archive");
    assertThatThrownBy(() -> BbqLoader.create().load(zip, ReadMode.LENIENT))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("looks like a zip archive");
    assertThatThrownBy(() -> StereoSetLoader.create().load(zip, ReadMode.LENIENT))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("looks like a zip archive");
  }

  private Path zip() throws IOException {
    Path zip = temporary.resolve("data.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("crows.csv"));
      out.write(Files.readAllBytes(Fixtures.path("crows/crows_small.csv")));
      out.closeEntry();
    }
    return zip;
  }
}
