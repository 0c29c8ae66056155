package io.github.fairlora;

import io.github.fairlora.lora.Adapter;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.LanguageModel;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.train.DegenerateTraining;
import io.github.fairlora.train.FitHistory;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@code fit}: the trained model (a copy of the caller's, unless in-place was asked for), its adapter
 * for LoRA (none for full fine-tuning), and the fit history. It is a {@link LanguageModel}, so probes and divergence
 * measures take it directly.
 */
public final class AdaptedModel implements LanguageModel {
  private final Decoder model;
  private final Adapter adapter;
  private final FitHistory history;
  private final String label;

  AdaptedModel(Decoder model, Adapter adapter, FitHistory history, String label) {
    this.model = model;
    this.adapter = adapter;
    this.history = history;
    this.label = label;
  }

  /** The decoder with its adapters attached. */
  public Decoder model() {
    return model;
  }

  /** The adapter (LoRA), or empty (full fine-tuning). */
  public Optional<Adapter> adapter() {
    return Optional.ofNullable(adapter);
  }

  public FitHistory history() {
    return history;
  }

  /**
   * Why this run collapsed (its loss settled at the loss of uniform guessing, ln(vocabulary)), or empty when it did
   * not; see {@link DegenerateTraining}. A degenerate model's scores describe the collapse, not a trained model.
   */
  public Optional<String> degenerate() {
    return DegenerateTraining.fromLoss(history, model.vocabularySize());
  }

  /** "lora r=16" or "full". */
  public String label() {
    return label;
  }

  /** Folds every adapter into its base weight: inference then costs exactly the base model. */
  public AdaptedModel merge() {
    requireAdapter().modules().values().forEach(LoraLinear::merge);
    return this;
  }

  /** Undoes {@link #merge()}. */
  public AdaptedModel unmerge() {
    requireAdapter().modules().values().forEach(LoraLinear::unmerge);
    return this;
  }

  public boolean merged() {
    return adapter != null && adapter.merged();
  }

  private Adapter requireAdapter() {
    if (adapter == null) {
      throw new IllegalStateException("a fully fine-tuned model has no adapter to merge or unmerge");
    }
    return adapter;
  }

  @Override
  public int vocabularySize() {
    return model.vocabularySize();
  }

  @Override
  public int contextLength() {
    return model.contextLength();
  }

  @Override
  public int numberOfLayers() {
    return model.numberOfLayers();
  }

  @Override
  public float[][] tokenLogProbabilities(List<int[]> sequences) {
    return model.tokenLogProbabilities(sequences);
  }

  @Override
  public float[][] nextTokenLogProbabilities(int[] tokens) {
    return model.nextTokenLogProbabilities(tokens);
  }

  @Override
  public float[][][] logitLens(int[] tokens) {
    return model.logitLens(tokens);
  }

  @Override
  public String toString() {
    return label + " (" + history.steps() + " steps, final loss " + String.format(java.util.Locale.ROOT, "%.4f",
        history.finalLoss()) + ")";
  }
}
