package io.github.fairlora.train;

/**
 * Learning rate per step: linear warmup from 0 over {@code warmupSteps}, then cosine or linear decay from the peak to
 * {@code peak · minimumRatio} at {@code totalSteps}, or constant.
 */
public record LearningRateSchedule(Shape shape, double peak, int warmupSteps, int totalSteps, double minimumRatio) {

  /** The decay after warmup. */
  public enum Shape {
    COSINE,
    LINEAR,
    CONSTANT
  }

  public LearningRateSchedule {
    if (!(peak > 0) || !Double.isFinite(peak)) {
      throw new IllegalArgumentException("learning rate (" + peak + ") must be positive and finite");
    }
    if (warmupSteps < 0 || totalSteps < 1) {
      throw new IllegalArgumentException("warmup (" + warmupSteps + ") must be >= 0 and total steps (" + totalSteps
          + ") >= 1");
    }
    if (!(minimumRatio >= 0 && minimumRatio <= 1)) {
      throw new IllegalArgumentException("minimum ratio (" + minimumRatio + ") must be in [0, 1]");
    }
  }

  /** The rate for step index {@code step} (0-based). */
  public double at(int step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / (warmupSteps + 1);
    }
    if (shape == Shape.CONSTANT) {
      return peak;
    }
    int decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (step - warmupSteps) / (double) decaySteps);
    double factor = shape == Shape.COSINE ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
    return peak * (minimumRatio + (1 - minimumRatio) * factor);
  }
}
