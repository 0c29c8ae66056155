package io.github.fairlora.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Draws training progress: on an interactive terminal, one progress bar redrawn in place (with loss, tokens per
 * second and ETA); when the output is a file or a pipe (CI logs), a plain line at most every few seconds and at the end,
 * so logs stay readable. It writes only to the stream it is given.
 */
public final class ProgressListener implements TrainingListener {
  private static final int BAR_WIDTH = 30;
  private final PrintStream out;
  private final boolean interactive;
  private final String label;
  private final long logIntervalNanos;
  private long lastLog;

  public ProgressListener(PrintStream out, boolean interactive, String label, double logIntervalSeconds) {
    this.out = out;
    this.interactive = interactive;
    this.label = label;
    this.logIntervalNanos = (long) (logIntervalSeconds * 1e9);
  }

  /**
   * Progress on the given stream (an application passes {@code System.err}; the library never chooses a stream
   * itself), as a bar redrawn in place when a console is attached.
   */
  public static ProgressListener forConsole(PrintStream out) {
    return new ProgressListener(Objects.requireNonNull(out, "out"), System.console() != null, "train", 5);
  }

  /** The same with a label (e.g. "lora r=8"). */
  public ProgressListener withLabel(String newLabel) {
    return new ProgressListener(out, interactive, newLabel, logIntervalNanos / 1e9);
  }

  @Override
  public void onStart(int totalSteps, long trainableParameters, long totalParameters) {
    lastLog = System.nanoTime();
    out.printf(Locale.ROOT, "%s: %d steps, %,d trainable of %,d parameters (%.2f%%)%n", label, totalSteps,
        trainableParameters, totalParameters, 100.0 * trainableParameters / Math.max(1, totalParameters));
  }

  @Override
  public void onStep(StepEvent e) {
    if (interactive) {
      out.print("\r" + render(e));
      if (e.step() == e.totalSteps()) {
        out.println();
      }
      out.flush();
      return;
    }
    long now = System.nanoTime();
    if (now - lastLog >= logIntervalNanos || e.step() == e.totalSteps()) {
      lastLog = now;
      out.println(render(e));
    }
  }

  @Override
  public void onEvaluation(int epoch, int step, double evaluationLoss) {
    if (interactive) {
      out.println();
    }
    out.printf(Locale.ROOT, "%s: epoch %d, step %d, evaluation loss %.4f%n", label, epoch, step, evaluationLoss);
  }

  /** One line: label [#####.....] step/total loss, tok/s, ETA. */
  String render(StepEvent e) {
    int filled = (int) Math.round(BAR_WIDTH * e.step() / (double) Math.max(1, e.totalSteps()));
    String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    return String.format(Locale.ROOT, "%s [%s] %d/%d loss %.4f, %.0f tok/s, ETA %s", label, bar, e.step(),
        e.totalSteps(), e.loss(), e.tokensPerSecond(), formatSeconds(e.etaSeconds()));
  }

  static String formatSeconds(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
