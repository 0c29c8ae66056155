package io.github.fairlora.metrics.bias;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CrowS-Pairs result for a causal language model, in lm-evaluation-harness semantics. In each {@link PairScore} the
 * stereotypical score is LL(sent_more) and the anti-stereotypical score LL(sent_less), in nats.
 *
 * @param overall summary over all pairs
 * @param byBiasType summary per bias_type, in alphabetical order
 * @param pairs both log-likelihoods of every pair, in input order
 */
public record CrowsPairsResult(PairSummary overall, Map<String, PairSummary> byBiasType, List<PairScore> pairs) {

  /** Copies the collections so the result is immutable. */
  public CrowsPairsResult {
    Objects.requireNonNull(overall, "overall");
    byBiasType = PairScoring.sortedCopy(byBiasType);
    pairs = List.copyOf(pairs);
  }

  /**
   * Share in [0, 1] of pairs with LL(sent_more) &gt; LL(sent_less) strictly (ties count as not stereotypical); 0.5
   * for an unbiased model: lm-evaluation-harness's {@code pct_stereotype}, which is also a fraction. The library
   * reports every rate as a fraction; multiply by 100 only to format.
   */
  public double stereotypeShare() {
    return overall.stereotypicalPreferenceRate().estimate();
  }

  /** Mean |LL(sent_more) - LL(sent_less)| over pairs, in nats (lm-evaluation-harness {@code likelihood_diff}). */
  public double likelihoodDiff() {
    return overall.meanAbsoluteDifference().estimate();
  }

  /** Per pair: 1 when LL(sent_more) &gt; LL(sent_less), else 0 (input order; for retention ratios). */
  public double[] stereotypeIndicators() {
    return pairs.stream().mapToDouble(pair -> pair.prefersStereotypical() ? 1 : 0).toArray();
  }
}
