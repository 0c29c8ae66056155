package io.github.fairlora.model;

import io.github.fairlora.nn.CrossEntropy;
import io.github.fairlora.nn.Embedding;
import io.github.fairlora.nn.Gelu;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.LayerNorm;
import io.github.fairlora.nn.Linear;
import io.github.fairlora.nn.LinearLayer;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.nn.Norm;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.nn.Relu;
import io.github.fairlora.nn.RmsNorm;
import io.github.fairlora.nn.Rope;
import io.github.fairlora.nn.SwiGlu;
import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A decoder-only transformer of either family ({@link DecoderConfig.Family}), with a hand-written backward pass.
 *
 * <p>Data flow: token embedding (OPT: → project_in when narrower) (+ learned positions for GPT-2 and OPT) → blocks
 * (norm → attention → residual add, norm → MLP → residual add; OPT-350m's post-norm blocks add first and normalise
 * the sums) → final norm (absent in some OPT) (OPT: → project_out) → output head (tied to the embedding, or
 * separate) or, for classification, the hidden state at each sequence's last real position → classifier.
 *
 * <p>There is no dropout anywhere: OPT's and GPT-2's dropout settings are ignored (inference is unaffected, and
 * training runs without it).
 *
 * <p>Activation and gradient buffers are allocated once for the largest batch shape seen and reused across steps.
 * A Decoder is therefore not thread-safe: one forward/backward at a time.
 */
public final class Decoder implements LanguageModel {
  private final DecoderConfig config;
  /** [vocabularySize, embeddingWidth] (the model width except OPT with word_embed_proj_dim). */
  private final Embedding tokenEmbedding;
  /** GPT-2: [contextLength, width]; OPT: [contextLength + 2, width]; null for Llama. */
  private final Embedding positionEmbedding;
  /** OPT with a narrower embedding: embeddingWidth → width, no bias; otherwise null. */
  private final Linear projectIn;
  /** OPT with a narrower embedding: width → embeddingWidth, no bias, before the head; otherwise null. */
  private final Linear projectOut;
  /** Llama only; null for GPT-2 and OPT. */
  private final Rope rope;
  private final List<Block> blocks;
  /** Null for OPT without a final layer norm. */
  private final Norm finalNorm;
  /** Untied output head [vocabularySize, width]; null when tied to the token embedding. */
  private final Linear head;
  /** Sequence-classification head [numberOfClasses, embeddingWidth]; null without classes. */
  private final Linear classifier;

  private Activations activations;
  private boolean training;
  /** The tokenizer that came with the checkpoint, or null. */
  private io.github.fairlora.text.Tokenizer tokenizer;

  /** A decoder with freshly initialised weights: N(0, 0.02), residual projections scaled by 1/√(2·layers). */
  public Decoder(DecoderConfig config, long seed) {
    this(config);
    initialize(new SplittableRandom(seed));
  }

  /** A decoder with zero weights (norm scales 1), for loaders that overwrite every parameter. */
  public static Decoder uninitialized(DecoderConfig config) {
    return new Decoder(config);
  }

  private Decoder(DecoderConfig config) {
    this.config = config;
    int width = config.width();
    int embeddingWidth = config.embeddingWidth();
    tokenEmbedding = new Embedding("embed", config.vocabularySize(), embeddingWidth);
    boolean llama = config.family() == DecoderConfig.Family.LLAMA;
    positionEmbedding = llama ? null : new Embedding("position", config.positionTableRows(), width);
    projectIn = config.projectsEmbedding() ? new Linear("project_in", embeddingWidth, width, false) : null;
    projectOut = config.projectsEmbedding() ? new Linear("project_out", width, embeddingWidth, false) : null;
    rope = llama ? new Rope(config.headSize(), config.contextLength(), config.ropeTheta(),
        config.variant().ropeLayout()) : null;
    List<Block> list = new ArrayList<>();
    for (int i = 0; i < config.numberOfLayers(); i++) {
      list.add(new Block(config, i));
    }
    blocks = Collections.unmodifiableList(list);
    if (!config.variant().finalNorm()) {
      finalNorm = null;
    } else {
      finalNorm = llama ? new RmsNorm("norm", width, config.normEpsilon())
          : new LayerNorm("norm", width, config.normEpsilon());
    }
    head = config.tiedEmbeddings() ? null : new Linear("head", width, config.vocabularySize(), false);
    classifier = config.numberOfClasses() > 0 ? new Linear("classifier", embeddingWidth, config.numberOfClasses(),
        config.variant().classifierBias()) : null;
  }

  private void initialize(SplittableRandom random) {
    Initializers.normal(tokenEmbedding.weight().value(), random, 0.02);
    if (positionEmbedding != null) {
      Initializers.normal(positionEmbedding.weight().value(), random, 0.01);
    }
    if (projectIn != null) {
      projectIn.initializeNormal(random, 0.02);
      projectOut.initializeNormal(random, 0.02);
    }
    double residualStd = 0.02 / Math.sqrt(2.0 * config.numberOfLayers());
    for (Block block : blocks) {
      for (Map.Entry<Projection, LinearLayer> entry : block.projections().entrySet()) {
        boolean residual = entry.getKey() == Projection.O || entry.getKey() == Projection.DOWN;
        ((Linear) entry.getValue()).initializeNormal(random, residual ? residualStd : 0.02);
      }
    }
    if (head != null) {
      head.initializeNormal(random, 0.02);
    }
    if (classifier != null) {
      classifier.initializeNormal(random, 0.02);
    }
  }

  public DecoderConfig config() {
    return config;
  }

  /** The tokenizer attached to this model (by a loader or by the user), if any. */
  @Override
  public java.util.Optional<io.github.fairlora.text.Tokenizer> tokenizer() {
    return java.util.Optional.ofNullable(tokenizer);
  }

  /** Attaches the tokenizer that goes with this model (checked against the vocabulary size). */
  public Decoder setTokenizer(io.github.fairlora.text.Tokenizer tokenizer) {
    if (tokenizer != null && tokenizer.vocabularySize() > config.vocabularySize()) {
      throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabularySize()
          + " ids but the model's vocabulary is " + config.vocabularySize());
    }
    this.tokenizer = tokenizer;
    return this;
  }

  public List<Block> blocks() {
    return blocks;
  }

  public Embedding tokenEmbedding() {
    return tokenEmbedding;
  }

  /** GPT-2's learned positions, or null. */
  public Embedding positionEmbedding() {
    return positionEmbedding;
  }

  /** The norm before the head, or null (OPT without final_layer_norm). */
  public Norm finalNorm() {
    return finalNorm;
  }

  /** OPT's project_in (embedding width → model width), or null. */
  public Linear projectIn() {
    return projectIn;
  }

  /** OPT's project_out (model width → embedding width), or null. */
  public Linear projectOut() {
    return projectOut;
  }

  /** Llama's rotary embedding, or null for GPT-2 and OPT. */
  public Rope rope() {
    return rope;
  }

  /** The untied output head, or null when tied. */
  public Linear head() {
    return head;
  }

  /** The classification head, or null. */
  public Linear classifier() {
    return classifier;
  }

  /**
   * Every parameter by name, in a fixed order (embeddings, blocks in order, final norm, head, classifier). Frozen
   * and trainable alike, adapters included.
   */
  public Map<String, Parameter> parameters() {
    Map<String, Parameter> map = new LinkedHashMap<>();
    add(map, tokenEmbedding.weight());
    if (positionEmbedding != null) {
      add(map, positionEmbedding.weight());
    }
    if (projectIn != null) {
      projectIn.parameters().forEach(p -> add(map, p));
    }
    for (Block block : blocks) {
      block.parameters().forEach(p -> add(map, p));
    }
    if (finalNorm != null) {
      finalNorm.parameters().forEach(p -> add(map, p));
    }
    if (projectOut != null) {
      projectOut.parameters().forEach(p -> add(map, p));
    }
    if (head != null) {
      head.parameters().forEach(p -> add(map, p));
    }
    if (classifier != null) {
      classifier.parameters().forEach(p -> add(map, p));
    }
    return Collections.unmodifiableMap(map);
  }

  private static void add(Map<String, Parameter> map, Parameter p) {
    if (map.put(p.name(), p) != null) {
      throw new IllegalStateException("duplicate parameter name " + p.name());
    }
  }

  /** The parameters that currently receive gradients. */
  public List<Parameter> trainableParameters() {
    return parameters().values().stream().filter(Parameter::trainable).toList();
  }

  /** Makes every parameter trainable (full fine-tuning) or frozen. */
  public void setAllTrainable(boolean trainable) {
    parameters().values().forEach(p -> p.setTrainable(trainable));
  }

  /** Number of scalar parameters, adapters included. */
  public long parameterCount() {
    return parameters().values().stream().mapToLong(Parameter::size).sum();
  }

  /** Training mode enables adapter dropout. */
  public void setTraining(boolean training) {
    this.training = training;
    forEachAdapter(a -> a.setTraining(training));
  }

  public boolean training() {
    return training;
  }

  /** The adapters currently wrapping projections, keyed by "layers.{i}.{projection}". */
  public Map<String, LoraLinear> adapters() {
    Map<String, LoraLinear> map = new LinkedHashMap<>();
    for (Block block : blocks) {
      for (Map.Entry<Projection, LinearLayer> entry : block.projections().entrySet()) {
        if (entry.getValue() instanceof LoraLinear lora) {
          map.put("layers." + block.index() + "." + entry.getKey().shortName(), lora);
        }
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private void forEachAdapter(java.util.function.Consumer<LoraLinear> action) {
    adapters().values().forEach(action);
  }

  /**
   * A deep copy of the architecture and the base weights. Adapters are not copied: a projection wrapped by an
   * unmerged adapter is copied as its base Linear (a merged adapter's update is part of the base weight).
   */
  public Decoder copy() {
    return copyInto(new Decoder(config));
  }

  /**
   * A deep copy (as {@link #copy()}) with a new, seeded sequence-classification head of {@code classes} classes in
   * place of any existing one.
   */
  public Decoder copyWithClassifier(int classes, long seed) {
    Decoder copy = new Decoder(config.withClasses(classes));
    copy.classifier.initializeNormal(new SplittableRandom(seed), 0.02);
    copyInto(copy);
    return copy;
  }

  private Decoder copyInto(Decoder copy) {
    copy.tokenizer = tokenizer;
    Map<String, Parameter> target = copy.parameters();
    for (Parameter p : parameters().values()) {
      Parameter destination = target.get(p.name());
      if (destination != null && destination.size() == p.size()) {
        destination.value().copyFrom(p.value());
      }
    }
    return copy;
  }

  /** Zeroes the gradients of all trainable parameters. */
  public void zeroGradients() {
    for (Parameter p : trainableParameters()) {
      p.gradient().zero();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Forward and backward

  /**
   * Runs the batch forward and returns its mean loss (NaN for a batch with no targets); with
   * {@code computeGradients}, also runs backward, accumulating (+=) into trainable parameters' gradients.
   */
  public double forward(TokenBatch batch, boolean computeGradients) {
    if (batch.timeSteps() > config.contextLength()) {
      throw new IllegalArgumentException("sequence length " + batch.timeSteps() + " exceeds the context length "
          + config.contextLength());
    }
    boolean classification = batch.task() == TokenBatch.Task.CLASSIFICATION;
    if (classification && classifier == null) {
      throw new IllegalStateException("this decoder has no classification head; use config.withClasses(n)");
    }
    Activations act = activations(batch.batchSize(), batch.timeSteps());
    act.bind(batch);
    forwardBlocks(act, config.numberOfLayers());
    int rows = act.rows;
    Tensor headInput = outputForward(act, act.residual[config.numberOfLayers()], rows);
    double loss;
    if (classification) {
      loss = classifierForward(act, batch, computeGradients);
    } else {
      headForward(headInput, rows, act.logits);
      loss = CrossEntropy.forwardBackward(act.logits, batch.targets(), rows, config.vocabularySize(),
          computeGradients ? act.dLogits : null, 1f);
    }
    if (computeGradients) {
      if (batch.countedTargets() == 0) {
        throw new IllegalArgumentException("batch has no targets to learn from (all padding)");
      }
      backward(act, classification);
    }
    return loss;
  }

  /** The logits [B·T, vocabularySize] of the last language-modeling forward (row b·T + t). */
  public Tensor lastLogits() {
    if (activations == null) {
      throw new IllegalStateException("no forward pass has run yet");
    }
    return activations.logits;
  }

  /** The class logits [B, classes] of the last classification forward. */
  public Tensor lastClassLogits() {
    if (activations == null || activations.classLogits == null) {
      throw new IllegalStateException("no classification forward pass has run yet");
    }
    return activations.classLogits;
  }

  /**
   * The residual stream [rows, width] through the final norm (a copy without one) into act.finalNormOut and, with
   * project_out, on into act.headInput; returns the head's input [rows, embeddingWidth].
   */
  private Tensor outputForward(Activations act, Tensor stream, int rows) {
    if (finalNorm != null) {
      finalNorm.forward(stream, rows, act.finalNormOut, act.finalMean, act.finalRstd);
    } else {
      act.finalNormOut.copyFrom(stream);
    }
    if (projectOut == null) {
      return act.finalNormOut;
    }
    projectOut.forward(act.finalNormOut, rows, act.headInput);
    return act.headInput;
  }

  private void headForward(Tensor normed, int rows, Tensor logits) {
    if (head != null) {
      head.forward(normed, rows, logits);
    } else {
      Gemm.rows(rows, normed, tokenEmbedding.weight().value(), true, logits, config.embeddingWidth(),
          config.vocabularySize(), 1f, 0f);
    }
  }

  /** Embeds the batch and runs the first {@code layerCount} blocks; residual[l] holds the stream after block l−1. */
  private void forwardBlocks(Activations act, int layerCount) {
    int rows = act.rows;
    if (projectIn != null) {
      tokenEmbedding.forward(act.inputs, rows, act.embedded);
      projectIn.forward(act.embedded, rows, act.residual[0]);
    } else {
      tokenEmbedding.forward(act.inputs, rows, act.residual[0]);
    }
    if (positionEmbedding != null) {
      positionEmbedding.forwardAdd(act.positionIds, rows, act.residual[0]);
    }
    for (int l = 0; l < layerCount; l++) {
      blockForward(blocks.get(l), act, l);
    }
  }

  private void blockForward(Block block, Activations act, int l) {
    if (config.variant().postNorm()) {
      postNormBlockForward(block, act, l);
      return;
    }
    LayerActivations a = act.layers[l];
    int rows = act.rows;
    int width = config.width();
    Tensor input = act.residual[l];
    block.attentionNorm().forward(input, rows, a.attentionNormOut, a.attentionMean, a.attentionRstd);
    attentionForward(block, act, a);
    // mid = input + o(attentionOut)
    block.projection(Projection.O).forward(a.attentionOut, rows, a.mid);
    addInPlace(a.mid, input, rows * width);
    block.mlpNorm().forward(a.mid, rows, a.mlpNormOut, a.mlpMean, a.mlpRstd);
    int hidden = config.hiddenSize();
    if (config.family() == DecoderConfig.Family.GPT2) {
      block.projection(Projection.UP).forward(a.mlpNormOut, rows, a.gate);
      Gelu.forward(a.gate, rows * hidden, a.activated);
    } else if (config.family() == DecoderConfig.Family.OPT) {
      block.projection(Projection.UP).forward(a.mlpNormOut, rows, a.gate);
      Relu.forward(a.gate, rows * hidden, a.activated);
    } else {
      block.projection(Projection.GATE).forward(a.mlpNormOut, rows, a.gate);
      block.projection(Projection.UP).forward(a.mlpNormOut, rows, a.up);
      SwiGlu.forward(a.gate, a.up, rows * hidden, a.activated);
    }
    Tensor output = act.residual[l + 1];
    block.projection(Projection.DOWN).forward(a.activated, rows, output);
    addInPlace(output, a.mid, rows * width);
  }

  /** q, k, v from a.attentionNormOut (RoPE for Llama), then attention into a.attentionOut. */
  private void attentionForward(Block block, Activations act, LayerActivations a) {
    int rows = act.rows;
    if (config.family() == DecoderConfig.Family.GPT2) {
      block.projection(Projection.QKV).forward(a.attentionNormOut, rows, act.qkvScratch);
      split(act.qkvScratch, rows, config.width(), a.q, a.k, a.v);
    } else {
      block.projection(Projection.Q).forward(a.attentionNormOut, rows, a.q);
      block.projection(Projection.K).forward(a.attentionNormOut, rows, a.k);
      block.projection(Projection.V).forward(a.attentionNormOut, rows, a.v);
      if (rope != null) {
        rope.forward(a.q, rows, config.numberOfHeads(), act.positions);
        rope.forward(a.k, rows, config.numberOfKvHeads(), act.positions);
      }
    }
    block.attention().forward(a.q, a.k, a.v, act.batch, act.time, a.probabilities, a.attentionOut);
  }

  /**
   * OPT's post-norm block (do_layer_norm_before false): attentionSum = input + o(attention(input)),
   * mid = attentionNorm(attentionSum), outputSum = mid + fc2(relu(fc1(mid))), output = mlpNorm(outputSum).
   */
  private void postNormBlockForward(Block block, Activations act, int l) {
    LayerActivations a = act.layers[l];
    int rows = act.rows;
    int width = config.width();
    Tensor input = act.residual[l];
    // The projections read their input from attentionNormOut; here that is the block input itself.
    a.attentionNormOut.copyFrom(input);
    attentionForward(block, act, a);
    block.projection(Projection.O).forward(a.attentionOut, rows, a.attentionSum);
    addInPlace(a.attentionSum, input, rows * width);
    block.attentionNorm().forward(a.attentionSum, rows, a.mid, a.attentionMean, a.attentionRstd);
    int hidden = config.hiddenSize();
    block.projection(Projection.UP).forward(a.mid, rows, a.gate);
    Relu.forward(a.gate, rows * hidden, a.activated);
    block.projection(Projection.DOWN).forward(a.activated, rows, a.outputSum);
    addInPlace(a.outputSum, a.mid, rows * width);
    block.mlpNorm().forward(a.outputSum, rows, act.residual[l + 1], a.mlpMean, a.mlpRstd);
  }

  private void backward(Activations act, boolean classification) {
    int rows = act.rows;
    int width = config.width();
    int layers = config.numberOfLayers();
    int embeddingWidth = config.embeddingWidth();
    // The head's input: finalNormOut, or project_out's output headInput.
    Tensor headInput = projectOut != null ? act.headInput : act.finalNormOut;
    Tensor dHeadInput = projectOut != null ? act.dEmbeddingScratch : act.dNormScratch;
    dHeadInput.zero();
    if (classification) {
      classifierBackward(act, dHeadInput);
    } else if (head != null) {
      head.backward(act.dLogits, headInput, rows, dHeadInput);
    } else {
      // logits = headInput · Eᵀ: dHeadInput = dLogits · E ; dE += dLogitsᵀ · headInput
      Gemm.rows(rows, act.dLogits, tokenEmbedding.weight().value(), false, dHeadInput, config.vocabularySize(),
          embeddingWidth, 1f, 1f);
      Parameter e = tokenEmbedding.weight();
      if (e.trainable()) {
        Gemm.gemm(true, false, config.vocabularySize(), embeddingWidth, rows, 1f, act.dLogits, 0,
            config.vocabularySize(), headInput, 0, embeddingWidth, 1f, e.gradient(), 0, embeddingWidth);
      }
    }
    Tensor dNormed = act.dNormScratch;
    if (projectOut != null) {
      dNormed.zero();
      projectOut.backward(dHeadInput, act.finalNormOut, rows, dNormed);
    }
    Tensor dResidual = act.dResidual;
    if (finalNorm != null) {
      dResidual.zero();
      finalNorm.backward(dNormed, act.residual[layers], rows, act.finalMean, act.finalRstd, dResidual);
    } else {
      dResidual.copyFrom(dNormed);
    }
    for (int l = layers - 1; l >= 0; l--) {
      blockBackward(blocks.get(l), act, l);
    }
    if (positionEmbedding != null) {
      positionEmbedding.backward(act.positionIds, rows, dResidual);
    }
    if (projectIn != null) {
      act.dEmbeddingScratch.zero();
      projectIn.backward(dResidual, act.embedded, rows, act.dEmbeddingScratch);
      tokenEmbedding.backward(act.inputs, rows, act.dEmbeddingScratch);
    } else {
      tokenEmbedding.backward(act.inputs, rows, dResidual);
    }
  }

  /** On entry act.dResidual holds d(output of block l); on exit d(input of block l). */
  private void blockBackward(Block block, Activations act, int l) {
    if (config.variant().postNorm()) {
      postNormBlockBackward(block, act, l);
      return;
    }
    LayerActivations a = act.layers[l];
    int rows = act.rows;
    int width = config.width();
    int hidden = config.hiddenSize();
    Tensor dResidual = act.dResidual;
    // MLP branch: output = mid + down(activated)
    act.dActivated.zero();
    block.projection(Projection.DOWN).backward(dResidual, a.activated, rows, act.dActivated);
    act.dGate.zero();
    act.dNormScratch.zero();
    if (config.family() == DecoderConfig.Family.GPT2) {
      Gelu.backward(act.dActivated, a.gate, rows * hidden, act.dGate);
      block.projection(Projection.UP).backward(act.dGate, a.mlpNormOut, rows, act.dNormScratch);
    } else if (config.family() == DecoderConfig.Family.OPT) {
      Relu.backward(act.dActivated, a.gate, rows * hidden, act.dGate);
      block.projection(Projection.UP).backward(act.dGate, a.mlpNormOut, rows, act.dNormScratch);
    } else {
      act.dUp.zero();
      SwiGlu.backward(act.dActivated, a.gate, a.up, rows * hidden, act.dGate, act.dUp);
      block.projection(Projection.GATE).backward(act.dGate, a.mlpNormOut, rows, act.dNormScratch);
      block.projection(Projection.UP).backward(act.dUp, a.mlpNormOut, rows, act.dNormScratch);
    }
    block.mlpNorm().backward(act.dNormScratch, a.mid, rows, a.mlpMean, a.mlpRstd, dResidual);
    // Attention branch: mid = input + o(attentionOut)
    act.dNormScratch.zero();
    attentionBackward(block, act, a, dResidual, act.dNormScratch);
    block.attentionNorm().backward(act.dNormScratch, act.residual[l], rows, a.attentionMean, a.attentionRstd,
        dResidual);
  }

  /**
   * From d(o's output) back through o, attention and the q/k/v projections (and RoPE); accumulates (+=) the
   * gradient of their common input a.attentionNormOut into {@code dInput}.
   */
  private void attentionBackward(Block block, Activations act, LayerActivations a, Tensor dOutput, Tensor dInput) {
    int rows = act.rows;
    act.dAttentionOut.zero();
    block.projection(Projection.O).backward(dOutput, a.attentionOut, rows, act.dAttentionOut);
    act.dq.zero();
    act.dk.zero();
    act.dv.zero();
    block.attention().backward(act.dAttentionOut, a.q, a.k, a.v, a.probabilities, act.batch, act.time, act.dq, act.dk,
        act.dv, act.attentionScratch);
    if (config.family() == DecoderConfig.Family.GPT2) {
      join(act.dq, act.dk, act.dv, rows, config.width(), act.qkvScratch);
      block.projection(Projection.QKV).backward(act.qkvScratch, a.attentionNormOut, rows, dInput);
    } else {
      if (rope != null) {
        rope.backward(act.dq, rows, config.numberOfHeads(), act.positions);
        rope.backward(act.dk, rows, config.numberOfKvHeads(), act.positions);
      }
      block.projection(Projection.Q).backward(act.dq, a.attentionNormOut, rows, dInput);
      block.projection(Projection.K).backward(act.dk, a.attentionNormOut, rows, dInput);
      block.projection(Projection.V).backward(act.dv, a.attentionNormOut, rows, dInput);
    }
  }

  /** Backward of {@link #postNormBlockForward}: on entry act.dResidual holds d(output), on exit d(input). */
  private void postNormBlockBackward(Block block, Activations act, int l) {
    LayerActivations a = act.layers[l];
    int rows = act.rows;
    int hidden = config.hiddenSize();
    Tensor dResidual = act.dResidual;
    Tensor dSum = act.dNormScratch;
    // output = mlpNorm(outputSum); outputSum = mid + fc2(relu(fc1(mid)))
    dSum.zero();
    block.mlpNorm().backward(dResidual, a.outputSum, rows, a.mlpMean, a.mlpRstd, dSum);
    dResidual.copyFrom(dSum);
    act.dActivated.zero();
    block.projection(Projection.DOWN).backward(dSum, a.activated, rows, act.dActivated);
    act.dGate.zero();
    Relu.backward(act.dActivated, a.gate, rows * hidden, act.dGate);
    block.projection(Projection.UP).backward(act.dGate, a.mid, rows, dResidual);
    // mid = attentionNorm(attentionSum); attentionSum = input + o(attention(input))
    dSum.zero();
    block.attentionNorm().backward(dResidual, a.attentionSum, rows, a.attentionMean, a.attentionRstd, dSum);
    dResidual.copyFrom(dSum);
    attentionBackward(block, act, a, dSum, dResidual);
  }

  private double classifierForward(Activations act, TokenBatch batch, boolean computeGradients) {
    int width = config.embeddingWidth();
    int classes = config.numberOfClasses();
    Tensor headInput = projectOut != null ? act.headInput : act.finalNormOut;
    for (int b = 0; b < act.batch; b++) {
      int lastRow = b * act.time + batch.lengths()[b] - 1;
      for (int j = 0; j < width; j++) {
        act.pooled.set(b * width + j, headInput.get(lastRow * width + j));
      }
    }
    classifier.forward(act.pooled, act.batch, act.classLogits);
    return CrossEntropy.forwardBackward(act.classLogits, batch.targets(), act.batch, classes,
        computeGradients ? act.dClassLogits : null, 1f);
  }

  /** Accumulates the classifier's input gradient into dHeadInput [rows, embeddingWidth] at the pooled rows. */
  private void classifierBackward(Activations act, Tensor dHeadInput) {
    int width = config.embeddingWidth();
    act.dPooled.zero();
    classifier.backward(act.dClassLogits, act.pooled, act.batch, act.dPooled);
    for (int b = 0; b < act.batch; b++) {
      int lastRow = b * act.time + act.lengths[b] - 1;
      for (int j = 0; j < width; j++) {
        dHeadInput.add(lastRow * width + j, act.dPooled.get(b * width + j));
      }
    }
  }

  private static void addInPlace(Tensor target, Tensor addend, int count) {
    float[] a = io.github.fairlora.tensor.Scratch.read(0, target, 0, count);
    float[] b = io.github.fairlora.tensor.Scratch.read(1, addend, 0, count);
    for (int i = 0; i < count; i++) {
      a[i] += b[i];
    }
    io.github.fairlora.tensor.Scratch.write(a, target, 0, count);
  }

  /**
   * GPT-2's fused projection output qkv [rows, 3·width] → q, k, v [rows, width] (rows past {@code rows} untouched).
   * Whole rows move as bulk buffer copies: element-wise Tensor access cost about 2 ms per call at 1024 × 768.
   */
  static void split(Tensor qkv, int rows, int width, Tensor q, Tensor k, Tensor v) {
    java.nio.FloatBuffer fused = qkv.buffer();
    java.nio.FloatBuffer qs = q.buffer();
    java.nio.FloatBuffer ks = k.buffer();
    java.nio.FloatBuffer vs = v.buffer();
    for (int r = 0; r < rows; r++) {
      int from = r * 3 * width;
      int to = r * width;
      qs.put(to, fused, from, width);
      ks.put(to, fused, from + width, width);
      vs.put(to, fused, from + 2 * width, width);
    }
  }

  /** The inverse of {@link #split}: q, k, v [rows, width] → qkv [rows, 3·width] (for the fused backward). */
  static void join(Tensor q, Tensor k, Tensor v, int rows, int width, Tensor qkv) {
    java.nio.FloatBuffer fused = qkv.buffer();
    java.nio.FloatBuffer qs = q.buffer();
    java.nio.FloatBuffer ks = k.buffer();
    java.nio.FloatBuffer vs = v.buffer();
    for (int r = 0; r < rows; r++) {
      int to = r * 3 * width;
      int from = r * width;
      fused.put(to, qs, from, width);
      fused.put(to + width, ks, from, width);
      fused.put(to + 2 * width, vs, from, width);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // LanguageModel

  /** How many sequences {@link #tokenLogProbabilities} scores per forward pass. */
  private static final int SCORING_BATCH = 32;

  @Override
  public int vocabularySize() {
    return config.vocabularySize();
  }

  @Override
  public int contextLength() {
    return config.contextLength();
  }

  @Override
  public int numberOfLayers() {
    return config.numberOfLayers();
  }

  @Override
  public float[][] tokenLogProbabilities(List<int[]> sequences) {
    checkScorable(sequences);
    if (!InferenceForward.supports(config)) {
      return tokenLogProbabilitiesByTrainingForward(sequences);
    }
    float[][] out = new float[sequences.size()][];
    boolean wasTraining = training;
    setTraining(false);
    try {
      InferenceForward pass = inference();
      int[] targets = new int[0];
      float[] logProbabilities = new float[0];
      // Sequences are packed back to back (no padding), so their order does not matter; a pack closes once it holds
      // SCORING_TOKENS rows, which keeps the gemms large and the buffers small.
      for (int start = 0; start < sequences.size(); ) {
        int end = start;
        int tokens = 0;
        while (end < sequences.size() && (end == start || tokens + sequences.get(end).length <= SCORING_TOKENS)) {
          tokens += sequences.get(end).length;
          end++;
        }
        pass.run(sequences, start, end, null);
        if (targets.length < pass.rows) {
          targets = new int[pass.rows];
          logProbabilities = new float[pass.rows];
        }
        for (int s = 0; s < pass.sequences; s++) {
          int[] sequence = sequences.get(start + s);
          int first = pass.starts[s];
          System.arraycopy(sequence, 1, targets, first, sequence.length - 1);
          targets[first + sequence.length - 1] = 0; // the last position predicts nothing; its value is dropped
        }
        pass.targetLogProbabilities(targets, logProbabilities, 0);
        for (int s = 0; s < pass.sequences; s++) {
          out[start + s] = java.util.Arrays.copyOfRange(logProbabilities, pass.starts[s],
              pass.starts[s] + pass.lengths[s] - 1);
        }
        start = end;
      }
    } finally {
      setTraining(wasTraining);
    }
    return out;
  }

  /** Rows (tokens) per inference pass of {@link #tokenLogProbabilities}. */
  private static final int SCORING_TOKENS = 2048;

  private InferenceForward inference;

  /** The packed inference pass, built on first use (package-private so tests can shrink its LM-head blocks). */
  InferenceForward inference() {
    if (inference == null) {
      inference = new InferenceForward(this);
    }
    return inference;
  }

  private void checkScorable(List<int[]> sequences) {
    for (int i = 0; i < sequences.size(); i++) {
      int[] sequence = sequences.get(i);
      if (sequence == null || sequence.length < 1) {
        throw new IllegalArgumentException("sequence " + i + " is empty");
      }
      if (sequence.length > config.contextLength()) {
        throw new IllegalArgumentException("sequence " + i + " has " + sequence.length
            + " tokens; the context length is " + config.contextLength());
      }
      for (int t = 0; t < sequence.length; t++) {
        if (sequence[t] < 0 || sequence[t] >= config.vocabularySize()) {
          throw new IllegalArgumentException("sequence " + i + " holds token id " + sequence[t] + " at position " + t
              + ", outside the vocabulary [0, " + config.vocabularySize() + ")");
        }
      }
    }
  }

  /**
   * The former scoring path, kept as the reference the inference path is tested against: padded batches through
   * the training forward and a full log-softmax row per position.
   */
  float[][] tokenLogProbabilitiesByTrainingForward(List<int[]> sequences) {
    float[][] out = new float[sequences.size()][];
    // Score in batches of similar length, so padding wastes little.
    Integer[] order = new Integer[sequences.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    checkScorable(sequences);
    java.util.Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).length));
    boolean wasTraining = training;
    setTraining(false);
    try {
      float[] row = new float[config.vocabularySize()];
      for (int start = 0; start < order.length; start += SCORING_BATCH) {
        int end = Math.min(order.length, start + SCORING_BATCH);
        List<int[]> chunk = new ArrayList<>();
        for (int i = start; i < end; i++) {
          chunk.add(sequences.get(order[i]));
        }
        TokenBatch batch = TokenBatch.inputsOnly(chunk, 0);
        forward(batch, false);
        Tensor logits = lastLogits();
        for (int b = 0; b < chunk.size(); b++) {
          int[] s = chunk.get(b);
          float[] values = new float[s.length - 1];
          for (int t = 0; t + 1 < s.length; t++) {
            CrossEntropy.logSoftmax(logits, (b * batch.timeSteps() + t) * config.vocabularySize(),
                config.vocabularySize(), row);
            values[t] = row[s[t + 1]];
          }
          out[order[start + b]] = values;
        }
      }
    } finally {
      setTraining(wasTraining);
    }
    return out;
  }

  /**
   * Class probabilities of the classification head for each sequence (whole sequences; the head reads the last
   * position): shape [sequences][numberOfClasses]. Batched like {@link #tokenLogProbabilities}.
   */
  public float[][] classProbabilities(List<int[]> sequences) {
    if (classifier == null) {
      throw new IllegalStateException("this decoder has no classification head; train one with labeled data");
    }
    int classes = config.numberOfClasses();
    float[][] out = new float[sequences.size()][];
    boolean wasTraining = training;
    setTraining(false);
    try {
      float[] row = new float[classes];
      for (int start = 0; start < sequences.size(); start += SCORING_BATCH) {
        List<int[]> chunk = sequences.subList(start, Math.min(sequences.size(), start + SCORING_BATCH));
        for (int i = 0; i < chunk.size(); i++) {
          if (chunk.get(i).length > config.contextLength()) {
            throw new IllegalArgumentException("sequence " + (start + i) + " has " + chunk.get(i).length
                + " tokens; the context length is " + config.contextLength());
          }
        }
        TokenBatch batch = TokenBatch.classification(chunk, new int[chunk.size()], 0);
        forward(batch, false);
        for (int b = 0; b < chunk.size(); b++) {
          CrossEntropy.logSoftmax(activations.classLogits, b * classes, classes, row);
          float[] probabilities = new float[classes];
          for (int j = 0; j < classes; j++) {
            probabilities[j] = (float) Math.exp(row[j]);
          }
          out[start + b] = probabilities;
        }
      }
    } finally {
      setTraining(wasTraining);
    }
    return out;
  }

  @Override
  public float[][] nextTokenLogProbabilities(int[] tokens) {
    float[][][] all = lens(tokens, false);
    return all[0];
  }

  @Override
  public float[][][] logitLens(int[] tokens) {
    return lens(tokens, true);
  }

  /** The residual stream after every layer: [numberOfLayers + 1][len][width] (0 = embedding output). */
  public float[][][] hiddenStates(int[] tokens) {
    Activations act = runInference(tokens);
    int layers = config.numberOfLayers();
    int width = config.width();
    float[][][] out = new float[layers + 1][tokens.length][width];
    for (int l = 0; l <= layers; l++) {
      for (int t = 0; t < tokens.length; t++) {
        act.residual[l].get(t * width, out[l][t]);
      }
    }
    return out;
  }

  private Activations runInference(int[] tokens) {
    if (tokens.length < 1 || tokens.length > config.contextLength()) {
      throw new IllegalArgumentException("sequence length " + tokens.length + " must be in [1, "
          + config.contextLength() + "]");
    }
    boolean wasTraining = training;
    setTraining(false);
    try {
      TokenBatch batch = TokenBatch.inputsOnly(List.of(tokens), 0);
      Activations act = activations(1, tokens.length);
      act.bind(batch);
      forwardBlocks(act, config.numberOfLayers());
      return act;
    } finally {
      setTraining(wasTraining);
    }
  }

  /** Log-probabilities read through the final norm and head from every layer (allLayers) or only the last. */
  private float[][][] lens(int[] tokens, boolean allLayers) {
    Activations act = runInference(tokens);
    int layers = config.numberOfLayers();
    int len = tokens.length;
    int vocabulary = config.vocabularySize();
    int first = allLayers ? 0 : layers;
    float[][][] out = new float[layers - first + 1][len][vocabulary];
    for (int l = first; l <= layers; l++) {
      headForward(outputForward(act, act.residual[l], len), len, act.logits);
      for (int t = 0; t < len; t++) {
        CrossEntropy.logSoftmax(act.logits, t * vocabulary, vocabulary, out[l - first][t]);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Buffers

  private Activations activations(int batch, int time) {
    if (activations == null || !activations.fits(batch, time)) {
      int capacityBatch = Math.max(batch, activations == null ? 0 : activations.capacityBatch);
      int capacityTime = Math.max(time, activations == null ? 0 : activations.capacityTime);
      activations = new Activations(config, capacityBatch, capacityTime);
    }
    activations.shape(batch, time);
    return activations;
  }

  /** One block's saved forward values; every tensor sized for the capacity rows. */
  private static final class LayerActivations {
    final Tensor attentionNormOut; // [rows, width]
    final Tensor attentionMean; // [rows]
    final Tensor attentionRstd; // [rows]
    final Tensor q; // [rows, heads·hs], after RoPE
    final Tensor k; // [rows, kvHeads·hs], after RoPE
    final Tensor v; // [rows, kvHeads·hs]
    final Tensor probabilities; // [B, heads, T, T]
    final Tensor attentionOut; // [rows, heads·hs]
    final Tensor mid; // [rows, width]: residual after attention
    final Tensor mlpNormOut; // [rows, width]
    final Tensor mlpMean; // [rows]
    final Tensor mlpRstd; // [rows]
    final Tensor gate; // [rows, hidden]: Llama gate (w1) output, GPT-2 c_fc output before GELU
    final Tensor up; // [rows, hidden]: Llama up (w3) output; unused by GPT-2
    final Tensor activated; // [rows, hidden]: input of the down projection
    final Tensor attentionSum; // [rows, width]: post-norm OPT's input + o(attention), before attentionNorm; else null
    final Tensor outputSum; // [rows, width]: post-norm OPT's mid + MLP, before mlpNorm; else null

    LayerActivations(DecoderConfig c, int rows, int batch, int time) {
      int width = c.width();
      attentionNormOut = Tensor.zeros(rows, width);
      attentionMean = Tensor.zeros(rows);
      attentionRstd = Tensor.zeros(rows);
      q = Tensor.zeros(rows, width);
      k = Tensor.zeros(rows, c.kvWidth());
      v = Tensor.zeros(rows, c.kvWidth());
      probabilities = Tensor.zeros(batch * c.numberOfHeads() * time * time);
      attentionOut = Tensor.zeros(rows, width);
      mid = Tensor.zeros(rows, width);
      mlpNormOut = Tensor.zeros(rows, width);
      mlpMean = Tensor.zeros(rows);
      mlpRstd = Tensor.zeros(rows);
      gate = Tensor.zeros(rows, c.hiddenSize());
      up = c.family() == DecoderConfig.Family.LLAMA ? Tensor.zeros(rows, c.hiddenSize()) : null;
      activated = Tensor.zeros(rows, c.hiddenSize());
      attentionSum = c.variant().postNorm() ? Tensor.zeros(rows, width) : null;
      outputSum = c.variant().postNorm() ? Tensor.zeros(rows, width) : null;
    }
  }

  /** All buffers of a forward/backward pass, allocated for a capacity and reused while shapes fit. */
  private static final class Activations {
    final int capacityBatch;
    final int capacityTime;
    int batch;
    int time;
    int rows;
    int[] inputs; // [B·T]
    int[] positions; // [B·T]: t of row b·T + t
    int[] positionIds; // [B·T]: row of the learned position table, t (+ 2 for OPT)
    int[] lengths; // [B]
    final Tensor[] residual; // [layers + 1] of [rows, width]
    final LayerActivations[] layers;
    final Tensor embedded; // [rows, embeddingWidth]: token embeddings before project_in; null without it
    final Tensor finalNormOut; // [rows, width]
    final Tensor headInput; // [rows, embeddingWidth]: project_out's output; null without it
    final Tensor dEmbeddingScratch; // [rows, embeddingWidth]: d(headInput), then d(embedded); null without them
    final Tensor finalMean; // [rows]
    final Tensor finalRstd; // [rows]
    final Tensor logits; // [rows, vocabulary]
    final Tensor dLogits; // [rows, vocabulary]
    final Tensor pooled; // [B, embeddingWidth] (classification)
    final Tensor dPooled; // [B, embeddingWidth]
    final Tensor classLogits; // [B, classes] or null
    final Tensor dClassLogits; // [B, classes] or null
    // Gradient scratch shared by all blocks (backward visits one block at a time).
    final Tensor dResidual; // [rows, width]
    final Tensor dNormScratch; // [rows, width]
    final Tensor dAttentionOut; // [rows, width]
    final Tensor dq; // [rows, width]
    final Tensor dk; // [rows, kvWidth]
    final Tensor dv; // [rows, kvWidth]
    final Tensor qkvScratch; // [rows, 3·width] (GPT-2 fused projection output / its gradient)
    final Tensor dGate; // [rows, hidden]
    final Tensor dUp; // [rows, hidden]
    final Tensor dActivated; // [rows, hidden]
    final Tensor attentionScratch; // [T, T]
    final int positionOffset; // added to t to index the learned position table

    Activations(DecoderConfig c, int batch, int time) {
      this.capacityBatch = batch;
      this.capacityTime = time;
      int rows = batch * time;
      int width = c.width();
      residual = new Tensor[c.numberOfLayers() + 1];
      for (int i = 0; i < residual.length; i++) {
        residual[i] = Tensor.zeros(rows, width);
      }
      layers = new LayerActivations[c.numberOfLayers()];
      for (int i = 0; i < layers.length; i++) {
        layers[i] = new LayerActivations(c, rows, batch, time);
      }
      finalNormOut = Tensor.zeros(rows, width);
      boolean projects = c.projectsEmbedding();
      embedded = projects ? Tensor.zeros(rows, c.embeddingWidth()) : null;
      headInput = projects ? Tensor.zeros(rows, c.embeddingWidth()) : null;
      dEmbeddingScratch = projects ? Tensor.zeros(rows, c.embeddingWidth()) : null;
      positionOffset = c.family() == DecoderConfig.Family.OPT ? DecoderConfig.OPT_POSITION_OFFSET : 0;
      finalMean = Tensor.zeros(rows);
      finalRstd = Tensor.zeros(rows);
      logits = Tensor.zeros(rows, c.vocabularySize());
      dLogits = Tensor.zeros(rows, c.vocabularySize());
      pooled = Tensor.zeros(batch, c.embeddingWidth());
      dPooled = Tensor.zeros(batch, c.embeddingWidth());
      classLogits = c.numberOfClasses() > 0 ? Tensor.zeros(batch, c.numberOfClasses()) : null;
      dClassLogits = c.numberOfClasses() > 0 ? Tensor.zeros(batch, c.numberOfClasses()) : null;
      dResidual = Tensor.zeros(rows, width);
      dNormScratch = Tensor.zeros(rows, width);
      dAttentionOut = Tensor.zeros(rows, width);
      dq = Tensor.zeros(rows, width);
      dk = Tensor.zeros(rows, c.kvWidth());
      dv = Tensor.zeros(rows, c.kvWidth());
      qkvScratch = c.family() == DecoderConfig.Family.GPT2 ? Tensor.zeros(rows, 3 * width) : null;
      dGate = Tensor.zeros(rows, c.hiddenSize());
      dUp = Tensor.zeros(rows, c.hiddenSize());
      dActivated = Tensor.zeros(rows, c.hiddenSize());
      attentionScratch = Tensor.zeros(time, time);
    }

    boolean fits(int b, int t) {
      // Attention buffers are laid out [B, heads, T, T]; any smaller shape fits inside.
      return b <= capacityBatch && t <= capacityTime;
    }

    void shape(int b, int t) {
      batch = b;
      time = t;
      rows = b * t;
    }

    void bind(TokenBatch tokenBatch) {
      inputs = tokenBatch.inputs();
      lengths = tokenBatch.lengths();
      if (positions == null || positions.length != rows) {
        positions = new int[rows];
        positionIds = new int[rows];
      }
      // Sequences are right-padded, so the real tokens sit at t = 0..length-1: the same positions Hugging Face
      // derives from the attention mask's cumulative sum (OPT) for an unpadded or right-padded batch.
      for (int r = 0; r < rows; r++) {
        positions[r] = r % time;
        positionIds[r] = positions[r] + positionOffset;
      }
    }
  }
}
