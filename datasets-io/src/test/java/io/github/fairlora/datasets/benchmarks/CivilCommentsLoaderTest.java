package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.train.LabeledText;
import java.io.IOException;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CivilCommentsLoaderTest {

  @Test
  void jigsawColumnsWithEmptyIdentityCellsAndAMultiLineComment() throws IOException {
    List<CivilComment> comments = CivilCommentsLoader.create().loadAll(Fixtures.path("civil/jigsaw_small.csv"));
    assertThat(comments).extracting(CivilComment::id).containsExactly("59848", "59849", "59852", "59855");
    assertThat(comments).extracting(CivilComment::toxicity).containsExactly(0.0, 0.8933333, 0.5, 0.4999);
    // threshold 0.5, inclusive
    assertThat(comments).extracting(CivilComment::toxic).containsExactly(false, true, true, false);
    assertThat(comments.get(1).text()).isEqualTo("You are an idiot,\nand everyone knows it.");
    assertThat(comments.get(2).text()).isEqualTo("A \"quoted\" word, and a comma.");
    // identity columns present, in column order; severe_toxicity and created_date are not identities
    assertThat(comments.get(0).identities()).containsOnlyKeys("male", "female", "black", "white", "muslim");
    assertThat(comments.get(0).identities().keySet()).containsExactly("male", "female", "black", "white", "muslim");
    assertThat(comments.get(0).identities().values()).containsOnly(OptionalDouble.empty());
    assertThat(comments.get(1).identity("female")).hasValue(0.6);
    assertThat(comments.get(1).mentions("female", 0.5)).isTrue();
    assertThat(comments.get(2).identity("black")).hasValue(0.25);
    assertThat(comments.get(2).mentions("black", 0.5)).isFalse();
    assertThat(comments.get(3).identity("female")).isEmpty();
    assertThat(comments.get(1).toLabeledText()).isEqualTo(new LabeledText("You are an idiot,\nand everyone knows it.", 1));
  }

  @Test
  void chosenColumnsAndThreshold() throws IOException {
    CivilCommentsLoader loader = CivilCommentsLoader.builder()
        .textColumn("comment_text").scoreColumn("target").threshold(0.45).identityColumns(List.of("white", "male"))
        .build();
    List<CivilComment> comments = loader.loadAll(Fixtures.path("civil/jigsaw_small.csv"));
    assertThat(comments).extracting(CivilComment::toxic).containsExactly(false, true, true, true);
    assertThat(comments.get(2).identities().keySet()).containsExactly("male", "white"); // column order
    assertThat(comments.get(2).identity("white")).hasValue(0.75);

    assertThatThrownBy(() -> CivilCommentsLoader.builder().identityColumns(List.of("asian")).build()
        .loadAll(Fixtures.path("civil/jigsaw_small.csv")))
        .hasMessageContaining("lacks identity column(s) [asian]");
    assertThatThrownBy(() -> CivilCommentsLoader.builder().threshold(0)).hasMessageContaining("(0.0) must be in (0, 1]");
    assertThatThrownBy(() -> CivilCommentsLoader.builder().textColumn("a").textColumn("b"))
        .hasMessageContaining("already set");
  }

  @Test
  void huggingFaceLayoutWithTextAndToxicity() throws IOException {
    List<CivilComment> comments = CivilCommentsLoader.create().loadAll(Fixtures.path("civil/hf_small.csv"));
    assertThat(comments).extracting(CivilComment::text).containsExactly("Great article.", "What a stupid thing to say.");
    assertThat(comments).extracting(CivilComment::label).containsExactly(0, 1);
    assertThat(comments.get(0).identities()).isEmpty();
    assertThat(comments.get(0).id()).isEmpty();
  }

  @Test
  void malformedRowsAndWrongFiles() throws IOException {
    assertThatThrownBy(() -> CivilCommentsLoader.create().loadAll(Fixtures.path("civil/civil_malformed.csv")))
        .hasMessageContaining("civil_malformed.csv line 3: field 'toxicity': expected a score in [0, 1], found ''");
    var result = CivilCommentsLoader.create().load(Fixtures.path("civil/civil_malformed.csv"), ReadMode.LENIENT);
    assertThat(result.records()).extracting(CivilComment::id).containsExactly("1", "5");
    assertThat(result.report().skipped()).extracting(skip -> skip.field().orElseThrow())
        .containsExactly("toxicity", "toxicity", "male");

    assertThatThrownBy(() -> CivilCommentsLoader.create().loadAll(Fixtures.path("crows/crows_small.csv")))
        .hasMessageContaining("looks like a CrowS-Pairs CSV file, not Civil Comments / Jigsaw CSV")
        .hasMessageContaining("lacks a text column (text or comment_text) and a score column");
  }
}
