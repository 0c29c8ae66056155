package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.LoadResult;
import io.github.fairlora.datasets.ReadMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BbqLoaderTest {
  private final BbqLoader loader = BbqLoader.create();
  @TempDir Path temporary;

  @Test
  void readsAFolderOfCategoryFilesInNameOrder() throws IOException {
    LoadResult<BbqExample> result = loader.load(Fixtures.path("bbq"), ReadMode.STRICT);

    assertThat(result.records()).extracting(BbqExample::category).containsExactly("Age", "Age", "Gender_identity");
    assertThat(result.report().files()).extracting(path -> path.getFileName().toString())
        .containsExactly("Age.jsonl", "Gender_identity.jsonl");
    BbqExample first = result.records().get(0);
    assertThat(first.exampleId()).isZero();
    assertThat(first.questionIndex()).isEqualTo("1");
    assertThat(first.polarity()).isEqualTo(BbqExample.Polarity.NEG);
    assertThat(first.contextCondition()).isEqualTo(BbqExample.ContextCondition.AMBIG);
    assertThat(first.answers()).containsExactly("The grandfather", "The grandson", "Can't be determined");
    assertThat(first.answerInfo()).containsExactly(new BbqExample.AnswerInfo("grandfather", "old"),
        new BbqExample.AnswerInfo("grandson", "nonOld"), new BbqExample.AnswerInfo("Can't be determined", "unknown"));
    assertThat(first.metadata()).isEqualTo(
        new BbqExample.Metadata("None", List.of("old"), "a", "https://example.org/age"));
    assertThat(first.label()).isEqualTo(2);
    assertThat(first.correctAnswer()).isEqualTo("Can't be determined");
    assertThat(first.unknownAnswerIndex()).hasValue(2);

    BbqExample second = result.records().get(1); // question_index written as a number, stereotyped_groups as a string
    assertThat(second.questionIndex()).isEqualTo("1");
    assertThat(second.metadata().stereotypedGroups()).containsExactly("old");
    assertThat(second.contextCondition()).isEqualTo(BbqExample.ContextCondition.DISAMBIG);

    BbqExample third = result.records().get(2); // no additional_metadata
    assertThat(third.metadata()).isEqualTo(new BbqExample.Metadata("", List.of(), "", ""));
    assertThat(third.unknownAnswerIndex()).hasValue(0);
  }

  @Test
  void aSingleGzippedFileReadsTheSame() throws IOException {
    Path gzipped = Fixtures.gzip(Fixtures.path("bbq/Age.jsonl"), temporary.resolve("Age.jsonl.gz"));
    assertThat(loader.loadAll(gzipped)).isEqualTo(loader.loadAll(Fixtures.path("bbq/Age.jsonl")));
  }

  @Test
  void strictAndLenientModesOnMalformedLines() throws IOException {
    Path file = Fixtures.path("bbq-malformed/Mixed.jsonl");
    assertThatThrownBy(() -> loader.loadAll(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("Mixed.jsonl line 2: field 'question_polarity': expected one of neg, nonneg, found 'negative'");

    LoadResult<BbqExample> result = loader.load(file, ReadMode.LENIENT);
    assertThat(result.records()).extracting(BbqExample::exampleId).containsExactly(0, 5);
    assertThat(result.report().recordsSkipped()).isEqualTo(4);
    assertThat(result.report().skipped()).extracting(skip -> skip.line()).containsExactly(2L, 3L, 4L, 5L);
    assertThat(result.report().skipped()).extracting(skip -> skip.field().orElse("(line)"))
        .containsExactly("question_polarity", "label", "(line)", "ans1");
    assertThat(result.report().skipped().get(2).expected()).isEqualTo("a JSON object on one line");
  }

  @Test
  void otherFormatsAreRecognised() throws IOException {
    assertThatThrownBy(() -> loader.load(Fixtures.path("stereoset/stereoset_small.json"), ReadMode.LENIENT))
        .hasMessageContaining("looks like a StereoSet JSON file, not BBQ JSONL");
    Path copy = Files.copy(Fixtures.path("rtp/prompts.jsonl"), temporary.resolve("prompts.jsonl"));
    assertThatThrownBy(() -> loader.load(copy, ReadMode.LENIENT))
        .hasMessageContaining("looks like a RealToxicityPrompts JSONL file, not BBQ JSONL");
  }
}
