package io.github.fairlora.metrics.toxicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.toxicity.LexiconToxicityScorer.IdentityTermPolicy;
import io.github.fairlora.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToxicityLexiconTest {
  private static final double EPS = 1e-12;

  @TempDir
  Path directory;

  private Path write(String name, String content) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void cussRatingsBecomeThirdsAndTheMinimumRatingFilters() throws IOException {
    Path file = write("small.tsv", "\uFEFFmeh\t0\nbad\t1\n\nworse phrase\t2\n");
    ToxicityLexicon all = ToxicityLexicon.readCuss(file, 0);
    assertThat(all.entries()).containsExactly(
        new LexiconEntry("meh", 1.0 / 3), new LexiconEntry("bad", 2.0 / 3), new LexiconEntry("worse phrase", 1.0));
    assertThat(ToxicityLexicon.readCuss(file).entries()).extracting(LexiconEntry::term)
        .containsExactly("bad", "worse phrase");
    assertThat(ToxicityLexicon.readCuss(file, 2).size()).isEqualTo(1);
  }

  @Test
  void anEmptyLexiconIsRefusedNamingTheFile() throws IOException {
    Path empty = write("empty-lexicon.tsv", "");
    assertThatThrownBy(() -> ToxicityLexicon.readCuss(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty-lexicon.tsv: the lexicon holds no words rated at least 1");
    Path onlyMild = write("mild.tsv", "gay\t0\n\n");
    assertThatThrownBy(() -> ToxicityLexicon.readCuss(onlyMild)).hasMessageContaining("mild.tsv: the lexicon holds");
    assertThat(ToxicityLexicon.readCuss(onlyMild, 0).size()).isEqualTo(1);
    Path blank = write("blank.txt", "\n  \n");
    assertThatThrownBy(() -> ToxicityLexicon.readWordList(blank)).hasMessageContaining("blank.txt: the word list");
  }

  @Test
  void aHugeMalformedLineIsQuotedOnlyInPart() throws IOException {
    Path huge = write("huge.tsv", "x".repeat(100_000) + "\n");
    assertThatThrownBy(() -> ToxicityLexicon.readCuss(huge, 0))
        .hasMessageContaining("huge.tsv line 1").hasMessageContaining("(100000 characters)")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
  }

  @Test
  void malformedCussLinesNameFileAndLine() throws IOException {
    Path badRating = write("rating.tsv", "ok\t1\nbad\t3\n");
    assertThatThrownBy(() -> ToxicityLexicon.readCuss(badRating, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rating.tsv line 2").hasMessageContaining("rating '3' of 'bad' must be 0, 1 or 2");
    Path noTab = write("tab.tsv", "ok\t1\nnotab\n");
    assertThatThrownBy(() -> ToxicityLexicon.readCuss(noTab, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tab.tsv line 2")
        .hasMessageContaining("expected 'word<TAB>rating'");
    Path emptyWord = write("empty.tsv", "\t2\n");
    assertThatThrownBy(() -> ToxicityLexicon.readCuss(emptyWord, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.tsv line 1: the word is empty");
    assertThatThrownBy(() -> ToxicityLexicon.readCuss(noTab, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumRating (3)");
  }

  @Test
  void plainWordListsHaveWeightOne() throws IOException {
    Path file = write("words.txt", "  jerk \n\nbad apple\n");
    ToxicityLexicon lexicon = ToxicityLexicon.readWordList(file);
    assertThat(lexicon.entries()).containsExactly(new LexiconEntry("jerk", 1.0), new LexiconEntry("bad apple", 1.0));
    assertThat(LexiconToxicityScorer.of(lexicon).score("one bad apple")).isEqualTo(1.0);
    Path tabbed = write("tabbed.txt", "jerk\t2\n");
    assertThatThrownBy(() -> ToxicityLexicon.readWordList(tabbed))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tabbed.txt line 1");
  }

  @Test
  void realCussLexiconLoadsAndIdentityTermsAreReportedOrExcluded() {
    Path file = SharedFiles.require("lexicons/cuss-en.tsv");
    ToxicityLexicon all = ToxicityLexicon.readCuss(file, 0);
    assertThat(all.size()).isEqualTo(1795);
    // ratings in the file: 255 zeros, 285 ones, 1255 twos
    assertThat(ToxicityLexicon.readCuss(file).size()).isEqualTo(285 + 1255);
    assertThat(ToxicityLexicon.readCuss(file, 2).size()).isEqualTo(1255);
    // cuss rates "gay" 0 and "homosexual", "queer", "blacks" 1: identity words flagged as profane
    assertThat(all.entry("gay")).hasValue(new LexiconEntry("gay", 1.0 / 3));
    assertThat(all.entry("homosexual")).hasValue(new LexiconEntry("homosexual", 2.0 / 3));
    assertThat(ToxicityLexicon.readCuss(file).entry("gay")).isEmpty();

    ToxicityLexicon lexicon = ToxicityLexicon.readCuss(file);
    LexiconToxicityScorer excluding = LexiconToxicityScorer.of(lexicon);
    LexiconToxicityScorer keeping =
        LexiconToxicityScorer.builder(lexicon).identityTermPolicy(IdentityTermPolicy.KEEP).build();
    String text = "My neighbours are a queer couple and he is homosexual.";
    // kept: 1 - (1/3)(1/3) = 8/9, a "toxic" sentence only because it names a group
    assertThat(keeping.score(text)).isCloseTo(8.0 / 9, within(EPS));
    ToxicityExplanation explained = excluding.explain(text);
    assertThat(explained.score()).isZero();
    assertThat(explained.identityMatches()).extracting(TermMatch::term).containsExactly("queer", "homosexual");
    assertThat(explained.countedMatches()).isEmpty();
    // "white trash" (rating 2) is a slur, not an identity term, and counts either way
    assertThat(excluding.score("they called him white trash")).isCloseTo(1.0, within(EPS));
    // with all ratings, "gay" (rating 0, weight 1/3) counts only when kept
    LexiconToxicityScorer keepAll = LexiconToxicityScorer.builder(all).identityTermPolicy(IdentityTermPolicy.KEEP).build();
    assertThat(keepAll.score("a gay wedding")).isCloseTo(1.0 / 3, within(EPS));
    assertThat(LexiconToxicityScorer.of(all).score("a gay wedding")).isZero();
  }
}
