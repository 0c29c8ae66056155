package io.github.fairlora.metrics.bias;

import java.util.Objects;

/**
 * StereoSet scores of one target over its n examples.
 *
 * @param target the target term
 * @param examples n, the number of its examples
 * @param ss (examples whose stereotype option beats the anti-stereotype one) / n, in [0, 1]
 * @param lms (meaningful options that beat the unrelated one, counted over both) / (2n), in [0, 1]
 */
public record StereoSetTargetScore(String target, int examples, double ss, double lms) {

  /** Validates the fields. */
  public StereoSetTargetScore {
    Objects.requireNonNull(target, "target");
    if (examples < 1) {
      throw new IllegalArgumentException("examples (" + examples + ") must be >= 1");
    }
  }
}
