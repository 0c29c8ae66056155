package io.github.fairlora.spark;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.Parameter;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A decoder's configuration and weights as a serializable value, for shipping a small model to Spark tasks inside a
 * closure or a broadcast: {@link #restore()} gives a decoder bit-identical to the one snapshotted. Weights travel as
 * float arrays (4 bytes a parameter), so this is for models of up to a few hundred MB; larger ones are read by each
 * task from a path the executors see.
 */
public final class ModelSnapshot implements Serializable {
  private static final long serialVersionUID = 2L;

  private final String family;
  private final int[] sizes; // vocabulary, context, width, layers, heads, kv heads, hidden, classes
  private final float normEpsilon;
  private final float ropeTheta;
  private final boolean tiedEmbeddings;
  // The Variant: RoPE layout by name, then qkvBias, outputBias, mlpBias, classifierBias, postNorm, finalNorm, and the
  // embedding width. Without it a Hugging Face Llama (rotate-half RoPE) would come back as llama2.c's interleaved
  // layout and compute different logits from the same weights.
  private final String ropeLayout;
  private final boolean[] variantFlags;
  private final int embeddingWidth;
  private final LinkedHashMap<String, float[]> weights; // parameter name -> values, in the decoder's order

  private ModelSnapshot(DecoderConfig config, LinkedHashMap<String, float[]> weights) {
    this.family = config.family().name();
    this.sizes = new int[] {config.vocabularySize(), config.contextLength(), config.width(), config.numberOfLayers(),
        config.numberOfHeads(), config.numberOfKvHeads(), config.hiddenSize(), config.numberOfClasses()};
    this.normEpsilon = config.normEpsilon();
    this.ropeTheta = config.ropeTheta();
    this.tiedEmbeddings = config.tiedEmbeddings();
    DecoderConfig.Variant v = config.variant();
    this.ropeLayout = v.ropeLayout().name();
    this.variantFlags = new boolean[] {v.qkvBias(), v.outputBias(), v.mlpBias(), v.classifierBias(), v.postNorm(),
        v.finalNorm()};
    this.embeddingWidth = v.embeddingWidth();
    this.weights = weights;
  }

  /**
   * A copy of {@code model}'s configuration and current weights (the tokenizer is not part of it).
   *
   * @throws IllegalArgumentException when the model carries LoRA adapters (merge them first: the snapshot holds a
   *     plain decoder)
   */
  public static ModelSnapshot of(Decoder model) {
    Objects.requireNonNull(model, "model");
    if (!model.adapters().isEmpty()) {
      throw new IllegalArgumentException("cannot snapshot a decoder with LoRA adapters on " + model.adapters().keySet()
          + "; merge them into the base weights first");
    }
    LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
    for (Parameter p : model.parameters().values()) {
      weights.put(p.name(), p.value().toArray());
    }
    return new ModelSnapshot(model.config(), weights);
  }

  /** The snapshotted configuration. */
  public DecoderConfig config() {
    boolean[] f = variantFlags;
    DecoderConfig.Variant variant = new DecoderConfig.Variant(io.github.fairlora.nn.Rope.Layout.valueOf(ropeLayout),
        f[0], f[1], f[2], f[3], f[4], embeddingWidth, f[5]);
    return new DecoderConfig(DecoderConfig.Family.valueOf(family), sizes[0], sizes[1], sizes[2], sizes[3], sizes[4],
        sizes[5], sizes[6], normEpsilon, ropeTheta, tiedEmbeddings, sizes[7], variant);
  }

  /** Bytes of weights carried (4 per parameter). */
  public long weightBytes() {
    return weights.values().stream().mapToLong(values -> 4L * values.length).sum();
  }

  /** A new decoder with the snapshotted configuration and weights, no tokenizer attached. */
  public Decoder restore() {
    Decoder model = Decoder.uninitialized(config());
    Map<String, Parameter> parameters = model.parameters();
    if (!parameters.keySet().equals(weights.keySet())) {
      throw new IllegalStateException("snapshot holds parameters " + weights.keySet() + " but a decoder of its "
          + "configuration has " + parameters.keySet());
    }
    for (Parameter p : parameters.values()) {
      float[] values = weights.get(p.name());
      if (values.length != p.size()) {
        throw new IllegalStateException("snapshot tensor " + p.name() + " has " + values.length + " values, the "
            + "decoder's has " + p.size());
      }
      p.value().put(0, values);
    }
    return model;
  }
}
