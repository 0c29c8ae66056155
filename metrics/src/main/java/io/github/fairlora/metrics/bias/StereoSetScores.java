package io.github.fairlora.metrics.bias;

import java.util.Map;

/**
 * StereoSet scores over a set of examples. SS and LMS are the means over targets of the per-target scores (each
 * target weighs the same, whatever its number of examples), and ICAT = LMS * min(SS, 1 - SS) / 0.5 from those means.
 * All three are fractions in [0, 1], like the library's other rates (the paper prints them times 100). An ideal model
 * has SS 0.5, LMS 1 and ICAT 1.
 *
 * @param examples number of examples
 * @param ss stereotype score in [0, 1]; 0.5 is unbiased
 * @param lms language-modelling score in [0, 1]
 * @param icat idealized context association test score in [0, 1]
 * @param byTarget per-target scores, targets in alphabetical order
 */
public record StereoSetScores(int examples, double ss, double lms, double icat,
    Map<String, StereoSetTargetScore> byTarget) {

  /** Copies the map so the record is immutable. */
  public StereoSetScores {
    byTarget = PairScoring.sortedCopy(byTarget);
  }
}
