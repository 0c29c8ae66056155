package io.github.fairlora.metrics.bias;

import java.util.List;
import java.util.Map;

/**
 * HolisticBias result.
 *
 * @param byAxis result per axis, in alphabetical order
 * @param sentenceScores every sentence's score (per the probe's aggregation), in input order
 */
public record HolisticBiasResult(Map<String, HolisticBiasAxisResult> byAxis, List<Double> sentenceScores) {

  /** Copies the collections so the result is immutable. */
  public HolisticBiasResult {
    byAxis = PairScoring.sortedCopy(byAxis);
    sentenceScores = List.copyOf(sentenceScores);
  }
}
