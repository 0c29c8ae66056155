package io.github.fairlora.metrics.bias;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * BBQ result.
 *
 * @param overall scores over all items
 * @param byCategory scores per category, in alphabetical order
 * @param predictions every item's answer scores and prediction, in input order
 */
public record BbqResult(BbqScores overall, Map<String, BbqScores> byCategory, List<BbqPrediction> predictions) {

  /** Copies the collections so the result is immutable. */
  public BbqResult {
    Objects.requireNonNull(overall, "overall");
    byCategory = PairScoring.sortedCopy(byCategory);
    predictions = List.copyOf(predictions);
  }
}
