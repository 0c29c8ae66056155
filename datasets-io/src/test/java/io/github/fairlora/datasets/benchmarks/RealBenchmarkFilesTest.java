package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.datasets.LoadResult;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The loaders on the real third-party files in ../shared (skipped when absent). */
class RealBenchmarkFilesTest {

  @Test
  void crowsPairsLoadsAll1508PairsWithTheNineBiasTypes() throws IOException {
    Path file = SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv");
    LoadResult<CrowsPair> result = CrowsPairsLoader.create().load(file, ReadMode.STRICT);

    assertThat(result.records()).hasSize(1508);
    assertThat(result.report().isClean()).isTrue();
    assertThat(result.records()).extracting(CrowsPair::index)
        .isEqualTo(java.util.stream.IntStream.range(0, 1508).boxed().toList());

    Map<String, Long> perType = result.records().stream()
        .collect(Collectors.groupingBy(CrowsPair::biasType, TreeMap::new, Collectors.counting()));
    // An independent count: a hand-rolled RFC 4180 scan of the raw bytes, taking column 5 of each record.
    Map<String, Long> scanned = naiveCsvRecords(Files.readString(file, StandardCharsets.UTF_8)).stream()
        .skip(1)
        .collect(Collectors.groupingBy(record -> record.get(4), TreeMap::new, Collectors.counting()));
    assertThat(perType).isEqualTo(scanned);
    // The numbers of the CrowS-Pairs paper (Nangia et al., 2020, table 1), which the file matches.
    assertThat(perType).containsExactlyInAnyOrderEntriesOf(Map.of(
        "race-color", 516L, "socioeconomic", 172L, "gender", 262L, "disability", 60L, "nationality", 159L,
        "sexual-orientation", 84L, "physical-appearance", 63L, "religion", 105L, "age", 87L));
    assertThat(perType.keySet()).containsExactlyInAnyOrderElementsOf(CrowsPair.BIAS_TYPES);

    Map<CrowsPair.Direction, Long> perDirection = result.records().stream()
        .collect(Collectors.groupingBy(CrowsPair::direction, Collectors.counting()));
    long scannedStereo = naiveCsvRecords(Files.readString(file)).stream().skip(1)
        .filter(record -> record.get(3).equals("stereo")).count();
    assertThat(perDirection.get(CrowsPair.Direction.STEREO)).isEqualTo(scannedStereo);
    assertThat(perDirection.get(CrowsPair.Direction.STEREO) + perDirection.get(CrowsPair.Direction.ANTISTEREO))
        .isEqualTo(1508);
    // every pair was validated by five annotators
    assertThat(result.records()).allSatisfy(pair -> {
      assertThat(pair.annotators()).hasSize(5);
      assertThat(pair.annotations()).hasSize(5);
    });
    // the one pair whose sentence holds a line break (index 1293) keeps it
    assertThat(result.records().get(1293).sentLess()).isEqualTo("Bob was denied because he was white\n.");
  }

  @Test
  void crowsPairsErrorLinesAreRightAfterTheMultiLineRecord(@org.junit.jupiter.api.io.TempDir Path temporary)
      throws IOException {
    Path file = SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv");
    // Corrupt the bias type of pair 1300 in a temporary copy. Pair i starts on line i + 2 up to pair 1293, whose
    // sentence spans two lines, so pair 1300 starts on line 1300 + 3 = 1303.
    List<String> lines = Files.readAllLines(file);
    String target = lines.get(1303 - 1);
    assertThat(target).startsWith("1300,");
    String biasType = naiveCsvRecords(target).get(0).get(4);
    lines.set(1303 - 1, target.replace("," + biasType + ",", ",no-such-type,"));
    Path copy = temporary.resolve("crows_corrupted.csv");
    Files.write(copy, lines);

    LoadResult<CrowsPair> result = CrowsPairsLoader.create().load(copy, ReadMode.LENIENT);
    assertThat(result.records()).hasSize(1507);
    assertThat(result.report().skipped()).singleElement().satisfies(skip -> {
      assertThat(skip.line()).isEqualTo(1303);
      assertThat(skip.field()).hasValue("bias_type");
    });
  }

  @Test
  void honestEnglishTemplatesLoad810Rows() throws IOException {
    Path file = SharedFiles.require("data/honest/en_template.tsv");
    LoadResult<HonestTemplate> result = HonestLoader.create().load(file, ReadMode.STRICT);
    List<HonestTemplate> templates = result.records();

    assertThat(templates).hasSize(810);
    assertThat(result.report().isClean()).isTrue();
    // Independent counts from a plain split of the raw lines on tabs.
    List<String[]> raw = Files.readAllLines(file).stream().skip(1).map(line -> line.split("\t", -1)).toList();
    assertThat(raw).hasSize(810).allSatisfy(fields -> assertThat(fields).hasSize(6));
    assertThat(countBy(templates, HonestTemplate::category)).isEqualTo(countRaw(raw, 4));
    assertThat(countBy(templates, HonestTemplate::identity)).isEqualTo(countRaw(raw, 2));
    assertThat(countBy(templates, HonestTemplate::type)).isEqualTo(countRaw(raw, 5));
    assertThat(countBy(templates, template -> template.number().name().toLowerCase(java.util.Locale.ROOT)))
        .isEqualTo(countRaw(raw, 3));
    // Sanity: binary gender split evenly, three template types of 270, 15 templates per identity phrase.
    assertThat(countBy(templates, HonestTemplate::category)).isEqualTo(Map.of("female", 405L, "male", 405L));
    assertThat(countBy(templates, HonestTemplate::type))
        .isEqualTo(Map.of("occupation", 270L, "descriptive_adjective", 270L, "descriptive_verb", 270L));
    assertThat(countBy(templates, HonestTemplate::identity).values()).allSatisfy(count ->
        assertThat(count % 15).isZero());
    assertThat(templates).allSatisfy(template -> {
      assertThat(template.templateMasked()).contains("[M]");
      assertThat(template.templateMasked()).startsWith(template.identity());
      assertThat(template.prefix()).doesNotContain("[M]");
    });
    assertThat(templates.get(0).prefix()).isEqualTo("the woman should work as a");
  }

  private static <T> Map<String, Long> countBy(List<T> records, Function<T, String> key) {
    return records.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  private static Map<String, Long> countRaw(List<String[]> rows, int column) {
    return rows.stream().collect(Collectors.groupingBy(row -> row[column], TreeMap::new, Collectors.counting()));
  }

  /** A deliberately simple RFC 4180 reader (quotes, doubled quotes, line breaks in quotes), independent of commons-csv. */
  static List<List<String>> naiveCsvRecords(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int index = 0; index < text.length(); index++) {
      char current = text.charAt(index);
      if (quoted) {
        if (current == '"' && index + 1 < text.length() && text.charAt(index + 1) == '"') {
          field.append('"');
          index++;
        } else if (current == '"') {
          quoted = false;
        } else {
          field.append(current);
        }
      } else if (current == '"') {
        quoted = true;
      } else if (current == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (current == '\n' || current == '\r') {
        if (current == '\r' && index + 1 < text.length() && text.charAt(index + 1) == '\n') {
          index++;
        }
        record.add(field.toString());
        field.setLength(0);
        if (!(record.size() == 1 && record.get(0).isEmpty())) {
          records.add(record);
        }
        record = new ArrayList<>();
      } else {
        field.append(current);
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
