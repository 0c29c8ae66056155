package io.github.fairlora.sweep;

import java.util.Arrays;
import java.util.Objects;

/**
 * A loss recorded during training: the mean cross-entropy (nats per token) at some optimizer steps.
 *
 * @param steps the optimizer steps (counted from 1, strictly increasing) at which the loss was recorded
 * @param losses the loss at each of those steps; NaN or infinite where training diverged
 */
public record LossCurve(int[] steps, double[] losses) {
  private static final LossCurve EMPTY = new LossCurve(new int[0], new double[0]);

  /** Checks that steps and losses pair up and that steps increase; both arrays are copied. */
  public LossCurve {
    Objects.requireNonNull(steps, "steps");
    Objects.requireNonNull(losses, "losses");
    if (steps.length != losses.length) {
      throw new IllegalArgumentException(
          "a loss curve needs one loss per step: " + steps.length + " steps but " + losses.length + " losses");
    }
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] < 1) {
        throw new IllegalArgumentException("step " + steps[i] + " at index " + i + " must be at least 1");
      }
      if (i > 0 && steps[i] <= steps[i - 1]) {
        throw new IllegalArgumentException(
            "steps must increase, but step " + steps[i] + " at index " + i + " follows " + steps[i - 1]);
      }
    }
    steps = steps.clone();
    losses = losses.clone();
  }

  /** A curve with no points (e.g. when no evaluation loss was measured). */
  public static LossCurve empty() {
    return EMPTY;
  }

  /** A curve with a loss at every step 1, 2, ..., {@code losses.length}. */
  public static LossCurve everyStep(double[] losses) {
    Objects.requireNonNull(losses, "losses");
    int[] steps = new int[losses.length];
    Arrays.setAll(steps, i -> i + 1);
    return new LossCurve(steps, losses);
  }

  /** A copy of the steps. */
  @Override
  public int[] steps() {
    return steps.clone();
  }

  /** A copy of the losses. */
  @Override
  public double[] losses() {
    return losses.clone();
  }

  /** The number of recorded points. */
  public int size() {
    return steps.length;
  }

  /** Whether no point was recorded. */
  public boolean isEmpty() {
    return steps.length == 0;
  }

  /** The last recorded loss, NaN when the curve is empty. */
  public double last() {
    return losses.length == 0 ? Double.NaN : losses[losses.length - 1];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LossCurve that && Arrays.equals(steps, that.steps) && Arrays.equals(losses, that.losses);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(steps) + Arrays.hashCode(losses);
  }

  @Override
  public String toString() {
    return "LossCurve[steps=" + Arrays.toString(steps) + ", losses=" + Arrays.toString(losses) + "]";
  }
}
