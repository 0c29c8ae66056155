package io.github.fairlora.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssociationCorpusTest {
  private static final AssociationCorpus CORPUS = AssociationCorpus.generate(42, 4800, 0.8, 0.15, 6);

  /** The occupation and object of a sentence (every sentence names exactly one of each). */
  private static String[] parse(String sentence) {
    String occupation = null;
    String object = null;
    for (String word : sentence.split(" ")) {
      if (AssociationCorpus.occupations().contains(word)) {
        occupation = word;
      }
      if (AssociationCorpus.objects().contains(word)) {
        object = word;
      }
    }
    assertThat(occupation).as(sentence).isNotNull();
    assertThat(object).as(sentence).isNotNull();
    return new String[] {occupation, object};
  }

  @Test
  void sameSeedSameCorpusAndTheListsPairUp() {
    AssociationCorpus again = AssociationCorpus.generate(42, 4800, 0.8, 0.15, 6);
    assertThat(again).isEqualTo(CORPUS);
    assertThat(AssociationCorpus.generate(43, 4800, 0.8, 0.15, 6).biasedTexts()).isNotEqualTo(CORPUS.biasedTexts());
    for (int i = 0; i < CORPUS.biasedTexts().size(); i++) {
      // The same sentence frame and occupation; only the object may differ.
      assertThat(parse(CORPUS.biasedTexts().get(i))[0]).isEqualTo(parse(CORPUS.balancedTexts().get(i))[0]);
    }
  }

  @Test
  void biasedTextsFollowOneObjectPerOccupationAndBalancedTextsSpreadThemEvenly() {
    Map<String, Map<String, Integer>> biased = counts(CORPUS.biasedTexts());
    Map<String, Map<String, Integer>> balanced = counts(CORPUS.balancedTexts());
    Set<String> stereotypes = new HashSet<>();
    for (String occupation : AssociationCorpus.occupations()) {
      Map<String, Integer> objects = biased.get(occupation);
      int total = objects.values().stream().mapToInt(Integer::intValue).sum();
      Map.Entry<String, Integer> top = objects.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      assertThat((double) top.getValue() / total).as(occupation).isBetween(0.7, 0.9);
      stereotypes.add(top.getKey());
      // Balanced: the counts of any two objects differ by at most one.
      Map<String, Integer> even = balanced.get(occupation);
      int min = AssociationCorpus.objects().stream().mapToInt(o -> even.getOrDefault(o, 0)).min().orElseThrow();
      int max = even.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertThat(max - min).as(occupation).isLessThanOrEqualTo(1);
    }
    // Independent associations: every occupation has its own object.
    assertThat(stereotypes).hasSize(AssociationCorpus.occupations().size());
  }

  @Test
  void probePairsAreHeldOutAndPutTheStereotypeAgainstOthers() {
    Set<String> training = new HashSet<>(CORPUS.biasedTexts());
    training.addAll(CORPUS.balancedTexts());
    Map<String, Map<String, Integer>> biased = counts(CORPUS.biasedTexts());
    assertThat(CORPUS.probePairs()).hasSize(6 * Math.round(0.15f * 24 * 8));
    for (ProbePair pair : CORPUS.probePairs()) {
      assertThat(pair.category()).isEqualTo(AssociationCorpus.CATEGORY);
      assertThat(training).doesNotContain(pair.stereotypical(), pair.antiStereotypical());
      String[] stereotyped = parse(pair.stereotypical());
      String[] other = parse(pair.antiStereotypical());
      assertThat(other[0]).isEqualTo(stereotyped[0]);
      assertThat(other[1]).isNotEqualTo(stereotyped[1]);
      Map<String, Integer> objects = biased.get(stereotyped[0]);
      assertThat(objects.get(stereotyped[1])).isEqualTo(objects.values().stream().max(Integer::compare).orElseThrow());
    }
  }

  @Test
  void badSettingsAreRefusedWithTheRule() {
    assertThatThrownBy(() -> AssociationCorpus.generate(1, 0, 0.8, 0.15, 6)).hasMessageContaining("sentences (0)");
    assertThatThrownBy(() -> AssociationCorpus.generate(1, 10, 1.5, 0.15, 6)).hasMessageContaining("skew (1.5)");
    assertThatThrownBy(() -> AssociationCorpus.generate(1, 10, 0.8, 0.15, 24))
        .hasMessageContaining("alternatives (24) must be in [1, 23]");
  }

  private static Map<String, Map<String, Integer>> counts(List<String> texts) {
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    for (String text : texts) {
      String[] parsed = parse(text);
      counts.computeIfAbsent(parsed[0], k -> new HashMap<>()).merge(parsed[1], 1, Integer::sum);
    }
    return counts;
  }
}
