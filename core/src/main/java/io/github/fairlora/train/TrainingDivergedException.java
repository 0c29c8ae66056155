package io.github.fairlora.train;

/** Training produced a non-finite loss or gradient; the weights are not trustworthy past this point. */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final int step;

  public TrainingDivergedException(int step, String what) {
    super("training diverged at step " + step + ": " + what
        + "; lower the learning rate, enable gradient clipping, or check the data");
    this.step = step;
  }

  /** The 1-based step at which it happened. */
  public int step() {
    return step;
  }
}
