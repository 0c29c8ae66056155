package io.github.fairlora;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.train.FitHistory;

/**
 * Full fine-tuning, the baseline of every rank sweep, through the same builder and result type as {@link LoRA}:
 * {@code FineTune.full(model).learningRate(1e-4).fit(data)}. Every parameter of a copy of the model trains.
 */
public final class FineTune extends FitBuilder<FineTune> {
  private final boolean headOnly;

  private FineTune(Decoder model, boolean headOnly) {
    super(model);
    this.headOnly = headOnly;
  }

  /** Starts a full fine-tune of {@code model} (not modified by fit unless {@link #inPlace()} is asked for). */
  public static FineTune full(Decoder model) {
    return new FineTune(model, false);
  }

  /**
   * Trains only a classification head on top of the frozen model (a linear probe): the reference a classification
   * sweep measures the base model with. Needs labeled data.
   */
  public static FineTune classificationHead(Decoder model) {
    return new FineTune(model, true);
  }

  @Override
  void prepare(Decoder working, boolean classification, long seed) {
    if (headOnly) {
      if (!classification) {
        throw new IllegalArgumentException("classificationHead() trains a classification head and needs labeled data");
      }
      working.setAllTrainable(false);
      working.classifier().parameters().forEach(p -> p.setTrainable(true));
    } else {
      working.setAllTrainable(true);
    }
  }

  @Override
  AdaptedModel result(Decoder working, FitHistory history) {
    return new AdaptedModel(working, null, history, headOnly ? "head" : "full");
  }
}
