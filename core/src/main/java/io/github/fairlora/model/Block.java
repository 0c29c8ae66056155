package io.github.fairlora.model;

import io.github.fairlora.nn.CausalSelfAttention;
import io.github.fairlora.nn.LayerNorm;
import io.github.fairlora.nn.Linear;
import io.github.fairlora.nn.LinearLayer;
import io.github.fairlora.nn.Norm;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.nn.RmsNorm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One transformer block: pre-norm attention and pre-norm MLP, each added to the residual stream (OPT-350m's
 * post-norm blocks instead normalise each residual sum; see {@link DecoderConfig.Variant#postNorm}). Holds the layers
 * only; the per-batch activations live in the decoder's {@code Activations}.
 */
public final class Block {
  private final int index;
  /** Before attention: RMSNorm (Llama) or LayerNorm (GPT-2, OPT), [width]; post-norm OPT: after it. */
  private final Norm attentionNorm;
  /** Before the MLP, [width]; post-norm OPT: after it. */
  private final Norm mlpNorm;
  private final CausalSelfAttention attention;
  /** Llama: Q, K, V, O, GATE, UP, DOWN. GPT-2: QKV, O, UP, DOWN. OPT: Q, K, V, O, UP (fc1), DOWN (fc2). */
  private final EnumMap<Projection, LinearLayer> projections = new EnumMap<>(Projection.class);

  Block(DecoderConfig config, int index) {
    this.index = index;
    String prefix = "layers." + index + ".";
    int width = config.width();
    boolean gpt2 = config.family() == DecoderConfig.Family.GPT2;
    if (gpt2) {
      attentionNorm = new LayerNorm(prefix + "attention_norm", width, config.normEpsilon());
      mlpNorm = new LayerNorm(prefix + "mlp_norm", width, config.normEpsilon());
      projections.put(Projection.QKV, new Linear(prefix + "qkv", width, 3 * width, true));
      projections.put(Projection.O, new Linear(prefix + "o", width, width, true));
      projections.put(Projection.UP, new Linear(prefix + "up", width, config.hiddenSize(), true));
      projections.put(Projection.DOWN, new Linear(prefix + "down", config.hiddenSize(), width, true));
    } else if (config.family() == DecoderConfig.Family.OPT) {
      attentionNorm = new LayerNorm(prefix + "attention_norm", width, config.normEpsilon());
      mlpNorm = new LayerNorm(prefix + "mlp_norm", width, config.normEpsilon());
      projections.put(Projection.Q, new Linear(prefix + "q", width, width, true));
      projections.put(Projection.K, new Linear(prefix + "k", width, width, true));
      projections.put(Projection.V, new Linear(prefix + "v", width, width, true));
      projections.put(Projection.O, new Linear(prefix + "o", width, width, true));
      projections.put(Projection.UP, new Linear(prefix + "up", width, config.hiddenSize(), true));
      projections.put(Projection.DOWN, new Linear(prefix + "down", config.hiddenSize(), width, true));
    } else {
      attentionNorm = new RmsNorm(prefix + "attention_norm", width, config.normEpsilon());
      mlpNorm = new RmsNorm(prefix + "mlp_norm", width, config.normEpsilon());
      int kvWidth = config.kvWidth();
      DecoderConfig.Variant variant = config.variant();
      projections.put(Projection.Q, new Linear(prefix + "q", width, width, variant.qkvBias()));
      projections.put(Projection.K, new Linear(prefix + "k", width, kvWidth, variant.qkvBias()));
      projections.put(Projection.V, new Linear(prefix + "v", width, kvWidth, variant.qkvBias()));
      projections.put(Projection.O, new Linear(prefix + "o", width, width, variant.outputBias()));
      projections.put(Projection.GATE, new Linear(prefix + "gate", width, config.hiddenSize(), variant.mlpBias()));
      projections.put(Projection.UP, new Linear(prefix + "up", width, config.hiddenSize(), variant.mlpBias()));
      projections.put(Projection.DOWN, new Linear(prefix + "down", config.hiddenSize(), width, variant.mlpBias()));
    }
    attention = new CausalSelfAttention(config.numberOfHeads(), config.numberOfKvHeads(), config.headSize());
  }

  public int index() {
    return index;
  }

  public Norm attentionNorm() {
    return attentionNorm;
  }

  public Norm mlpNorm() {
    return mlpNorm;
  }

  public CausalSelfAttention attention() {
    return attention;
  }

  /** The projection, or an exception naming the ones this family has. */
  public LinearLayer projection(Projection projection) {
    LinearLayer layer = projections.get(projection);
    if (layer == null) {
      throw new IllegalArgumentException("this block has no " + projection.shortName() + " projection; it has "
          + projections.keySet().stream().map(Projection::shortName).toList());
    }
    return layer;
  }

  /** The projections this block has, in a fixed order. */
  public Map<Projection, LinearLayer> projections() {
    return Collections.unmodifiableMap(projections);
  }

  /** Replaces a projection (LoRA wraps the existing one). Shapes must agree. */
  public void replaceProjection(Projection projection, LinearLayer layer) {
    LinearLayer old = projection(projection);
    if (old.inputSize() != layer.inputSize() || old.outputSize() != layer.outputSize()) {
      throw new IllegalArgumentException("replacement for " + projection.shortName() + " has shape "
          + layer.inputSize() + "->" + layer.outputSize() + ", expected " + old.inputSize() + "->" + old.outputSize());
    }
    projections.put(projection, layer);
  }

  /** The plain Linear under a projection (unwrapping an adapter). */
  public Linear baseLinear(Projection projection) {
    LinearLayer layer = projection(projection);
    return layer instanceof io.github.fairlora.nn.LoraLinear lora ? lora.base() : (Linear) layer;
  }

  List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>(attentionNorm.parameters());
    for (LinearLayer layer : projections.values()) {
      list.addAll(layer.parameters());
    }
    list.addAll(mlpNorm.parameters());
    return list;
  }
}
