package io.github.fairlora.metrics.bias;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Result of a counterfactual pair probe ({@link CounterfactualProbe}, {@link WinoBiasProbe}).
 *
 * @param overall summary over all pairs
 * @param byCategory summary per category, categories in alphabetical order
 * @param pairs every pair's two scores, in input order
 */
public record CounterfactualResult(PairSummary overall, Map<String, PairSummary> byCategory, List<PairScore> pairs) {

  /** Copies the collections so the result is immutable. */
  public CounterfactualResult {
    Objects.requireNonNull(overall, "overall");
    byCategory = PairScoring.sortedCopy(byCategory);
    pairs = List.copyOf(pairs);
  }

  /** Per pair: 1 when the stereotypical sentence scored strictly higher, else 0 (input order; for retention ratios). */
  public double[] preferenceIndicators() {
    return pairs.stream().mapToDouble(pair -> pair.prefersStereotypical() ? 1 : 0).toArray();
  }

  /** Per pair: stereotypical minus anti-stereotypical score (input order; for retention ratios). */
  public double[] differences() {
    return pairs.stream().mapToDouble(PairScore::difference).toArray();
  }
}
