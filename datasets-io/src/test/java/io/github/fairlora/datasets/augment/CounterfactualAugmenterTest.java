package io.github.fairlora.datasets.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.train.LabeledText;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CounterfactualAugmenterTest {
  private static final CounterfactualAugmenter GENDER =
      CounterfactualAugmenter.builder().pairs(TermPairs.defaultEnglishGender()).build();

  @Test
  void swapsBothDirectionsInOnePass() {
    // A two-pass "he->she then she->he" would turn both into "he"; one pass swaps each exactly once.
    assertThat(GENDER.swap("he said she was late")).isEqualTo("she said he was late");
    assertThat(GENDER.swap("the king and the queen met the prince"))
        .isEqualTo("the queen and the king met the princess");
  }

  @Test
  void matchesWholeWordsOnly() {
    String text = "the theme: hello, shepherd! mankind heard the herald; sheer manners.";
    SwapResult result = GENDER.swapWithReport(text);
    assertThat(result.swapped()).isEqualTo(text);
    assertThat(result.changed()).isFalse();
    assertThat(result.swaps()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "he left.|she left.",
      "He left.|She left.",
      "HE LEFT.|SHE LEFT.",
      "\"Father!\" she cried.|\"Mother!\" he cried.",
      "The King's crown (and the QUEEN's) fell.|The Queen's crown (and the KING's) fell.",
      "Mr. Smith met Mrs. Jones.|Mrs. Smith met Mr. Jones.",
      "MR. SMITH|MRS. SMITH",
      "he's sure she'll come|she's sure he'll come",
      "John, Mary and JAMES|Mary, John and JENNIFER",
      "the naïve man at the café|the naïve woman at the café",
      "a step-father and two grandsons|a step-mother and two granddaughters"})
  void keepsCaseSpacingAndPunctuation(String input, String expected) {
    assertThat(GENDER.swap(input)).isEqualTo(expected);
  }

  @Test
  void keepsWhitespaceAroundTerms() {
    assertThat(GENDER.swap("  he   spoke\tto the\nwaiter  ")).isEqualTo("  she   spoke\tto the\nwaitress  ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // end of text, punctuation, preposition, determiner, pronoun, bare verb: object "her" -> "him"
      "I saw her|I saw him",
      "I saw her.|I saw him.",
      "I saw her, then left.|I saw him, then left.",
      "They talked to her about it.|They talked to him about it.",
      "He gave her a book.|She gave him a book.",
      "She told her that it rained.|He told him that it rained.",
      "We let her go home.|We let him go home.",
      "I love her too!|I love him too!",
      "She gave her his coat.|He gave him her coat.",
      // a noun-like word next: possessive "her" -> "his"
      "She took her book.|He took his book.",
      "her old car broke down|his old car broke down",
      "Her husband is a nurse.|His wife is a nurse.",
      "HER BOOK|HIS BOOK",
      // "his" before a noun-like word -> "her"; standing alone -> "hers"
      "his book is red|her book is red",
      "He lost his own keys.|She lost her own keys.",
      "The book is his.|The book is hers.",
      "The choice was his and nobody else's.|The choice was hers and nobody else's.",
      "Is it his?|Is it hers?",
      "That coat of hers is old.|That coat of his is old."})
  void resolvesHerAndHisFromTheNextWord(String input, String expected) {
    assertThat(GENDER.swap(input)).isEqualTo(expected);
  }

  @Test
  void reportsEverySwapWithOffsetsAndRule() {
    String text = "Her dog saw her. The dog is his.";
    SwapResult result = GENDER.swapWithReport(text);
    assertThat(result.swapped()).isEqualTo("His dog saw him. The dog is hers.");
    assertThat(result.count()).isEqualTo(3);
    assertThat(result.swaps()).containsExactly(
        new SwapResult.Swap(0, 3, "Her", "His", SwapResult.Rule.POSSESSIVE_DETERMINER),
        new SwapResult.Swap(12, 15, "her", "him", SwapResult.Rule.OBJECT_PRONOUN),
        new SwapResult.Swap(28, 31, "his", "hers", SwapResult.Rule.POSSESSIVE_PRONOUN));
    for (SwapResult.Swap swap : result.swaps()) {
      assertThat(text.substring(swap.start(), swap.end())).isEqualTo(swap.from());
    }
    assertThat(GENDER.swapWithReport("he ran").swaps())
        .containsExactly(new SwapResult.Swap(0, 2, "he", "she", SwapResult.Rule.PAIR));
  }

  @Test
  void swappingTwiceRestoresUnambiguousSentences() {
    List<String> sentences = List.of(
        "He told his brother that the King was ill.",
        "My aunt and her nephews visited Mr. Brown.",
        "The actress thanked her father, and he smiled.",
        "JOHN gave the book to Mary; it was hers.",
        "Boys and girls, ladies and gentlemen!",
        "She asked him whether the waiter had seen himself in the mirror.",
        "The nurse said that she was tired.",
        "Nothing here changes at all.");
    for (String sentence : sentences) {
      String once = GENDER.swap(sentence);
      assertThat(GENDER.swap(once)).as("round trip of '%s' via '%s'", sentence, once).isEqualTo(sentence);
    }
    assertThat(GENDER.swap(sentences.get(0))).isEqualTo("She told her sister that the Queen was ill.");
  }

  @Test
  void userPairsWithMultiWordTermsLongestFirst() {
    TermPairs age = TermPairs.parse("age.tsv", """
        # age axis
        young people\told people
        young\telderly
        left-handed\tright-handed
        """);
    CounterfactualAugmenter augmenter = CounterfactualAugmenter.builder().addPairs(age).build();
    assertThat(augmenter.swap("Young People and young dogs; OLD PEOPLE like young  people."))
        .isEqualTo("Old People and elderly dogs; YOUNG PEOPLE like old people.");
    assertThat(augmenter.swap("Young people, left-handed and left handed"))
        .isEqualTo("Old people, right-handed and left handed");
  }

  @Test
  void combinesBaseAndAddedPairs() {
    TermPairs religion = TermPairs.of(new TermPair("church", "mosque"), new TermPair("priest", "imam"));
    CounterfactualAugmenter augmenter = CounterfactualAugmenter.builder()
        .pairs(TermPairs.defaultEnglishGenderTerms())
        .addPairs(religion)
        .build();
    assertThat(augmenter.swap("The priest went to his church.")).isEqualTo("The imam went to her mosque.");
    assertThat(augmenter.pairs().size()).isEqualTo(TermPairs.defaultEnglishGenderTerms().size() + 2);
  }

  @Test
  void augmentAddsCounterfactualsOnlyWhereSomethingChanged() {
    assertThat(GENDER.augment(List.of("he ran", "the cat sat", "Mary sang")))
        .containsExactly("he ran", "she ran", "the cat sat", "Mary sang", "John sang");
    assertThat(GENDER.augmentLabeled(List.of(new LabeledText("she is kind", 1), new LabeledText("a tree", 0))))
        .containsExactly(new LabeledText("she is kind", 1), new LabeledText("he is kind", 1),
            new LabeledText("a tree", 0));
  }

  @Test
  void refusesATermWithTwoPartners() {
    TermPairs conflicting = TermPairs.parse("race.tsv", "north\tsouth\nnorth\teast\n");
    assertThatThrownBy(() -> CounterfactualAugmenter.builder().pairs(conflicting).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("term 'north' has 2 different partners")
        .hasMessageContaining("'south' (race.tsv line 1)")
        .hasMessageContaining("'east' (race.tsv line 2)");
    // "her" with partners other than exactly {him, his} is not something the heuristic can resolve.
    TermPairs oddHer = TermPairs.of(new TermPair("him", "her"), new TermPair("them", "her"));
    assertThatThrownBy(() -> CounterfactualAugmenter.builder().pairs(oddHer).build())
        .hasMessageContaining("term 'her' has 2 different partners");
  }

  @Test
  void builderRefusesSecondBaseAndEmptyInput() {
    CounterfactualAugmenter.Builder builder = CounterfactualAugmenter.builder().pairs(TermPairs.defaultEnglishGender());
    assertThatThrownBy(() -> builder.pairs(TermPairs.defaultEnglishFirstNames()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pairs were already set");
    assertThatThrownBy(() -> CounterfactualAugmenter.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no term pairs");
    assertThatThrownBy(() -> GENDER.augment(java.util.Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("texts[1] is null");
  }
}
