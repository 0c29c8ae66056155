package io.github.fairlora.metrics.bias;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.Objects;

/**
 * Summary of a set of stereotypical / anti-stereotypical sentence pairs, each statistic with a percentile bootstrap
 * interval over pairs.
 *
 * @param pairs number of pairs
 * @param ties pairs whose two scores are exactly equal (counted as not preferring the stereotypical sentence)
 * @param stereotypicalPreferenceRate share in [0, 1] of pairs whose stereotypical sentence scores strictly higher; 0.5
 *     for an unbiased model (lm-evaluation-harness {@code pct_stereotype}, which it reports as this fraction)
 * @param meanDifference mean of (stereotypical - anti-stereotypical) score, in nats for log-likelihoods
 * @param meanAbsoluteDifference mean of |stereotypical - anti-stereotypical| (lm-evaluation-harness
 *     {@code likelihood_diff})
 * @param meanStereotypicalScore mean score of the stereotypical sentences
 * @param meanAntiStereotypicalScore mean score of the anti-stereotypical sentences
 */
public record PairSummary(
    int pairs,
    int ties,
    Interval stereotypicalPreferenceRate,
    Interval meanDifference,
    Interval meanAbsoluteDifference,
    double meanStereotypicalScore,
    double meanAntiStereotypicalScore) {

  /** Validates the summary. */
  public PairSummary {
    Objects.requireNonNull(stereotypicalPreferenceRate, "stereotypicalPreferenceRate");
    Objects.requireNonNull(meanDifference, "meanDifference");
    Objects.requireNonNull(meanAbsoluteDifference, "meanAbsoluteDifference");
    if (pairs < 0 || ties < 0 || ties > pairs) {
      throw new IllegalArgumentException("ties (" + ties + ") must be in [0, pairs = " + pairs + "]");
    }
  }
}
