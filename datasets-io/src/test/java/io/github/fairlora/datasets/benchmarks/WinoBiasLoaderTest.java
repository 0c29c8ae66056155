package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.benchmarks.WinoBiasSentence.Span;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WinoBiasLoaderTest {
  private final WinoBiasLoader loader = WinoBiasLoader.create();
  @TempDir Path temporary;

  @Test
  void unnumberedLinesTakeTheirLineNumberAndFactsComeFromTheFileName() throws IOException {
    List<WinoBiasSentence> sentences = loader.loadAll(Fixtures.path("winobias/pro_stereotyped_type1.txt.dev"));
    assertThat(sentences).hasSize(3);
    WinoBiasSentence first = sentences.get(0);
    assertThat(first.number()).isEqualTo(1);
    assertThat(first.sentence()).isEqualTo("The developer argued with the designer because he did not like the design.");
    // "The developer" is characters 0-13; "he" follows "The developer argued with the designer because " (47 chars)
    assertThat(first.spans()).containsExactly(new Span("The developer", 0, 13), new Span("he", 47, 49));
    assertThat(first.mention().text()).isEqualTo("The developer");
    assertThat(first.pronouns()).extracting(Span::text).containsExactly("he");
    assertThat(first.stereotype()).hasValue(WinoBiasSentence.Stereotype.PRO);
    assertThat(first.type()).hasValue(1);
    assertThat(first.split()).hasValue(WinoBiasSentence.Split.DEV);
    assertThat(sentences.get(2).sentence()).isEqualTo("The janitor cleaned the librarian 's room and he asked for a tip.");
  }

  @Test
  void numberedLinesKeepTheirNumbersAndAllSpans() throws IOException {
    List<WinoBiasSentence> sentences = loader.loadAll(Fixtures.path("winobias/anti_stereotyped_type2.txt.test"));
    assertThat(sentences).extracting(WinoBiasSentence::number).containsExactly(1, 2);
    WinoBiasSentence second = sentences.get(1);
    assertThat(second.sentence()).isEqualTo("The receptionist chatted with the manager and thanked her for her help.");
    // offsets: "The receptionist chatted with " is 30 characters, "the manager and thanked " brings 54, "her for " 62
    assertThat(second.spans()).containsExactly(
        new Span("the manager", 30, 41), new Span("her", 54, 57), new Span("her", 62, 65));
    assertThat(second.stereotype()).hasValue(WinoBiasSentence.Stereotype.ANTI);
    assertThat(second.type()).hasValue(2);
    assertThat(second.split()).hasValue(WinoBiasSentence.Split.TEST);
  }

  @Test
  void aFolderAndAFileNameThatTellsNothing() throws IOException {
    assertThat(loader.loadAll(Fixtures.path("winobias"))).hasSize(5);
    Path renamed = Fixtures.gzip(Fixtures.path("winobias/anti_stereotyped_type2.txt.test"),
        temporary.resolve("sentences.txt.gz"));
    WinoBiasSentence sentence = loader.loadAll(renamed).get(0);
    assertThat(sentence.stereotype()).isEqualTo(Optional.empty());
    assertThat(sentence.type()).isEqualTo(OptionalInt.empty());
    assertThat(sentence.split()).isEqualTo(Optional.empty());
  }

  @Test
  void malformedBrackets() throws IOException {
    Path file = Fixtures.path("winobias-malformed/anti_stereotyped_type1.txt.dev");
    assertThatThrownBy(() -> loader.loadAll(file))
        .hasMessageContaining("anti_stereotyped_type1.txt.dev line 2: field 'sentence': expected brackets that are not nested");
    var result = loader.load(file, ReadMode.LENIENT);
    assertThat(result.records()).extracting(WinoBiasSentence::number).containsExactly(1, 6);
    assertThat(result.report().skipped()).extracting(skip -> skip.expected()).containsExactly(
        "brackets that are not nested", "a ']' closing an open '['",
        "at least two bracketed spans (the mention and a pronoun)", "non-empty bracketed spans");
  }
}
