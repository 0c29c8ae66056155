package io.github.fairlora.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.augment.CounterfactualAugmenter;
import io.github.fairlora.datasets.augment.SwapResult;
import io.github.fairlora.datasets.augment.TermPairs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntheticBiasCorpusTest {
  private static final Set<String> FEMALE_PRONOUNS = Set.of("she", "her");
  private static final Set<String> MALE_PRONOUNS = Set.of("he", "his", "him");
  private static final SyntheticCorpus DEFAULT = SyntheticBiasCorpus.builder().build();

  /**
   * Binomial tolerance: each biased occupation (or group) sentence is an independent Bernoulli(p) draw, so the
   * observed share over n sentences has standard deviation sqrt(p(1-p)/n). Four of them bound a correct generator's
   * deviation with probability about 1 - 6e-5; at n = 1600 and p = 0.9 that is 0.03, while a generator that is 0.05 off
   * would sit at 6.7 standard deviations and fail.
   */
  private static double tolerance(double p, int n) {
    return 4 * Math.sqrt(p * (1 - p) / n);
  }

  @Test
  void sameSeedSameCorpusOtherSeedOtherTexts() {
    SyntheticCorpus again = SyntheticBiasCorpus.builder().seed(42).sentences(4000).occupationSkew(0.9)
        .insultRate(0.3).baseInsultRate(0.02).build();
    assertThat(again).isEqualTo(DEFAULT);
    SyntheticCorpus other = SyntheticBiasCorpus.builder().seed(43).build();
    assertThat(other.biasedTexts()).isNotEqualTo(DEFAULT.biasedTexts());
    assertThat(other.settings().seed()).isEqualTo(43);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    // balancedInsultRate defaults to the mean biased rate over the 4 groups: (0.3 + 3 * 0.02) / 4 = 0.09.
    assertThat(DEFAULT.settings()).isEqualTo(new SyntheticCorpusSettings(
        42, 4000, 0.9, 0.3, 0.02, 0.09, 0.4, 0.3, "southerners", 0.15));
    assertThat(DEFAULT.biasedTexts()).hasSize(4000);
    assertThat(DEFAULT.balancedTexts()).hasSize(4000);
  }

  @Test
  void sentencesAreShortLowerCaseAndSpaceSeparated() {
    List<String> bad = new ArrayList<>();
    for (String text : allTexts(DEFAULT)) {
      int tokens = text.split(" ", -1).length;
      // Lower-case words and commas, single spaces, ending in " ."; 5 to 15 tokens.
      if (tokens < 5 || tokens > 15 || !text.matches("[a-z,]+( [a-z,]+)* \\.")) {
        bad.add(text);
      }
    }
    assertThat(bad).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"42, 0.9", "7, 0.9", "1, 0.75", "2, 0.6", "3, 1.0", "4, 0.0"})
  void biasedPronounSkewMatchesTheRequestedOne(long seed, double skew) {
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(seed).occupationSkew(skew).build();
    int[] femaleCounts = stereotypedCounts(corpus.biasedTexts(), SyntheticBiasCorpus.femaleStereotypedOccupations());
    int[] maleCounts = stereotypedCounts(corpus.biasedTexts(), SyntheticBiasCorpus.maleStereotypedOccupations());
    int stereotyped = femaleCounts[0] + maleCounts[0];
    int total = femaleCounts[1] + maleCounts[1];
    // 0.4 of 4000 sentences are about occupations on average: about 1600, binomial sd sqrt(4000 * 0.4 * 0.6) = 31.
    assertThat(total).isBetween(1450, 1750);
    assertThat((double) stereotyped / total).isCloseTo(skew, org.assertj.core.data.Offset.offset(tolerance(skew, total)));
    // Both halves separately: the skew is not reached by over-skewing one gender.
    assertThat((double) femaleCounts[0] / femaleCounts[1])
        .isCloseTo(skew, org.assertj.core.data.Offset.offset(tolerance(skew, femaleCounts[1])));
    assertThat((double) maleCounts[0] / maleCounts[1])
        .isCloseTo(skew, org.assertj.core.data.Offset.offset(tolerance(skew, maleCounts[1])));
  }

  @Test
  void balancedPronounsAreEvenPerOccupation() {
    for (long seed : new long[] {42, 5}) {
      SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(seed).build();
      Map<String, int[]> counts = new HashMap<>(); // occupation -> {female, male}
      for (String text : corpus.balancedTexts()) {
        String occupation = occupationOf(text);
        if (occupation != null) {
          String pronoun = pronounOf(text);
          counts.computeIfAbsent(occupation, key -> new int[2])[FEMALE_PRONOUNS.contains(pronoun) ? 0 : 1]++;
        }
      }
      assertThat(counts).hasSize(20);
      // Exact split by construction: an odd count leaves one sentence over, never more.
      counts.forEach((occupation, count) ->
          assertThat(Math.abs(count[0] - count[1])).as(occupation + " " + Arrays.toString(count)).isLessThanOrEqualTo(1));
    }
  }

  @Test
  void biasedInsultRatesMatchTheRequestedOnes() {
    for (long seed : new long[] {42, 11}) {
      SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(seed).insultRate(0.3).baseInsultRate(0.02).build();
      Map<String, int[]> counts = insultCounts(corpus.biasedTexts());
      int[] targeted = counts.get("southerners");
      int[] others = new int[2];
      for (String group : List.of("northerners", "easterners", "westerners")) {
        others[0] += counts.get(group)[0];
        others[1] += counts.get(group)[1];
      }
      // About 0.3 * 4000 / 4 = 300 sentences per group.
      assertThat(targeted[1]).isBetween(240, 360);
      assertThat((double) targeted[0] / targeted[1])
          .isCloseTo(0.3, org.assertj.core.data.Offset.offset(tolerance(0.3, targeted[1])));
      assertThat((double) others[0] / others[1])
          .isCloseTo(0.02, org.assertj.core.data.Offset.offset(tolerance(0.02, others[1])));
    }
  }

  @Test
  void balancedInsultRateIsTheSameForEveryGroup() {
    SyntheticCorpus corpus = DEFAULT;
    Map<String, int[]> counts = insultCounts(corpus.balancedTexts());
    assertThat(counts).hasSize(4);
    counts.forEach((group, count) ->
        // count = round(0.09 * n) exactly, so the share is within half a sentence of 0.09.
        assertThat(count[0]).as(group).isEqualTo(Math.round(0.09 * count[1])));
    SyntheticCorpus zero = SyntheticBiasCorpus.builder().balancedInsultRate(0).build();
    insultCounts(zero.balancedTexts()).forEach((group, count) -> assertThat(count[0]).as(group).isZero());
  }

  @Test
  void insultWordsAppearOnlyInGroupSentences() {
    Set<String> insults = new HashSet<>(InsultLexicon.words());
    List<String> stray = new ArrayList<>();
    for (String text : allTexts(DEFAULT)) {
      boolean hasInsult = Arrays.stream(text.split(" ")).anyMatch(insults::contains);
      if (hasInsult && groupOf(text) == null) {
        stray.add(text);
      }
    }
    assertThat(stray).isEmpty();
  }

  @Test
  void balancedTextsDifferFromBiasedOnlyInAttributeWords() {
    Set<String> attributes = new HashSet<>(FEMALE_PRONOUNS);
    attributes.addAll(MALE_PRONOUNS);
    attributes.addAll(InsultLexicon.words());
    attributes.addAll(SyntheticBiasCorpus.neutralAdjectives());
    int differing = 0;
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < DEFAULT.biasedTexts().size(); i++) {
      String[] biased = DEFAULT.biasedTexts().get(i).split(" ");
      String[] balanced = DEFAULT.balancedTexts().get(i).split(" ");
      if (biased.length != balanced.length) {
        bad.add(i + ": lengths differ");
        continue;
      }
      for (int t = 0; t < biased.length; t++) {
        if (!biased[t].equals(balanced[t])) {
          differing++;
          if (!attributes.contains(biased[t]) || !attributes.contains(balanced[t])) {
            bad.add(i + ": " + biased[t] + " / " + balanced[t]);
          }
        }
      }
    }
    assertThat(bad).isEmpty();
    assertThat(differing).isPositive();
  }

  @Test
  void changingOnlyTheRatesKeepsTheSkeletons() {
    SyntheticCorpus other = SyntheticBiasCorpus.builder().occupationSkew(0.6).insultRate(0.5).build();
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < DEFAULT.biasedTexts().size(); i++) {
      if (!skeleton(other.biasedTexts().get(i)).equals(skeleton(DEFAULT.biasedTexts().get(i)))) {
        moved.add(DEFAULT.biasedTexts().get(i) + " -> " + other.biasedTexts().get(i));
      }
    }
    assertThat(moved).isEmpty();
    assertThat(other.biasedTexts()).isNotEqualTo(DEFAULT.biasedTexts());
    assertThat(other.probePairs()).isEqualTo(DEFAULT.probePairs());
  }

  @Test
  void probePairsDifferInExactlyTheAttributeTerm() {
    List<String> female = SyntheticBiasCorpus.femaleStereotypedOccupations();
    Set<String> occupationsSeen = new TreeSet<>();
    Set<String> groupsSeen = new TreeSet<>();
    for (ProbePair pair : DEFAULT.probePairs()) {
      String[] stereotypical = pair.stereotypical().split(" ");
      String[] anti = pair.antiStereotypical().split(" ");
      assertThat(anti).hasSameSizeAs(stereotypical);
      List<Integer> differing = new ArrayList<>();
      for (int t = 0; t < stereotypical.length; t++) {
        if (!stereotypical[t].equals(anti[t])) {
          differing.add(t);
        }
      }
      assertThat(differing).as(pair.toString()).hasSize(1);
      String from = stereotypical[differing.get(0)];
      String to = anti[differing.get(0)];
      if (pair.category().equals(ProbePair.GENDER_OCCUPATION)) {
        String occupation = occupationOf(pair.stereotypical());
        occupationsSeen.add(occupation);
        Set<String> expected = female.contains(occupation) ? FEMALE_PRONOUNS : MALE_PRONOUNS;
        assertThat(expected).as(pair.toString()).contains(from);
        assertThat(Set.of(from, to)).as(pair.toString())
            .isIn(Set.of("he", "she"), Set.of("his", "her"), Set.of("him", "her"));
      } else {
        assertThat(pair.category()).isEqualTo(ProbePair.GROUP_INSULT);
        assertThat(from).isEqualTo("southerners");
        groupsSeen.add(to);
        assertThat(InsultLexicon.words()).as(pair.toString())
            .contains(stereotypical[stereotypical.length - 2]);
      }
    }
    assertThat(occupationsSeen).hasSize(20);
    assertThat(groupsSeen).containsExactly("easterners", "northerners", "westerners");
    // 9 frames x 16 clauses = 144 combinations, 15% held out = round(21.6) = 22, times 20 occupations = 440;
    // 9 frames x 10 insults = 90, 15% = round(13.5) = 14, times 3 other groups = 42.
    assertThat(DEFAULT.probePairs().stream().filter(p -> p.category().equals(ProbePair.GENDER_OCCUPATION)))
        .hasSize(440);
    assertThat(DEFAULT.probePairs().stream().filter(p -> p.category().equals(ProbePair.GROUP_INSULT))).hasSize(42);
  }

  @Test
  void probeSentencesAreHeldOutOfTraining() {
    for (long seed : new long[] {42, 3}) {
      SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(seed).sentences(20_000).build();
      Set<String> training = new HashSet<>(corpus.biasedTexts());
      training.addAll(corpus.balancedTexts());
      Set<String> trainingWords = new HashSet<>();
      training.forEach(text -> trainingWords.addAll(Arrays.asList(text.split(" "))));
      List<String> leaked = new ArrayList<>();
      Set<String> untrainedWords = new TreeSet<>();
      for (ProbePair pair : corpus.probePairs()) {
        for (String sentence : List.of(pair.stereotypical(), pair.antiStereotypical())) {
          if (training.contains(sentence)) {
            leaked.add(sentence);
          }
          for (String word : sentence.split(" ")) {
            if (!trainingWords.contains(word)) {
              untrainedWords.add(word);
            }
          }
        }
      }
      assertThat(leaked).as("probe sentences found in the training texts").isEmpty();
      // ... while every word of every probe is trained on.
      assertThat(untrainedWords).as("probe words never seen in training").isEmpty();
    }
  }

  @Test
  void toxicityPromptsCoverEveryGroupAndEndBeforeTheAdjective() {
    Map<String, Integer> perGroup = new HashMap<>();
    for (ToxicityPrompt prompt : DEFAULT.toxicityPrompts()) {
      perGroup.merge(prompt.group(), 1, Integer::sum);
      assertThat(prompt.prompt()).contains(prompt.group()).matches(".* (are|were)");
      assertThat(DEFAULT.biasedTexts()).as(prompt.prompt()).anyMatch(text -> text.startsWith(prompt.prompt() + " "));
    }
    assertThat(perGroup).containsOnlyKeys(SyntheticBiasCorpus.groups()).allSatisfy((group, count) ->
        assertThat(count).isEqualTo(9));
    assertThat(DEFAULT.toxicityPrompts()).contains(new ToxicityPrompt("southerners", "the southerners are"));
  }

  @Test
  void vocabularyStaysSmall() {
    Set<String> words = new TreeSet<>();
    for (String text : allTexts(DEFAULT)) {
      words.addAll(Arrays.asList(text.toLowerCase(java.util.Locale.ROOT).split(" ")));
    }
    // A tiny decoder with a word-level tokenizer: a few hundred words at most.
    assertThat(words.size()).isBetween(100, 250);
    assertThat(DEFAULT.vocabulary()).isEqualTo(List.copyOf(words));
    // More sentences reuse the same words: the vocabulary is fixed by the templates, not by the corpus size.
    assertThat(SyntheticBiasCorpus.builder().seed(9).sentences(20_000).build().vocabulary()).hasSize(words.size());
  }

  @Test
  void counterfactualAugmentationTurnsGenderProbesIntoTheirCounterpart() {
    CounterfactualAugmenter augmenter =
        CounterfactualAugmenter.builder().pairs(TermPairs.defaultEnglishGender()).build();
    for (ProbePair pair : DEFAULT.probePairs()) {
      if (pair.category().equals(ProbePair.GENDER_OCCUPATION)) {
        assertThat(augmenter.swap(pair.stereotypical())).isEqualTo(pair.antiStereotypical());
        assertThat(augmenter.swap(pair.antiStereotypical())).isEqualTo(pair.stereotypical());
      }
    }
    List<String> wrong = new ArrayList<>();
    for (String text : DEFAULT.biasedTexts()) {
      SwapResult result = augmenter.swapWithReport(text);
      // Exactly the one pronoun of an occupation sentence is swapped; nothing else in the corpus is gendered.
      if (result.count() != (occupationOf(text) != null ? 1 : 0)) {
        wrong.add(text + " -> " + result.swapped());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void builderValidatesEveryArgument() {
    expectArgument(b -> b.sentences(0), "sentences (0) must be positive and at most 10000000");
    expectArgument(b -> b.sentences(-5), "sentences (-5) must be positive and at most 10000000");
    expectArgument(b -> b.occupationSkew(1.5), "occupationSkew (1.5) must be in [0, 1]");
    expectArgument(b -> b.occupationSkew(Double.NaN), "occupationSkew (NaN) must be in [0, 1]");
    expectArgument(b -> b.insultRate(-0.1), "insultRate (-0.1) must be in [0, 1]");
    expectArgument(b -> b.baseInsultRate(2), "baseInsultRate (2.0) must be in [0, 1]");
    expectArgument(b -> b.balancedInsultRate(1.01), "balancedInsultRate (1.01) must be in [0, 1]");
    expectArgument(b -> b.occupationFraction(-1), "occupationFraction (-1.0) must be in [0, 1]");
    expectArgument(b -> b.groupFraction(Double.POSITIVE_INFINITY), "groupFraction (Infinity) must be in [0, 1]");
    expectArgument(b -> b.targetedGroup("martians"),
        "targetedGroup ('martians') must be one of [northerners, southerners, easterners, westerners]");
    String heldOutRule = " must be in (0, 0.5]: some combinations must be held out for the probes and most must stay"
        + " in training";
    expectArgument(b -> b.heldOutFraction(0), "heldOutFraction (0.0)" + heldOutRule);
    expectArgument(b -> b.heldOutFraction(0.6), "heldOutFraction (0.6)" + heldOutRule);
    expectArgument(b -> b.occupationFraction(0.6).groupFraction(0.5).build(),
        "occupationFraction (0.6) + groupFraction (0.5) must be at most 1; the rest is filler");
    assertThatThrownBy(() -> SyntheticBiasCorpus.builder().seed(1).seed(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("seed was already set to 1; each setting may be set once");
    assertThatThrownBy(() -> new SyntheticCorpusSettings(1, 10, 0.9, 0.3, 0.02, 0.09, 0.4, 0.3, "southerners", 0.7))
        .hasMessageStartingWith("heldOutFraction (0.7) must be in (0, 0.5]");
  }

  @Test
  void extremeSettingsStillWork() {
    SyntheticCorpus one = SyntheticBiasCorpus.builder().sentences(1).build();
    assertThat(one.biasedTexts()).hasSize(1);
    SyntheticCorpus onlyOccupations =
        SyntheticBiasCorpus.builder().occupationFraction(1).groupFraction(0).sentences(200).build();
    assertThat(onlyOccupations.biasedTexts()).allMatch(text -> occupationOf(text) != null);
    SyntheticCorpus onlyFiller = SyntheticBiasCorpus.builder().occupationFraction(0).groupFraction(0).build();
    assertThat(onlyFiller.biasedTexts()).allMatch(text -> occupationOf(text) == null && groupOf(text) == null);
    assertThat(onlyFiller.biasedTexts()).isEqualTo(onlyFiller.balancedTexts());
    SyntheticCorpus maxHeldOut = SyntheticBiasCorpus.builder().heldOutFraction(0.5).build();
    assertThat(maxHeldOut.probePairs()).hasSizeGreaterThan(DEFAULT.probePairs().size());
  }

  @Test
  void writesEveryPartAtomically(@TempDir Path directory) throws Exception {
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().sentences(30).build();
    corpus.writeTo(directory.resolve("out"));
    Path out = directory.resolve("out");
    assertThat(Files.readAllLines(out.resolve("biased.txt"))).isEqualTo(corpus.biasedTexts());
    assertThat(Files.readAllLines(out.resolve("balanced.txt"))).isEqualTo(corpus.balancedTexts());
    List<String> probes = Files.readAllLines(out.resolve("probes.tsv"));
    assertThat(probes.get(0)).isEqualTo("stereotypical\tanti_stereotypical\tcategory");
    assertThat(probes).hasSize(corpus.probePairs().size() + 1);
    ProbePair first = corpus.probePairs().get(0);
    assertThat(probes.get(1)).isEqualTo(first.stereotypical() + "\t" + first.antiStereotypical() + "\t"
        + first.category());
    assertThat(Files.readAllLines(out.resolve("toxicity-prompts.tsv"))).hasSize(37).startsWith("group\tprompt");
    assertThat(Files.readString(out.resolve("insult-lexicon.tsv"))).isEqualTo(InsultLexicon.tsv());
    try (var listing = Files.list(out)) {
      assertThat(listing.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
          "biased.txt", "balanced.txt", "probes.tsv", "toxicity-prompts.tsv", "insult-lexicon.tsv");
    }
  }

  private static void expectArgument(Consumer<SyntheticBiasCorpus.Builder> action, String message) {
    assertThatThrownBy(() -> action.accept(SyntheticBiasCorpus.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static List<String> allTexts(SyntheticCorpus corpus) {
    List<String> texts = new ArrayList<>(corpus.biasedTexts());
    texts.addAll(corpus.balancedTexts());
    corpus.probePairs().forEach(pair -> texts.addAll(List.of(pair.stereotypical(), pair.antiStereotypical())));
    return texts;
  }

  /** {stereotyped count, total} over the sentences about one of {@code occupations}. */
  private static int[] stereotypedCounts(List<String> texts, List<String> occupations) {
    boolean female = occupations.equals(SyntheticBiasCorpus.femaleStereotypedOccupations());
    int[] counts = new int[2];
    for (String text : texts) {
      String occupation = occupationOf(text);
      if (occupation != null && occupations.contains(occupation)) {
        String pronoun = pronounOf(text);
        boolean stereotyped = female ? FEMALE_PRONOUNS.contains(pronoun) : MALE_PRONOUNS.contains(pronoun);
        counts[0] += stereotyped ? 1 : 0;
        counts[1]++;
      }
    }
    return counts;
  }

  /** group -> {insulting count, total}. */
  private static Map<String, int[]> insultCounts(List<String> texts) {
    Set<String> insults = new HashSet<>(InsultLexicon.words());
    Map<String, int[]> counts = new HashMap<>();
    for (String text : texts) {
      String group = groupOf(text);
      if (group != null) {
        int[] count = counts.computeIfAbsent(group, key -> new int[2]);
        String[] tokens = text.split(" ");
        count[0] += insults.contains(tokens[tokens.length - 2]) ? 1 : 0;
        count[1]++;
      }
    }
    return counts;
  }

  private static String occupationOf(String text) {
    String found = null;
    for (String token : text.split(" ")) {
      if (SyntheticBiasCorpus.femaleStereotypedOccupations().contains(token)
          || SyntheticBiasCorpus.maleStereotypedOccupations().contains(token)) {
        if (found != null) {
          throw new AssertionError("two occupations in: " + text);
        }
        found = token;
      }
    }
    return found;
  }

  private static String pronounOf(String text) {
    String found = null;
    for (String token : text.split(" ")) {
      if (FEMALE_PRONOUNS.contains(token) || MALE_PRONOUNS.contains(token)) {
        if (found != null) {
          throw new AssertionError("two pronouns in: " + text);
        }
        found = token;
      }
    }
    if (found == null) {
      throw new AssertionError("no pronoun in: " + text);
    }
    return found;
  }

  private static String groupOf(String text) {
    for (String token : text.split(" ")) {
      if (SyntheticBiasCorpus.groups().contains(token)) {
        return token;
      }
    }
    return null;
  }

  /** The sentence with its attribute words blanked out. */
  private static String skeleton(String text) {
    Set<String> attributes = new HashSet<>(FEMALE_PRONOUNS);
    attributes.addAll(MALE_PRONOUNS);
    attributes.addAll(InsultLexicon.words());
    attributes.addAll(SyntheticBiasCorpus.neutralAdjectives());
    StringBuilder out = new StringBuilder();
    for (String token : text.split(" ")) {
      out.append(attributes.contains(token) ? "_" : token).append(' ');
    }
    return out.toString();
  }
}
