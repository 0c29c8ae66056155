package io.github.fairlora.datasets.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermPairsTest {

  @Test
  void parsesCommentsBlankLinesBomAndCrlf() {
    TermPairs pairs = TermPairs.parse("axis.tsv",
        "\uFEFF# a comment\r\n\r\nChristian\tMuslim   # trailing comment\r\n  young   people \t old people\r\n");
    assertThat(pairs.pairs()).containsExactly(
        new TermPair("christian", "muslim"), new TermPair("young people", "old people"));
    assertThat(pairs.origin(0)).isEqualTo("axis.tsv line 3");
    assertThat(pairs.origin(1)).isEqualTo("axis.tsv line 4");
  }

  @Test
  void malformedLineNamesFileAndLine(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("my-pairs.tsv");
    Files.writeString(file, "# race axis\nnortherner\tsoutherner\nhe she\n");
    assertThatThrownBy(() -> TermPairs.load(file))
        .isInstanceOfSatisfying(PairFileException.class, e -> {
          assertThat(e.source()).isEqualTo(file.toString());
          assertThat(e.line()).isEqualTo(3);
        })
        .hasMessageStartingWith(file + " line 3: expected two terms separated by one TAB, found 1 field in 'he she'");
  }

  @Test
  void reportsEveryKindOfBadLine() {
    assertThatThrownBy(() -> TermPairs.parse("a.tsv", "he\tshe\tit\n"))
        .hasMessageStartingWith("a.tsv line 1: expected two terms separated by one TAB, found 3 fields");
    assertThatThrownBy(() -> TermPairs.parse("b.tsv", "ok\tfine\nmr.\tmrs.\n"))
        .isInstanceOf(PairFileException.class)
        .hasMessageStartingWith("b.tsv line 2: termA: term 'mr.' must start and end with a letter or digit");
    assertThatThrownBy(() -> TermPairs.parse("c.tsv", "he\tHE\n"))
        .hasMessage("c.tsv line 1: termA and termB are both 'he'; a pair must swap two different terms");
    assertThatThrownBy(() -> TermPairs.parse("d.tsv", "  \t  he\n"))
        .hasMessageStartingWith("d.tsv line 1: expected two terms separated by one TAB, found 1 field in 'he'");
    assertThatThrownBy(() -> TermPairs.parse("e.tsv", "# only a comment\n\n"))
        .isInstanceOfSatisfying(PairFileException.class, e -> assertThat(e.line()).isZero())
        .hasMessage("e.tsv: contains no term pairs (expected lines 'term_a<TAB>term_b')");
  }

  @Test
  void invalidUtf8IsReportedOnItsLine(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("latin1.tsv");
    byte[] good = "he\tshe\nman\twoman\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'c', 'a', 'f', (byte) 0xE9, '\t', 't', 'e', 'a', '\n'};
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(file, all);
    assertThatThrownBy(() -> TermPairs.load(file))
        .isInstanceOf(PairFileException.class)
        .hasMessage(file + " line 3: is not valid UTF-8");
  }

  @Test
  void loadsAValidFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("religion.tsv");
    Files.writeString(file, "church\tmosque\nbible\tquran\n");
    TermPairs pairs = TermPairs.load(file);
    assertThat(pairs.size()).isEqualTo(2);
    assertThat(pairs.origin(1)).isEqualTo(file + " line 2");
  }

  @Test
  void termPairCanonicalizesAndValidates() {
    assertThat(new TermPair("  Young   People ", "OLD PEOPLE")).isEqualTo(new TermPair("young people", "old people"));
    assertThatThrownBy(() -> new TermPair("young\tpeople", "x"))
        .hasMessage("termA: term 'young\tpeople' contains a TAB or line break");
    assertThat(new TermPair("African-American", "European-American").termA()).isEqualTo("african-american");
    assertThatThrownBy(() -> new TermPair("", "x")).hasMessage("termA: term is empty");
    assertThatThrownBy(() -> new TermPair("x", "'y'")).hasMessageStartingWith("termB: term ''y'' must start and end");
  }

  @Test
  void builtInListsLoadAndBuildWithoutConflicts() {
    TermPairs gender = TermPairs.defaultEnglishGenderTerms();
    TermPairs names = TermPairs.defaultEnglishFirstNames();
    assertThat(gender.pairs()).contains(new TermPair("he", "she"), new TermPair("him", "her"),
        new TermPair("his", "her"), new TermPair("his", "hers"), new TermPair("himself", "herself"),
        new TermPair("man", "woman"), new TermPair("men", "women"), new TermPair("boy", "girl"),
        new TermPair("king", "queen"), new TermPair("father", "mother"), new TermPair("son", "daughter"),
        new TermPair("brother", "sister"), new TermPair("husband", "wife"), new TermPair("mr", "mrs"),
        new TermPair("actor", "actress"));
    assertThat(names.pairs()).contains(new TermPair("john", "mary")).hasSizeGreaterThanOrEqualTo(40);
    assertThat(gender.origin(0)).isEqualTo("built-in english-gender.tsv line 5");
    assertThat(TermPairs.defaultEnglishGender().size()).isEqualTo(gender.size() + names.size());
    // Building indexes every term: this fails if a built-in term had two partners other than her/his.
    CounterfactualAugmenter.builder().pairs(TermPairs.defaultEnglishGender()).build();
  }
}
