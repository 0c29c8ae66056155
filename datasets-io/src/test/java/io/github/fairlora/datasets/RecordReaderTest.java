package io.github.fairlora.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RecordReaderTest {

  /** Yields 1..count, where multiples of {@code badEvery} are malformed; counts releases. */
  private static final class Numbers extends RecordReader<Integer> {
    private final int count;
    private final int badEvery;
    private int next = 1;
    int releases;

    Numbers(int count, int badEvery, ReadMode mode) {
      super("numbers", mode);
      this.count = count;
      this.badEvery = badEvery;
      fileOpened(Path.of("numbers.txt"));
    }

    @Override
    protected Integer readNext() {
      while (next <= count) {
        int value = next++;
        if (value % badEvery == 0) {
          skipOrThrow(DatasetFormatException.malformed(Path.of("numbers.txt"), value, "value",
              "a number that is not a multiple of " + badEvery, Integer.toString(value)));
          continue;
        }
        return value;
      }
      return null;
    }

    @Override
    protected void release() {
      releases++;
    }
  }

  @Test
  void lenientReportCountsEverySkipButListsAtMostAThousand() {
    // 1..5000 with every 2nd malformed: 2500 read, 2500 skipped, 1000 listed.
    Numbers reader = new Numbers(5000, 2, ReadMode.LENIENT);
    LoadResult<Integer> result = reader.readAll();
    assertThat(result.records()).hasSize(2500).startsWith(1, 3, 5);
    ReadReport report = result.report();
    assertThat(report.recordsRead()).isEqualTo(2500);
    assertThat(report.recordsSkipped()).isEqualTo(2500);
    assertThat(report.skipped()).hasSize(ReadReport.MAXIMUM_LISTED);
    assertThat(report.isListTruncated()).isTrue();
    assertThat(report.skippedByReason())
        .containsExactly(java.util.Map.entry("field 'value': expected a number that is not a multiple of 2", 2500L));
    assertThat(report.files()).containsExactly(Path.of("numbers.txt"));
    assertThat(report.summary()).isEqualTo(String.format(
        "read 2,500 numbers records, skipped 2,500:%n  2,500 x field 'value': expected a number that is not a multiple of 2"));
    assertThat(reader.releases).isEqualTo(1);
  }

  @Test
  void strictReadThrowsAtTheFirstProblemAndReleasesTheFile() {
    Numbers reader = new Numbers(10, 4, ReadMode.STRICT);
    List<Integer> seen = new ArrayList<>();
    assertThatThrownBy(() -> reader.forEachRemaining(seen::add))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("numbers.txt line 4: field 'value': expected a number that is not a multiple of 4, found '4'");
    assertThat(seen).containsExactly(1, 2, 3);
    assertThat(reader.releases).isEqualTo(1);
    assertThat(reader.hasNext()).isFalse();
  }

  @Test
  void streamClosesTheReaderAndNextPastTheEndThrows() {
    Numbers reader = new Numbers(6, 100, ReadMode.STRICT);
    try (Stream<Integer> stream = reader.stream()) {
      assertThat(stream.limit(2)).containsExactly(1, 2);
    }
    assertThat(reader.releases).isEqualTo(1);
    assertThat(reader.hasNext()).isFalse();
    assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
    reader.close();
    assertThat(reader.releases).isEqualTo(1);
  }

  @Test
  void exceptionAccessors() {
    DatasetFormatException malformed =
        DatasetFormatException.malformed(Path.of("a.csv"), 7, "label", "an integer", "x".repeat(200) + "\n");
    assertThat(malformed.file()).isEqualTo(Path.of("a.csv"));
    assertThat(malformed.line()).isEqualTo(7);
    assertThat(malformed.field()).hasValue("label");
    assertThat(malformed.expected()).isEqualTo("an integer");
    assertThat(malformed.found()).hasValue("'" + "x".repeat(120) + "...'");
    assertThat(malformed.isWrongFormat()).isFalse();
    assertThat(DatasetFormatException.malformed(Path.of("a.csv"), 0, null, "a header", null).getMessage())
        .isEqualTo("a.csv: expected a header, found nothing");
    DatasetFormatException wrong =
        DatasetFormatException.wrongFormat(Path.of("b.json"), "StereoSet JSON", DatasetFormat.BBQ, "no data object");
    assertThat(wrong.getMessage()).isEqualTo("b.json: looks like a BBQ JSONL file, not StereoSet JSON (no data object)");
    assertThat(wrong.isWrongFormat()).isTrue();
    assertThat(DatasetFormatException.wrongFormat(Path.of("c.csv"), "CrowS-Pairs CSV", null, "no columns").getMessage())
        .isEqualTo("c.csv: not a CrowS-Pairs CSV file: no columns");
  }
}
