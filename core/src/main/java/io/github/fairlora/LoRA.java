package io.github.fairlora;

import io.github.fairlora.lora.Adapter;
import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.train.FitHistory;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Low-rank adaptation, fluently: {@code LoRA.adapt(model).rank(16).alpha(32).targets(Target.ATTENTION).fit(data)}.
 * The base model is copied and frozen; only the adapters (and a classification head, for labeled data) train.
 */
public final class LoRA extends FitBuilder<LoRA> {
  private int rank = FitDefaults.RANK;
  private Float alpha;
  private float dropout;
  private boolean rankStabilized;
  private Set<Target> targets = EnumSet.copyOf(FitDefaults.TARGETS);
  private Set<Integer> layers = Set.of();
  private Adapter adapter;

  private LoRA(Decoder model) {
    super(model);
  }

  /** Starts a LoRA fit of {@code model} (not modified by fit unless {@link #inPlace()} is asked for). */
  public static LoRA adapt(Decoder model) {
    return new LoRA(model);
  }

  /** Adapter rank r (≥ 1, at most the smaller side of every targeted layer). Default {@link FitDefaults#RANK}. */
  public LoRA rank(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("rank (" + value + ") must be positive");
    }
    assign("rank", value);
    rank = value;
    return this;
  }

  /** Scaling numerator (> 0): s = alpha / r. Default {@link FitDefaults#ALPHA_PER_RANK}·r. */
  public LoRA alpha(double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("alpha (" + value + ") must be positive and finite");
    }
    assign("alpha", value);
    alpha = (float) value;
    return this;
  }

  /** Dropout on the adapter input during training, in [0, 1). Default 0. */
  public LoRA dropout(double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException("dropout (" + value + ") must be in [0, 1)");
    }
    assign("dropout", value);
    dropout = (float) value;
    return this;
  }

  /** rsLoRA: scale by alpha / √r instead of alpha / r. */
  public LoRA rankStabilized() {
    assign("rankStabilized", true);
    rankStabilized = true;
    return this;
  }

  /** Which projections get adapters. Default {@link FitDefaults#TARGETS} (all linear projections). */
  public LoRA targets(Target... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("targets needs at least one target; valid targets: "
          + Arrays.toString(Target.values()).toLowerCase(java.util.Locale.ROOT));
    }
    assign("targets", Arrays.toString(values));
    targets = EnumSet.copyOf(Arrays.asList(values));
    return this;
  }

  /** Targets by name ("q", "v", "attention", "mlp", "all_linear", or PEFT names); unknown names list the valid ones. */
  public LoRA targets(String... names) {
    return targets(Arrays.stream(names).map(Target::parse).toArray(Target[]::new));
  }

  /** Only these block indices get adapters. Default: all. */
  public LoRA layers(int... indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("layers needs at least one block index");
    }
    for (int index : indices) {
      if (index < 0 || index >= model.config().numberOfLayers()) {
        throw new IllegalArgumentException("layer " + index + " does not exist; the model has layers 0.."
            + (model.config().numberOfLayers() - 1));
      }
    }
    assign("layers", Arrays.toString(indices));
    layers = new TreeSet<>(Arrays.stream(indices).boxed().toList());
    return this;
  }

  /** The adapter settings as they stand. */
  public LoraConfig config() {
    return new LoraConfig(rank, alpha != null ? alpha : (float) (FitDefaults.ALPHA_PER_RANK * rank), dropout, rankStabilized, targets,
        new TreeSet<>(layers));
  }

  @Override
  void prepare(Decoder working, boolean classification, long seed) {
    adapter = Adapters.attach(working, config(), seed);
    if (classification) {
      working.classifier().parameters().forEach(p -> p.setTrainable(true));
    }
  }

  @Override
  AdaptedModel result(Decoder working, FitHistory history) {
    return new AdaptedModel(working, adapter, history, "lora r=" + rank);
  }
}
