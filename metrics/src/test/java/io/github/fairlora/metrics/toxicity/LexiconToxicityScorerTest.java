package io.github.fairlora.metrics.toxicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.toxicity.LexiconToxicityScorer.IdentityTermPolicy;
import io.github.fairlora.metrics.toxicity.LexiconToxicityScorer.ScoreRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LexiconToxicityScorerTest {
  private static final double EPS = 1e-12;

  private static ToxicityLexicon small() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("stupid", 0.5);
    weights.put("idiot", 0.8);
    weights.put("ass", 1.0);
    weights.put("white trash", 0.9);
    weights.put("trash", 0.3);
    weights.put("gay", 0.4);
    weights.put("bob", 0.25);
    return ToxicityLexicon.of(weights);
  }

  private final LexiconToxicityScorer scorer = LexiconToxicityScorer.of(small());

  @Test
  void noisyOrOverEveryOccurrence() {
    assertThat(scorer.score("You are stupid.")).isCloseTo(0.5, within(EPS));
    assertThat(scorer.score("stupid idiot")).isCloseTo(1 - 0.5 * 0.2, within(EPS)); // 0.9
    assertThat(scorer.score("stupid, stupid")).isCloseTo(1 - 0.5 * 0.5, within(EPS)); // 0.75
    assertThat(scorer.score("a perfectly nice sentence")).isZero();
    assertThat(scorer.score("")).isZero();
  }

  @Test
  void maximumRuleTakesTheLargestWeight() {
    LexiconToxicityScorer maximum = LexiconToxicityScorer.builder(small()).scoreRule(ScoreRule.MAXIMUM).build();
    assertThat(maximum.score("stupid idiot stupid")).isCloseTo(0.8, within(EPS));
    assertThat(maximum.score("nothing here")).isZero();
  }

  @Test
  void wholeWordsOnlyAndCaseInsensitive() {
    assertThat(scorer.score("a first class assessment of the bass")).isZero();
    assertThat(scorer.score("Kiss my ASS!")).isCloseTo(1.0, within(EPS));
    assertThat(scorer.score("STUPID")).isCloseTo(0.5, within(EPS));
    assertThat(scorer.score("stupidity")).isZero();
    // an apostrophe ends a word: "idiot's" contains the word "idiot"
    assertThat(scorer.score("that idiot's car")).isCloseTo(0.8, within(EPS));
  }

  @Test
  void leetspeakIsUndoneInsideWordsButNumbersStayNumbers() {
    assertThat(scorer.score("$tup1d")).isCloseTo(0.5, within(EPS));
    assertThat(scorer.score("1d10t")).isCloseTo(0.8, within(EPS));
    assertThat(scorer.score("@ss")).isCloseTo(1.0, within(EPS));
    assertThat(scorer.score("a$$")).isCloseTo(1.0, within(EPS));
    assertThat(scorer.score("b0b")).isCloseTo(0.25, within(EPS)); // 0 -> o
    assertThat(scorer.score("808 and 8o8")).isCloseTo(0.25, within(EPS)); // only "8o8" has a letter
  }

  @Test
  void repeatedLettersAndSeparatedLetters() {
    assertThat(scorer.score("stuuuupid")).isCloseTo(0.5, within(EPS));
    assertThat(scorer.score("sstupidd")).isCloseTo(0.5, within(EPS));
    assertThat(scorer.score("asssss")).isCloseTo(1.0, within(EPS));
    assertThat(scorer.score("as")).isZero(); // fewer letters than the term
    assertThat(scorer.score("s.t.u.p.i.d")).isCloseTo(0.5, within(EPS));
    assertThat(scorer.score("s-t-u-p-i-d")).isCloseTo(0.5, within(EPS));
    assertThat(scorer.score("i_d_1_o_t")).isCloseTo(0.8, within(EPS));
    assertThat(scorer.score("a*s*s")).isCloseTo(1.0, within(EPS));
    assertThat(scorer.score("s t u p i d")).isZero(); // spaces are not undone
  }

  @Test
  void accentsAreIgnored() {
    assertThat(scorer.score("stüpid îdiot")).isCloseTo(0.9, within(EPS));
  }

  @Test
  void phrasesMatchAsAWholeAndTheLongestTermWins() {
    assertThat(scorer.score("white trash")).isCloseTo(0.9, within(EPS)); // not also "trash": 1 - 0.1*0.7
    assertThat(scorer.score("White   TRASH!")).isCloseTo(0.9, within(EPS));
    assertThat(scorer.score("trash")).isCloseTo(0.3, within(EPS));
    assertThat(scorer.score("white paper trash")).isCloseTo(0.3, within(EPS));
  }

  @Test
  void explainGivesTermsOffsetsAndIdentityFlags() {
    ToxicityExplanation explanation = scorer.explain("you s.t.u.p.i.d gay idiot");
    //                                                0123456789012345678901234
    assertThat(explanation.matches()).containsExactly(
        new TermMatch("stupid", "s.t.u.p.i.d", 4, 15, 0.5, false, true),
        new TermMatch("gay", "gay", 16, 19, 0.4, true, false),
        new TermMatch("idiot", "idiot", 20, 25, 0.8, false, true));
    // identity terms are excluded by default: 1 - 0.5 * 0.2 = 0.9
    assertThat(explanation.score()).isCloseTo(0.9, within(EPS));
    assertThat(explanation.countedMatches()).extracting(TermMatch::term).containsExactly("stupid", "idiot");
    assertThat(explanation.identityMatches()).extracting(TermMatch::term).containsExactly("gay");
  }

  @Test
  void identityTermsCanBeKeptOrReplaced() {
    LexiconToxicityScorer keep =
        LexiconToxicityScorer.builder(small()).identityTermPolicy(IdentityTermPolicy.KEEP).build();
    // 1 - 0.6 * 0.2 = 0.88
    assertThat(keep.score("gay idiot")).isCloseTo(0.88, within(EPS));
    assertThat(keep.explain("gay").matches()).singleElement()
        .satisfies(match -> assertThat(match.identityTerm() && match.counted()).isTrue());
    // replace the list: "idiot" declared an identity term, "gay" no longer one
    LexiconToxicityScorer custom = LexiconToxicityScorer.builder(small()).identityTerms(Set.of("idiot")).build();
    assertThat(custom.score("gay idiot")).isCloseTo(0.4, within(EPS));
    LexiconToxicityScorer none = LexiconToxicityScorer.builder(small()).identityTerms(Set.of()).build();
    assertThat(none.score("gay")).isCloseTo(0.4, within(EPS));
  }

  @Test
  void sameTermSpelledTwoWaysIsOneTermWithTheHigherWeight() {
    ToxicityLexicon lexicon = ToxicityLexicon.of(List.of(new LexiconEntry("pi55", 1.0), new LexiconEntry("piss", 0.5)));
    ToxicityExplanation explanation = LexiconToxicityScorer.of(lexicon).explain("piss");
    assertThat(explanation.score()).isCloseTo(1.0, within(EPS));
    assertThat(explanation.matches()).singleElement().satisfies(match -> assertThat(match.term()).isEqualTo("pi55"));
  }

  @Test
  void scoreAllScoresInOrder() {
    assertThat(scorer.scoreAll(List.of("stupid", "fine", "idiot"))).containsExactly(0.5, 0.0, 0.8);
  }

  @Test
  void builderRefusesSecondAssignmentAndBadInput() {
    LexiconToxicityScorer.Builder builder = LexiconToxicityScorer.builder(small()).scoreRule(ScoreRule.MAXIMUM);
    assertThatThrownBy(() -> builder.scoreRule(ScoreRule.NOISY_OR))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("scoreRule was already set to MAXIMUM");
    assertThatThrownBy(() -> LexiconToxicityScorer.of(ToxicityLexicon.of(Map.of("***", 1.0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'***' has no letters or digits");
    assertThatThrownBy(() -> ToxicityLexicon.of(Map.of("bad", 1.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight of 'bad' (1.5)");
    assertThatThrownBy(() -> scorer.score(null)).isInstanceOf(NullPointerException.class);
  }
}
