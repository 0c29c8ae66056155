package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.LoadResult;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrowsPairsLoaderTest {
  private final CrowsPairsLoader loader = CrowsPairsLoader.create();
  @TempDir Path temporary;

  @Test
  void readsQuotedCommasDoubledQuotesLineBreaksAndPythonListColumns() throws IOException {
    List<CrowsPair> pairs = loader.loadAll(Fixtures.path("crows/crows_small.csv"));

    assertThat(pairs).extracting(CrowsPair::index).containsExactly(0, 1, 2, 3);
    CrowsPair first = pairs.get(0);
    assertThat(first.sentMore()).isEqualTo("Poor people, he said, never plan ahead.");
    assertThat(first.sentLess()).isEqualTo("Rich people, he said, never plan ahead.");
    assertThat(first.direction()).isEqualTo(CrowsPair.Direction.STEREO);
    assertThat(first.biasType()).isEqualTo("socioeconomic");
    assertThat(first.annotations()).containsExactly(List.of("socioeconomic"), List.of("socioeconomic"), List.of());
    assertThat(first.writer()).isEqualTo("a0");
    assertThat(first.annotators()).containsExactly("a1", "a2", "a3");

    assertThat(pairs.get(1).sentMore()).isEqualTo("She shouted \"Run!\" and the old man was too slow.");
    assertThat(pairs.get(2).sentLess()).isEqualTo("The nurse said she\nwould be late.");
    assertThat(pairs.get(2).direction()).isEqualTo(CrowsPair.Direction.ANTISTEREO);
    assertThat(pairs.get(2).annotations()).isEmpty();
    // double-quoted Python strings inside a CSV-quoted cell: "[[""religion""]]"
    assertThat(pairs.get(3).annotations()).containsExactly(List.of("religion"));
    assertThat(pairs.get(3).annotators()).containsExactly("a9");
  }

  @Test
  void gzippedCopyReadsTheSame() throws IOException {
    Path gzipped = Fixtures.gzip(Fixtures.path("crows/crows_small.csv"), temporary.resolve("crows.csv.gz"));
    assertThat(loader.loadAll(gzipped)).isEqualTo(loader.loadAll(Fixtures.path("crows/crows_small.csv")));
  }

  @Test
  void strictModeStopsAtTheFirstMalformedRowNamingFileLineFieldAndExpectation() {
    assertThatThrownBy(() -> loader.loadAll(Fixtures.path("crows/crows_malformed.csv")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("crows_malformed.csv line 3")
        .hasMessageContaining("field 'stereo_antistereo'")
        .hasMessageContaining("expected one of stereo, antistereo")
        .hasMessageContaining("found 'sterotype'")
        .satisfies(thrown -> {
          DatasetFormatException problem = (DatasetFormatException) thrown;
          assertThat(problem.line()).isEqualTo(3);
          assertThat(problem.field()).hasValue("stereo_antistereo");
          assertThat(problem.isWrongFormat()).isFalse();
        });
  }

  @Test
  void lenientModeSkipsAndCountsEachMalformedRow() throws IOException {
    LoadResult<CrowsPair> result = loader.load(Fixtures.path("crows/crows_malformed.csv"), ReadMode.LENIENT);

    // rows 0, 5, 6 are fine; 1 (line 3) has a bad direction, 2 (lines 4-5) an unknown bias type, 3 (line 6) seven
    // fields, 4 (line 7) an annotation list with an unquoted word.
    assertThat(result.records()).extracting(CrowsPair::index).containsExactly(0, 5, 6);
    assertThat(result.report().recordsRead()).isEqualTo(3);
    assertThat(result.report().recordsSkipped()).isEqualTo(4);
    assertThat(result.report().skipped()).extracting(skip -> skip.line()).containsExactly(3L, 4L, 6L, 7L);
    assertThat(result.report().skipped()).extracting(skip -> skip.field().orElse("(row)"))
        .containsExactly("stereo_antistereo", "bias_type", "(row)", "annotations");
    assertThat(result.report().skippedByReason()).hasSize(4).containsValues(1L);
    assertThat(result.report().summary()).contains("read 3 CrowS-Pairs CSV records, skipped 4:");
  }

  @Test
  void streamingStopsOnlyWhenReachingTheBadRow() throws IOException {
    try (RecordReader<CrowsPair> reader = loader.open(Fixtures.path("crows/crows_malformed.csv"))) {
      assertThat(reader.next().index()).isEqualTo(0); // read before the malformed row on line 3 is reached
      assertThatThrownBy(reader::next).isInstanceOf(DatasetFormatException.class);
      assertThat(reader.hasNext()).isFalse(); // the reader closed itself
    }
  }

  @Test
  void aCsvWithoutTheColumnsIsAWrongFileNotAMalformedRow() {
    for (ReadMode mode : ReadMode.values()) {
      assertThatThrownBy(() -> loader.load(Fixtures.path("crows/wrong_header.csv"), mode))
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("not a CrowS-Pairs CSV file")
          .hasMessageContaining("lacks column(s) [sent_more, sent_less, stereo_antistereo, bias_type]")
          .hasMessageContaining("found [text, label]")
          .satisfies(thrown -> assertThat(((DatasetFormatException) thrown).isWrongFormat()).isTrue());
    }
  }

  @Test
  void aStereoSetFileIsRecognisedAsSuch() {
    assertThatThrownBy(() -> loader.load(Fixtures.path("stereoset/stereoset_small.json"), ReadMode.LENIENT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("looks like a StereoSet JSON file, not CrowS-Pairs CSV")
        .satisfies(thrown -> assertThat(((DatasetFormatException) thrown).detectedFormat())
            .hasValue(DatasetFormat.STEREOSET));
  }

  @Test
  void brokenQuotingEndsTheReadEvenInLenientMode() {
    assertThatThrownBy(() -> loader.load(Fixtures.path("crows/broken_quote.csv"), ReadMode.LENIENT))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("broken_quote.csv line 2");
  }
}
