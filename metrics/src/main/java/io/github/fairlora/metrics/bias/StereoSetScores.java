package io.github.fairlora.metrics.bias;

import java.util.Map;

/**
 * StereoSet scores over a set of examples. SS and LMS are the means over targets of the per-target scores (each
 * target weighs the same, whatever its number of examples), and ICAT = LMS * min(SS, 100 - SS) / 50 from those means.
 * An ideal model has SS 50, LMS 100 and ICAT 100.
 *
 * @param examples number of examples
 * @param ss stereotype score in [0, 100]; 50 is unbiased
 * @param lms language-modelling score in [0, 100]
 * @param icat idealized context association test score in [0, 100]
 * @param byTarget per-target scores, targets in alphabetical order
 */
public record StereoSetScores(int examples, double ss, double lms, double icat,
    Map<String, StereoSetTargetScore> byTarget) {

  /** Copies the map so the record is immutable. */
  public StereoSetScores {
    byTarget = PairScoring.sortedCopy(byTarget);
  }
}
