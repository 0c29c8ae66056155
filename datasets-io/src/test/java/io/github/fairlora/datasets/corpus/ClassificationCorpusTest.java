package io.github.fairlora.datasets.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.ClassificationExample;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.train.LabeledText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationCorpusTest {
  @TempDir Path temporary;

  private static CsvCorpusLoader.Builder sentimentCsv() {
    return CsvCorpusLoader.builder().textColumn("text").labelColumn("sentiment").groupColumns("gender", "age_group");
  }

  @Test
  void csvWithSortedLabelsByDefault() throws IOException {
    ClassificationCorpus corpus = sentimentCsv().build().loadCorpus(Fixtures.path("corpus/labeled.csv"), ReadMode.STRICT);
    // sorted: negative = 0, neutral = 1, positive = 2
    assertThat(corpus.classNames()).containsExactly("negative", "neutral", "positive");
    assertThat(corpus.examples()).extracting(ClassificationExample::label).containsExactly(2, 0, 1, 2, 0);
    assertThat(corpus.examples().get(1)).isEqualTo(new ClassificationExample(
        "It was bad, really bad.", 0, Map.of("gender", "male", "age_group", "old")));
    assertThat(corpus.examples().get(2).text()).isEqualTo("Fine,\nI guess.");
    assertThat(corpus.examples().get(2).groups()).containsEntry("gender", ""); // empty cell kept as ""
    assertThat(corpus.examples().get(0).groups().keySet()).containsExactly("gender", "age_group");
    assertThat(corpus.labeledTexts().get(0)).isEqualTo(new LabeledText("I loved it.", 2));
    assertThat(corpus.numberOfClasses()).isEqualTo(3);
  }

  @Test
  void csvWithFirstSeenLabelsAndWithGivenClassNames() throws IOException {
    Path file = Fixtures.path("corpus/labeled.csv");
    ClassificationCorpus firstSeen = sentimentCsv().labelOrder(LabelOrder.FIRST_SEEN).build()
        .loadCorpus(file, ReadMode.STRICT);
    // first seen: positive = 0, negative = 1, neutral = 2
    assertThat(firstSeen.classNames()).containsExactly("positive", "negative", "neutral");
    assertThat(firstSeen.examples()).extracting(ClassificationExample::label).containsExactly(0, 1, 2, 0, 1);

    CsvCorpusLoader given = sentimentCsv().classNames(List.of("negative", "positive")).build();
    assertThatThrownBy(() -> given.loadAll(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("labeled.csv line 4: field 'sentiment': expected one of the classes [negative, positive],"
            + " found 'neutral'");
    ClassificationCorpus lenient = given.loadCorpus(file, ReadMode.LENIENT);
    assertThat(lenient.examples()).extracting(ClassificationExample::label).containsExactly(1, 0, 1, 0);
    assertThat(lenient.report().recordsSkipped()).isEqualTo(1);
  }

  @Test
  void numericLabels() throws IOException {
    CsvCorpusLoader loader = CsvCorpusLoader.builder().textColumn("text").labelColumn("label")
        .labelOrder(LabelOrder.NUMERIC).build();
    ClassificationCorpus corpus = loader.loadCorpus(Fixtures.path("corpus/numeric.csv"), ReadMode.LENIENT);
    assertThat(corpus.examples()).extracting(ClassificationExample::text).containsExactly("zero", "two", "one");
    assertThat(corpus.examples()).extracting(ClassificationExample::label).containsExactly(0, 2, 1);
    assertThat(corpus.classNames()).containsExactly("0", "1", "2");
    assertThat(corpus.report().skipped()).extracting(skip -> skip.found().orElseThrow()).containsExactly("'-1'", "'0.5'");
  }

  @Test
  void jsonlWithNumberLabelsAndNullGroups() throws IOException {
    JsonlCorpusLoader loader = JsonlCorpusLoader.builder().textField("text").labelField("label")
        .groupFields("gender", "age").labelOrder(LabelOrder.NUMERIC).build();
    ClassificationCorpus corpus = loader.loadCorpus(Fixtures.path("corpus/labeled.jsonl"), ReadMode.STRICT);
    assertThat(corpus.examples()).extracting(ClassificationExample::label).containsExactly(2, 0, 1, 2);
    assertThat(corpus.examples().get(0).groups()).isEqualTo(Map.of("gender", "female", "age", "23"));
    assertThat(corpus.examples().get(2).group("gender")).isEmpty();
    assertThat(JsonlCorpusLoader.texts("text").loadAll(Fixtures.path("corpus/labeled.jsonl")))
        .containsExactly("I loved it.", "It was bad.", "Fine, I guess.", "Superb!");
  }

  @Test
  void jsonlMalformedLines() throws IOException {
    JsonlCorpusLoader loader = JsonlCorpusLoader.builder().textField("text").labelField("label")
        .groupFields("gender").labelOrder(LabelOrder.FIRST_SEEN).build();
    Path file = Fixtures.path("corpus/labeled_malformed.jsonl");
    assertThatThrownBy(() -> loader.loadAll(file))
        .hasMessageContaining("labeled_malformed.jsonl line 2: field 'label': expected a string, number or boolean,"
            + " found nothing");
    ClassificationCorpus corpus = loader.loadCorpus(file, ReadMode.LENIENT);
    assertThat(corpus.examples()).extracting(ClassificationExample::text).containsExactly("ok", "ok too");
    assertThat(corpus.classNames()).containsExactly("b", "a");
    assertThat(corpus.examples()).extracting(ClassificationExample::label).containsExactly(0, 1);
    assertThat(corpus.report().skipped()).extracting(skip -> skip.line()).containsExactly(2L, 3L, 4L, 5L);

    // SORTED reads the file twice; the skipped lines are reported once
    ClassificationCorpus sorted = JsonlCorpusLoader.builder().textField("text").labelField("label")
        .groupFields("gender").build().loadCorpus(file, ReadMode.LENIENT);
    assertThat(sorted.classNames()).containsExactly("a", "b");
    assertThat(sorted.examples()).extracting(ClassificationExample::label).containsExactly(1, 0);
    assertThat(sorted.report().recordsSkipped()).isEqualTo(4);
  }

  @Test
  void wrongFilesAndHeaders() throws IOException {
    assertThatThrownBy(() -> sentimentCsv().build().loadAll(Fixtures.path("crows/crows_small.csv")))
        .hasMessageContaining("looks like a CrowS-Pairs CSV file, not CSV corpus")
        .hasMessageContaining("lacks column(s) [text, sentiment, gender, age_group]");
    assertThatThrownBy(() -> CsvCorpusLoader.builder().textColumn("text").labelColumn("sentiment")
        .groupColumns("race").build().loadAll(Fixtures.path("corpus/labeled.csv")))
        .hasMessageContaining("not a CSV corpus file: the header lacks column(s) [race]");
    Path stereoSet = java.nio.file.Files.copy(Fixtures.path("stereoset/stereoset_small.json"),
        temporary.resolve("stereoset.jsonl"));
    assertThatThrownBy(() -> JsonlCorpusLoader.texts("text").load(stereoSet, ReadMode.LENIENT))
        .hasMessageContaining("looks like a StereoSet JSON file, not JSONL corpus");
  }

  @Test
  void buildersRefuseIncompleteOrRepeatedSettings() {
    assertThatThrownBy(() -> CsvCorpusLoader.builder().textColumn("text").build())
        .hasMessageContaining("the label field must be set");
    assertThatThrownBy(() -> CsvCorpusLoader.builder().labelOrder(LabelOrder.SORTED).classNames(List.of("a")))
        .hasMessageContaining("a label order was given");
    assertThatThrownBy(() -> JsonlCorpusLoader.builder().groupFields("a", "a"))
        .hasMessageContaining("name a field twice");
    assertThatThrownBy(() -> JsonlCorpusLoader.builder().classNames(List.of("x", "x")))
        .hasMessageContaining("hold a name twice");
    assertThatThrownBy(() -> CsvCorpusLoader.builder().delimiter('"')).hasMessageContaining("quote");
  }

  @Test
  void aBuiltLoaderDoesNotChangeWhenItsBuilderIsReused() throws IOException {
    CsvCorpusLoader.Builder builder = CsvCorpusLoader.builder().textColumn("text").labelColumn("sentiment");
    CsvCorpusLoader sorted = builder.build();
    builder.labelOrder(LabelOrder.FIRST_SEEN);
    CsvCorpusLoader firstSeen = builder.build();
    Path file = Fixtures.path("corpus/labeled.csv");
    assertThat(sorted.loadCorpus(file, ReadMode.STRICT).classNames()).containsExactly("negative", "neutral", "positive");
    assertThat(firstSeen.loadCorpus(file, ReadMode.STRICT).classNames())
        .containsExactly("positive", "negative", "neutral");
  }
}
