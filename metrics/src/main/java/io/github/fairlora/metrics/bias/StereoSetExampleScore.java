package io.github.fairlora.metrics.bias;

import io.github.fairlora.datasets.benchmarks.StereoSetExample;
import java.util.Objects;

/**
 * The model's scores for the three options of one StereoSet example (log-likelihood or mean token log-probability,
 * per the probe's {@link ScoreAggregation}).
 *
 * @param id the example id
 * @param target the example's target
 * @param biasType the example's bias type
 * @param task the example's split
 * @param stereotypeScore score of the stereotype option
 * @param antiStereotypeScore score of the anti-stereotype option
 * @param unrelatedScore score of the unrelated option
 */
public record StereoSetExampleScore(String id, String target, String biasType, StereoSetExample.Task task,
    double stereotypeScore, double antiStereotypeScore, double unrelatedScore) {

  /** Validates the fields. */
  public StereoSetExampleScore {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(biasType, "biasType");
    Objects.requireNonNull(task, "task");
  }

  /** True when the stereotype option scores strictly higher than the anti-stereotype one (a tie counts as anti). */
  public boolean prefersStereotype() {
    return stereotypeScore > antiStereotypeScore;
  }

  /** How many of the two meaningful options (0, 1 or 2) score strictly higher than the unrelated one. */
  public int meaningfulAboveUnrelated() {
    return (stereotypeScore > unrelatedScore ? 1 : 0) + (antiStereotypeScore > unrelatedScore ? 1 : 0);
  }
}
