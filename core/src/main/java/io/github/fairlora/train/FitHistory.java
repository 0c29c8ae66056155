package io.github.fairlora.train;

import java.util.List;

/**
 * What a fit did.
 *
 * @param stepLosses           training loss of every step, in order
 * @param evaluationLosses     held-out loss after each epoch (empty without an evaluation split)
 * @param steps                steps taken
 * @param seconds              wall time of training
 * @param tokensPerSecond      target tokens (or sequences, for classification) per second
 * @param trainableParameters  scalars that were trained
 * @param totalParameters      scalars in the model, adapters included
 * @param stoppedEarly         early stopping ended training before the planned steps
 */
public record FitHistory(List<Double> stepLosses, List<Double> evaluationLosses, int steps, double seconds,
    double tokensPerSecond, long trainableParameters, long totalParameters, boolean stoppedEarly) {

  public FitHistory {
    stepLosses = List.copyOf(stepLosses);
    evaluationLosses = List.copyOf(evaluationLosses);
  }

  /** Loss of the last step, NaN if none. */
  public double finalLoss() {
    return stepLosses.isEmpty() ? Double.NaN : stepLosses.get(stepLosses.size() - 1);
  }

  /** Mean loss over the last {@code count} steps (or fewer). */
  public double meanOfLast(int count) {
    int from = Math.max(0, stepLosses.size() - count);
    return stepLosses.subList(from, stepLosses.size()).stream().mapToDouble(Double::doubleValue).average()
        .orElse(Double.NaN);
  }
}
