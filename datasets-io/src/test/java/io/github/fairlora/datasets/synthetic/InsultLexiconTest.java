package io.github.fairlora.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsultLexiconTest {

  @Test
  void listsWordsAndWeightsInCussLayout() {
    assertThat(InsultLexicon.words()).hasSize(10).contains("lazy", "stupid").doesNotHaveDuplicates();
    assertThat(InsultLexicon.weights()).containsEntry("lazy", 1).containsEntry("stupid", 2);
    // Same layout as ../shared/lexicons/cuss-en.tsv: word TAB rating, nothing else.
    List<String> words = new ArrayList<>();
    for (String line : InsultLexicon.tsv().split("\n")) {
      assertThat(line).matches("[a-z]+\t[12]");
      words.add(line.substring(0, line.indexOf('\t')));
    }
    assertThat(words).isEqualTo(InsultLexicon.words());
    assertThat(InsultLexicon.tsv()).endsWith("\n");
    assertThat(SyntheticBiasCorpus.builder().sentences(10).build().insultLexicon()).isEqualTo(InsultLexicon.words());
  }

  @Test
  void noInsultIsAlsoANeutralOrTemplateWord() {
    assertThat(InsultLexicon.words()).doesNotContainAnyElementsOf(SyntheticBiasCorpus.neutralAdjectives());
  }

  @Test
  void writesTheLexiconFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("lexicons/insults.tsv");
    InsultLexicon.write(file);
    assertThat(Files.readString(file)).isEqualTo(InsultLexicon.tsv());
  }
}
