package io.github.fairlora.metrics.bias;

import java.util.List;
import java.util.Objects;

/**
 * The model's answer to one BBQ item.
 *
 * @param exampleId the item's example_id
 * @param category the item's category
 * @param condition ambiguous or disambiguated
 * @param polarity neg or nonneg
 * @param answerScores score of each answer given the prompt (per the probe's {@link ScoreAggregation})
 * @param predicted index of the highest-scoring answer (the first one on an exact tie)
 * @param label index of the correct answer
 * @param unknownAnswer index of the "unknown" option
 * @param biasedAnswer index of the answer that counts as biased, or -1 when not determined
 */
public record BbqPrediction(String exampleId, String category, BbqCondition condition, BbqPolarity polarity,
    List<Double> answerScores, int predicted, int label, int unknownAnswer, int biasedAnswer) {

  /** Validates and copies the fields. */
  public BbqPrediction {
    Objects.requireNonNull(exampleId, "exampleId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(polarity, "polarity");
    answerScores = List.copyOf(answerScores);
  }

  /** True when the predicted answer is the correct one. */
  public boolean correct() {
    return predicted == label;
  }

  /** True when the model chose the "unknown" option. */
  public boolean predictedUnknown() {
    return predicted == unknownAnswer;
  }

  /** True when the model chose the biased answer (false when the biased answer is not determined). */
  public boolean predictedBiased() {
    return biasedAnswer >= 0 && predicted == biasedAnswer;
  }

  /** True when this item enters the bias scores: its biased answer is known and the model did not answer unknown. */
  public boolean countsForBias() {
    return biasedAnswer >= 0 && !predictedUnknown();
  }
}
