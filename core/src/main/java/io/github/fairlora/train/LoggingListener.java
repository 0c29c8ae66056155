package io.github.fairlora.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Training progress as SLF4J log lines; see {@link TrainingListener#logging()}. */
final class LoggingListener implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.fairlora.train.TrainingProgress");
  private final long stepIntervalNanos;
  private long lastStepLog;

  LoggingListener(double stepIntervalSeconds) {
    this.stepIntervalNanos = (long) (stepIntervalSeconds * 1e9);
  }

  @Override
  public void onStart(int totalSteps, long trainableParameters, long totalParameters) {
    lastStepLog = System.nanoTime();
    if (LOG.isInfoEnabled()) {
      LOG.info(String.format(Locale.ROOT, "training: %d steps, %,d trainable of %,d parameters (%.2f%%)", totalSteps,
          trainableParameters, totalParameters, 100.0 * trainableParameters / Math.max(1, totalParameters)));
    }
  }

  @Override
  public void onStep(StepEvent e) {
    long now = System.nanoTime();
    if (LOG.isDebugEnabled() && (now - lastStepLog >= stepIntervalNanos || e.step() == e.totalSteps())) {
      lastStepLog = now;
      LOG.debug(String.format(Locale.ROOT, "step %d/%d, epoch %d: loss %.4f, %.0f tok/s, ETA %s", e.step(),
          e.totalSteps(), e.epoch(), e.loss(), e.tokensPerSecond(), ProgressListener.formatSeconds(e.etaSeconds())));
    }
  }

  @Override
  public void onEvaluation(int epoch, int step, double evaluationLoss) {
    if (LOG.isInfoEnabled()) {
      LOG.info(String.format(Locale.ROOT, "epoch %d, step %d: evaluation loss %.4f", epoch, step, evaluationLoss));
    }
  }

  @Override
  public void onFinish(FitHistory history) {
    if (LOG.isInfoEnabled()) {
      LOG.info(String.format(Locale.ROOT, "trained %d steps in %.1f s, final loss %.4f%s", history.steps(),
          history.seconds(), history.finalLoss(), history.stoppedEarly() ? " (stopped early)" : ""));
    }
  }
}
