package io.github.fairlora.train;

import java.util.Objects;

/**
 * How to train: optimizer, schedule, batching, seeding, evaluation and early stopping. Validated on construction;
 * the fluent builders in {@code io.github.fairlora} fill it in.
 *
 * @param learningRate           peak learning rate
 * @param epochs                 passes over the training split
 * @param maxSteps               stop after this many steps (0 = no limit beyond epochs)
 * @param batchSize              sequences per step
 * @param schedule               decay after warmup
 * @param warmupFraction         share of the planned steps spent warming up, in [0, 1)
 * @param minimumLearningRateRatio  final rate as a share of the peak
 * @param maxGradientNorm        global-norm clipping threshold (0 = off)
 * @param weightDecay            AdamW decoupled decay
 * @param seed                   shuffling, the evaluation split, dropout and new weights
 * @param evaluationFraction     share of the data held out for evaluation, in [0, 0.5]
 * @param earlyStoppingPatience  epochs without held-out improvement before stopping (0 = off)
 * @param listener               progress receiver
 */
public record TrainingOptions(double learningRate, int epochs, int maxSteps, int batchSize,
    LearningRateSchedule.Shape schedule, double warmupFraction, double minimumLearningRateRatio, double maxGradientNorm,
    double weightDecay, long seed, double evaluationFraction, int earlyStoppingPatience, TrainingListener listener) {

  public TrainingOptions {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate (" + learningRate + ") must be positive and finite");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs (" + epochs + ") must be >= 1");
    }
    if (maxSteps < 0) {
      throw new IllegalArgumentException("maxSteps (" + maxSteps + ") must be >= 0 (0 = no limit)");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
    }
    Objects.requireNonNull(schedule, "schedule");
    if (!(warmupFraction >= 0 && warmupFraction < 1)) {
      throw new IllegalArgumentException("warmupFraction (" + warmupFraction + ") must be in [0, 1)");
    }
    if (!(maxGradientNorm >= 0)) {
      throw new IllegalArgumentException("maxGradientNorm (" + maxGradientNorm + ") must be >= 0 (0 = no clipping)");
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weightDecay (" + weightDecay + ") must be >= 0");
    }
    if (!(evaluationFraction >= 0 && evaluationFraction <= 0.5)) {
      throw new IllegalArgumentException("evaluationFraction (" + evaluationFraction + ") must be in [0, 0.5]");
    }
    if (earlyStoppingPatience < 0) {
      throw new IllegalArgumentException("earlyStoppingPatience (" + earlyStoppingPatience + ") must be >= 0");
    }
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * Defaults: learning rate, epochs, batch size and schedule from {@link io.github.fairlora.FitDefaults} (the one place
   * they are defined), 5% warmup, decay to 10%, clip 1.0, no weight decay, seed 0, no evaluation, silent.
   */
  public static TrainingOptions defaults() {
    return new TrainingOptions(io.github.fairlora.FitDefaults.LEARNING_RATE, io.github.fairlora.FitDefaults.EPOCHS, 0,
        io.github.fairlora.FitDefaults.BATCH_SIZE, io.github.fairlora.FitDefaults.SCHEDULE, 0.05, 0.1, 1.0, 0.0, 0L,
        0.0, 0, TrainingListener.silent());
  }
}
