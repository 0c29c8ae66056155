package io.github.fairlora.train;

import io.github.fairlora.model.LanguageModel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises a collapsed training run: a model whose loss settled at (or above) the loss of the uniform distribution,
 * ln(vocabulary), although it started below it (or, from scratch, never left it in {@value #MINIMUM_STEPS_FROM_SCRATCH}
 * steps or more), or whose next-token distribution no longer depends on the input. Such a model emits one token or
 * noise; any score measured on it (a bias percentage of 0, say) describes the collapse, not the model.
 *
 * <p>Both checks report a reason in words, or nothing when the run looks healthy. They are deliberately loose (a
 * healthy language model is far below ln(vocabulary)) so that they never flag a model that learned something.
 */
public final class DegenerateTraining {
  /** A run is degenerate when its final loss is at least this share of ln(vocabulary). */
  public static final double UNIFORM_LOSS_SHARE = 0.95;
  /** Steps whose mean loss is compared (the last ones, or all when fewer). */
  public static final int FINAL_STEPS = 10;
  /**
   * A run from an untrained model (starting at the uniform loss) this long that is still at the uniform loss learned
   * nothing; a shorter one is too short to tell from a run that has barely started.
   */
  public static final int MINIMUM_STEPS_FROM_SCRATCH = 50;
  /**
   * Output is constant when the mean total-variation distance between next-token distributions at different
   * positions is below this.
   */
  public static final double CONSTANT_OUTPUT_DISTANCE = 1e-3;

  private DegenerateTraining() {}

  /**
   * Checks the loss of a finished run.
   *
   * @param history the fit history
   * @param vocabularySize the model's vocabulary (at least 2)
   * @return why the run is degenerate, or empty
   */
  public static Optional<String> fromLoss(FitHistory history, int vocabularySize) {
    Objects.requireNonNull(history, "history");
    if (vocabularySize < 2) {
      throw new IllegalArgumentException("vocabularySize (" + vocabularySize + ") must be at least 2");
    }
    if (history.stepLosses().isEmpty()) {
      return Optional.empty();
    }
    double finalLoss = history.meanOfLast(FINAL_STEPS);
    double uniform = Math.log(vocabularySize);
    if (!Double.isFinite(finalLoss)) {
      return Optional.of("the final training loss is " + finalLoss);
    }
    if (finalLoss < UNIFORM_LOSS_SHARE * uniform) {
      return Optional.empty();
    }
    // At the uniform loss in the end: a collapse when the model started better than that (a pretrained model), or
    // when a long run from scratch never got below it. A short run from an untrained model has merely begun.
    double firstLoss = history.stepLosses().get(0);
    boolean startedBelow = firstLoss < UNIFORM_LOSS_SHARE * uniform;
    if (!startedBelow && history.stepLosses().size() < MINIMUM_STEPS_FROM_SCRATCH) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "training collapsed: the final loss %.3f (mean of the last %d "
        + "steps) is at least %.0f%% of ln(vocabulary %d) = %.3f, the loss of predicting every token as equally "
        + "likely%s", finalLoss, Math.min(FINAL_STEPS, history.stepLosses().size()), 100 * UNIFORM_LOSS_SHARE,
        vocabularySize, uniform, startedBelow ? String.format(Locale.ROOT, ", although the first step's loss was "
            + "%.3f", firstLoss) : String.format(Locale.ROOT, " after %d steps", history.stepLosses().size())));
  }

  /**
   * Checks whether {@code model}'s next-token distribution is (almost) the same at every position of
   * {@code sequences} (each at least 2 tokens; 2 positions in all at least).
   *
   * @return why the output is degenerate, or empty
   */
  public static Optional<String> fromOutput(LanguageModel model, List<int[]> sequences) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(sequences, "sequences");
    double[] first = null;
    double distanceSum = 0;
    int compared = 0;
    for (int[] sequence : sequences) {
      float[][] logProbabilities = model.nextTokenLogProbabilities(sequence);
      for (float[] position : logProbabilities) {
        double[] p = new double[position.length];
        for (int v = 0; v < p.length; v++) {
          p[v] = Math.exp(position[v]);
        }
        if (first == null) {
          first = p;
          continue;
        }
        double distance = 0;
        for (int v = 0; v < p.length; v++) {
          distance += Math.abs(p[v] - first[v]);
        }
        distanceSum += distance / 2;
        compared++;
      }
    }
    if (compared == 0) {
      throw new IllegalArgumentException("need at least two positions to compare output distributions");
    }
    double mean = distanceSum / compared;
    if (mean < CONSTANT_OUTPUT_DISTANCE) {
      return Optional.of(String.format(Locale.ROOT, "the output no longer depends on the input: the next-token "
          + "distributions at %d positions differ from the first by a mean total-variation distance of %.2g",
          compared + 1, mean));
    }
    return Optional.empty();
  }
}
