package io.github.fairlora;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.train.FitHistory;

/**
 * Full fine-tuning, the baseline of every rank sweep, through the same builder and result type as {@link LoRA}:
 * {@code FineTune.full(model).learningRate(1e-4).fit(data)}. Every parameter of a copy of the model trains.
 */
public final class FineTune extends FitBuilder<FineTune> {

  private FineTune(Decoder model) {
    super(model);
  }

  /** Starts a full fine-tune of {@code model} (not modified by fit unless {@link #inPlace()} is asked for). */
  public static FineTune full(Decoder model) {
    return new FineTune(model);
  }

  @Override
  protected void prepare(Decoder working, boolean classification, long seed) {
    working.setAllTrainable(true);
  }

  @Override
  protected AdaptedModel result(Decoder working, FitHistory history) {
    return new AdaptedModel(working, null, history, "full");
  }
}
