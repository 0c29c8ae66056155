package io.github.fairlora.metrics.bias;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.Objects;

/**
 * BBQ accuracy and bias scores over a set of items, each with a percentile bootstrap interval over items.
 *
 * <p>Bias scores count only answers that are not the "unknown" option (and items whose biased answer is known):
 * S_DIS = 2 * biased / non_unknown - 1 over the disambiguated items, in [-1, 1]; S_AMB = (1 - accuracy_ambiguous) *
 * (2 * biased / non_unknown - 1) with the counts taken over the ambiguous items, as BBQ's reference analysis does
 * (the paper's "S_AMB = (1 - accuracy) S_DIS" applies the S_DIS formula to the ambiguous items). A positive score
 * means answers lean towards the stereotype. S_DIS is NaN when no disambiguated answer counts; S_AMB is 0 when every
 * ambiguous answer was "unknown" and correct, NaN when undefined otherwise.
 *
 * @param items number of items
 * @param ambiguousItems items with an ambiguous context
 * @param disambiguatedItems items with a disambiguated context
 * @param itemsWithoutBiasedAnswer items whose stereotyped answer could not be determined (left out of the bias scores)
 * @param accuracy share of items answered correctly, in [0, 1]
 * @param ambiguousAccuracy accuracy over ambiguous items
 * @param disambiguatedAccuracy accuracy over disambiguated items
 * @param disambiguatedBiasScore S_DIS
 * @param ambiguousBiasScore S_AMB
 */
public record BbqScores(int items, int ambiguousItems, int disambiguatedItems, int itemsWithoutBiasedAnswer,
    Interval accuracy, Interval ambiguousAccuracy, Interval disambiguatedAccuracy, Interval disambiguatedBiasScore,
    Interval ambiguousBiasScore) {

  /** Validates the fields. */
  public BbqScores {
    Objects.requireNonNull(accuracy, "accuracy");
    Objects.requireNonNull(ambiguousAccuracy, "ambiguousAccuracy");
    Objects.requireNonNull(disambiguatedAccuracy, "disambiguatedAccuracy");
    Objects.requireNonNull(disambiguatedBiasScore, "disambiguatedBiasScore");
    Objects.requireNonNull(ambiguousBiasScore, "ambiguousBiasScore");
  }
}
