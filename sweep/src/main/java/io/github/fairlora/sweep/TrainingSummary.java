package io.github.fairlora.sweep;

import java.util.Objects;

/**
 * How one fine-tuned variant was trained with one seed.
 *
 * @param variant the LoRA variant or the full fine-tune (the base model is not trained)
 * @param seed the training seed
 * @param trainingLoss training loss by step
 * @param evaluationLoss held-out loss by step; {@link LossCurve#empty()} when none was measured
 * @param trainableParameters how many parameters the optimizer updated
 * @param totalParameters how many parameters the model has, trainable or frozen (at least the trainable ones)
 * @param trainingSeconds wall-clock seconds spent training; NaN when not measured
 * @param tokensPerSecond training throughput in tokens per second; NaN when not measured
 */
public record TrainingSummary(
    Variant variant,
    long seed,
    LossCurve trainingLoss,
    LossCurve evaluationLoss,
    long trainableParameters,
    long totalParameters,
    double trainingSeconds,
    double tokensPerSecond) {

  /** Validates the fields; see the record description for the rules. */
  public TrainingSummary {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(trainingLoss, "trainingLoss");
    Objects.requireNonNull(evaluationLoss, "evaluationLoss");
    String where = " (training of " + variant + ", seed " + seed + ")";
    if (variant.kind() == VariantKind.BASE) {
      throw new IllegalArgumentException("the base model is not trained, so it has no training summary");
    }
    if (trainableParameters < 0) {
      throw new IllegalArgumentException("trainableParameters (" + trainableParameters + ") must be >= 0" + where);
    }
    if (totalParameters < trainableParameters) {
      throw new IllegalArgumentException("totalParameters (" + totalParameters
          + ") must be at least trainableParameters (" + trainableParameters + ")" + where);
    }
    if (trainingSeconds < 0 || Double.isInfinite(trainingSeconds)) {
      throw new IllegalArgumentException(
          "trainingSeconds (" + trainingSeconds + ") must be finite and >= 0, or NaN" + where);
    }
    if (tokensPerSecond < 0 || Double.isInfinite(tokensPerSecond)) {
      throw new IllegalArgumentException(
          "tokensPerSecond (" + tokensPerSecond + ") must be finite and >= 0, or NaN" + where);
    }
  }

  /** The share of parameters that were trained, in [0, 1]; NaN for a model without parameters. */
  public double trainableFraction() {
    return totalParameters == 0 ? Double.NaN : (double) trainableParameters / totalParameters;
  }
}
