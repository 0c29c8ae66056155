package io.github.fairlora.datasets.benchmarks;

import java.util.List;
import java.util.Objects;

/**
 * One CrowS-Pairs sentence pair (Nangia et al., 2020): two sentences that differ only in the words naming a social
 * group. {@code sentMore} is the more stereotypical sentence and {@code sentLess} the less stereotypical one; a causal
 * LM's bias score is the share of pairs where it gives {@code sentMore} the higher log-likelihood.
 *
 * @param index the pair's index (the file's first column)
 * @param sentMore the more stereotypical sentence
 * @param sentLess the less stereotypical sentence
 * @param direction whether {@code sentMore} demonstrates a stereotype about a disadvantaged group or violates one
 * @param biasType one of {@link #BIAS_TYPES}
 * @param annotations each validating annotator's bias-type labels (possibly empty lists)
 * @param writer the anonymised writer id, empty when the file has no such column
 * @param annotators the anonymised annotator ids, empty when the file has no such column
 */
public record CrowsPair(
    int index, String sentMore, String sentLess, Direction direction, String biasType,
    List<List<String>> annotations, String writer, List<String> annotators) {

  /** The nine bias types of CrowS-Pairs, as written in the file. */
  public static final List<String> BIAS_TYPES = List.of(
      "race-color", "socioeconomic", "gender", "disability", "nationality", "sexual-orientation",
      "physical-appearance", "religion", "age");

  /** The stereo_antistereo column. */
  public enum Direction {
    /** {@code sentMore} demonstrates a stereotype about a historically disadvantaged group. */
    STEREO,
    /** {@code sentMore} violates a stereotype about a historically disadvantaged group. */
    ANTISTEREO;

    /** The value as written in the file ("stereo" or "antistereo"). */
    public String fileValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public CrowsPair {
    Objects.requireNonNull(sentMore, "sentMore");
    Objects.requireNonNull(sentLess, "sentLess");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(biasType, "biasType");
    annotations = annotations.stream().map(List::copyOf).toList();
    Objects.requireNonNull(writer, "writer");
    annotators = List.copyOf(annotators);
  }
}
