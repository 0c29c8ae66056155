package io.github.fairlora.train;

import java.io.PrintStream;

/**
 * Receives training progress. Every method has an empty default; implement what you need. The default of
 * {@link TrainingOptions} is {@link #silent()}: training reports nothing unless the caller passes a listener.
 */
public interface TrainingListener {

  /** Before the first step. */
  default void onStart(int totalSteps, long trainableParameters, long totalParameters) {}

  /** After every optimizer step. */
  default void onStep(StepEvent event) {}

  /** After each evaluation on the held-out split. */
  default void onEvaluation(int epoch, int step, double evaluationLoss) {}

  /** After the last step. */
  default void onFinish(FitHistory history) {}

  /**
   * One step's numbers.
   *
   * @param step             1-based step number
   * @param totalSteps       planned steps
   * @param epoch            1-based epoch
   * @param loss             mean training loss of the batch
   * @param learningRate     rate used for this step
   * @param gradientNorm     global gradient norm before clipping
   * @param tokensPerSecond  target tokens processed per second, averaged since the start
   * @param elapsedSeconds   time since the start
   */
  record StepEvent(int step, int totalSteps, int epoch, double loss, double learningRate, double gradientNorm,
      double tokensPerSecond, double elapsedSeconds) {

    /** Estimated seconds left, from the average pace so far. */
    public double etaSeconds() {
      return step == 0 ? Double.NaN : elapsedSeconds / step * (totalSteps - step);
    }
  }

  /** A listener that does nothing. */
  static TrainingListener silent() {
    return new TrainingListener() {};
  }

  /**
   * Progress on the given stream: a bar with ETA on a terminal, plain lines otherwise (see {@link ProgressListener}).
   * For a command line or an example program; a library that embeds fairlora would rather use {@link #logging()}.
   */
  static TrainingListener console(PrintStream out) {
    return ProgressListener.forConsole(out);
  }

  /**
   * Progress through SLF4J (logger {@code io.github.fairlora.train.TrainingProgress}): start, evaluations and finish
   * at INFO, a step line at DEBUG at most every ten seconds. What appears, and where, is up to the application's
   * SLF4J binding.
   */
  static TrainingListener logging() {
    return new LoggingListener(10);
  }
}
