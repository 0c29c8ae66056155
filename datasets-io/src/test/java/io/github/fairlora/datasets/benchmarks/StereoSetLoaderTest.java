package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StereoSetLoaderTest {
  private final StereoSetLoader loader = StereoSetLoader.create();
  @TempDir Path temporary;

  @Test
  void readsBothTasksWithSentencesLabelsAndGoldLabels() throws IOException {
    StereoSet set = loader.loadDataset(Fixtures.path("stereoset/stereoset_small.json"), ReadMode.STRICT);

    assertThat(set.version()).isEqualTo("1.0-test");
    assertThat(set.examples()).hasSize(2);
    StereoSetExample intra = set.examples(StereoSetExample.Task.INTRASENTENCE).get(0);
    assertThat(intra.id()).isEqualTo("intra-1");
    assertThat(intra.target()).isEqualTo("chess player");
    assertThat(intra.biasType()).isEqualTo("profession");
    assertThat(intra.context()).isEqualTo("The chess player was BLANK.");
    assertThat(intra.sentences()).extracting(StereoSetExample.Sentence::id).containsExactly("s1a", "s1b", "s1c");
    assertThat(intra.sentence(StereoSetLabel.STEREOTYPE).sentence()).isEqualTo("The chess player was asian.");
    assertThat(intra.sentence(StereoSetLabel.UNRELATED).labels()).containsExactly(
        new StereoSetExample.HumanLabel("h1", StereoSetLabel.UNRELATED),
        new StereoSetExample.HumanLabel("h2", StereoSetLabel.RELATED));

    StereoSetExample inter = set.examples(StereoSetExample.Task.INTERSENTENCE).get(0);
    assertThat(inter.context()).isEqualTo("My grandfather lives in the countryside.");
    assertThat(inter.sentence(StereoSetLabel.ANTI_STEREOTYPE).sentence())
        .isEqualTo("He knits blankets for the neighbours.");
  }

  @Test
  void gzippedCopyReadsTheSame() throws IOException {
    Path original = Fixtures.path("stereoset/stereoset_small.json");
    Path gzipped = Fixtures.gzip(original, temporary.resolve("dev.json.gz"));
    assertThat(loader.loadAll(gzipped)).isEqualTo(loader.loadAll(original));
  }

  @Test
  void strictModeNamesTheLineWhereTheBadExampleStarts() {
    assertThatThrownBy(() -> loader.loadAll(Fixtures.path("stereoset/stereoset_malformed.json")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("stereoset_malformed.json line 5")
        .hasMessageContaining("field 'context'")
        .hasMessageContaining("expected an intrasentence context containing BLANK");
  }

  @Test
  void lenientModeSkipsBadExamples() throws IOException {
    var result = loader.load(Fixtures.path("stereoset/stereoset_malformed.json"), ReadMode.LENIENT);
    // examples start on lines 5 (no BLANK), 12 (good), 25 (two stereotype sentences), 36 (unknown gold label)
    assertThat(result.records()).extracting(StereoSetExample::id).containsExactly("good-1");
    assertThat(result.report().skipped()).extracting(skip -> skip.line()).containsExactly(5L, 25L, 36L);
    assertThat(result.report().skipped()).extracting(skip -> skip.field().orElseThrow())
        .containsExactly("context", "sentences", "sentences[0].gold_label");
    assertThat(result.report().skipped().get(1).expected())
        .isEqualTo("exactly one sentence with gold_label stereotype");
    assertThat(result.report().skipped().get(1).found()).hasValue("'2 of them'");
  }

  @Test
  void aBbqFileIsRecognisedAsSuch() {
    for (ReadMode mode : ReadMode.values()) {
      assertThatThrownBy(() -> loader.load(Fixtures.path("bbq/Age.jsonl"), mode))
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("looks like a BBQ JSONL file, not StereoSet JSON")
          .satisfies(thrown -> assertThat(((DatasetFormatException) thrown).detectedFormat())
              .hasValue(DatasetFormat.BBQ));
    }
  }

  @Test
  void aCsvFileIsNotStereoSet() {
    assertThatThrownBy(() -> loader.load(Fixtures.path("crows/crows_small.csv"), ReadMode.LENIENT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("looks like a CrowS-Pairs CSV file, not StereoSet JSON");
  }

  @Test
  void brokenJsonNamesItsLine() throws IOException {
    Path broken = Fixtures.write(temporary.resolve("broken.json"),
        "{\"version\": \"1\",\n \"data\": {\"intrasentence\": [\n {\"id\": \"x\",,}\n]}}\n");
    assertThatThrownBy(() -> loader.load(broken, ReadMode.LENIENT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("broken.json line 3")
        .hasMessageContaining("expected well-formed JSON");
  }
}
