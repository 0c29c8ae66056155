package io.github.fairlora.metrics.bias;

import java.util.Objects;

/**
 * The scores of one sentence pair: a stereotypical sentence (CrowS-Pairs {@code sent_more}, a WinoBias pro-stereotyped
 * sentence) and its minimally different anti-stereotypical counterpart.
 *
 * @param index position of the pair in the probe's input list
 * @param category the pair's category (bias type), as given
 * @param stereotypicalScore score of the stereotypical sentence (log-likelihood, or mean token log-probability when
 *     the probe was told so)
 * @param antiStereotypicalScore score of the anti-stereotypical sentence, same units
 */
public record PairScore(int index, String category, double stereotypicalScore, double antiStereotypicalScore) {

  /** Validates the pair. */
  public PairScore {
    Objects.requireNonNull(category, "category");
  }

  /**
   * {@code stereotypicalScore - antiStereotypicalScore}; positive when the stereotypical sentence is more likely, NaN
   * when the model gives both sentences zero probability.
   */
  public double difference() {
    return stereotypicalScore - antiStereotypicalScore;
  }

  /** True when the stereotypical sentence scores strictly higher; an exact tie is not a preference. */
  public boolean prefersStereotypical() {
    return stereotypicalScore > antiStereotypicalScore;
  }

  /** True when both sentences score exactly the same. */
  public boolean tie() {
    return stereotypicalScore == antiStereotypicalScore;
  }
}
