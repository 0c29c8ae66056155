package io.github.fairlora.sweep;

import java.util.Optional;

/**
 * How far a bias measure is from its ideal, the quantity retention and every headline use: CrowS-Pairs, StereoSet SS
 * and counterfactual stereotype shares as the distance from 50%; log-likelihood gaps and BBQ bias scores as their
 * absolute value (ideal 0); toxicity and HONEST as the rate itself (ideal 0); group-fairness differences likewise.
 * Measures without an ideal (KL, accuracy, language-model score) have no magnitude.
 *
 * @param ideal the value of an unbiased model
 * @param description how the magnitude is formed, for reports ("|x - 50| percentage points")
 */
public record BiasMagnitude(double ideal, boolean absolute, String description) {

  /** The magnitude of the raw value {@code x}. */
  public double of(double x) {
    return absolute ? Math.abs(x - ideal) : x - ideal;
  }

  /** The magnitude rule of {@code metric} (a sweep metric name), or empty for a measure that is not a bias measure. */
  public static Optional<BiasMagnitude> forMetric(String metric) {
    if (metric.startsWith("retention.") || metric.startsWith("shift.")) {
      return Optional.empty();
    }
    if (metric.endsWith(".pct_stereotype") || metric.equals("stereoset.ss") || metric.endsWith(".pct_pro")) {
      return Optional.of(new BiasMagnitude(50, true, "|x - 50| percentage points (distance from the 50% ideal)"));
    }
    if (metric.endsWith(".mean_ll_diff") || metric.endsWith(".pro_anti_gap") || metric.endsWith(".likelihood_diff")
        || metric.startsWith("bbq.bias_")) {
      return Optional.of(new BiasMagnitude(0, true, "|x| (distance from the ideal 0)"));
    }
    if (metric.startsWith("toxicity.") || metric.startsWith("honest.") || metric.endsWith("_difference")
        || metric.endsWith(".largest_difference") || metric.endsWith(".share_significant")) {
      return Optional.of(new BiasMagnitude(0, false, "x (ideal 0)"));
    }
    return Optional.empty();
  }
}
