package io.github.fairlora.benchmarks.pytorch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPT-2-family decoder training step written with PyTorch ops through DJL, the way a PyTorch user writes it with
 * autograd and a PEFT-style adapter expression: token and position embeddings, pre-LayerNorm blocks with a fused q/k/v
 * projection, causal attention with an additive mask, a GELU MLP, the tied head, mean cross-entropy; then backward,
 * global-norm clipping to 1 and DJL's AdamW (learning rate 1e-3, no weight decay). The same model, batch, adapter
 * targets (q/k/v and output projections) and optimizer settings as fairlora's GPT2_SMALL training benchmark.
 *
 * <p>With rank 0 every parameter trains; otherwise the base is frozen and only the adapters train: y = x·Wᵀ + b +
 * s·(x·Aᵀ)·Bᵀ with s = 2 (alpha = 2·rank).
 */
final class TorchGpt2Step implements AutoCloseable {
  private static final float SCALE = 2f;

  private final NDManager manager;
  private final int vocabulary;
  private final int width;
  private final int heads;
  private final int batch;
  private final int time;
  private final int rank;
  private final NDArray tokenEmbedding;
  private final NDArray positionEmbedding;
  private final List<Layer> layers = new ArrayList<>();
  private final NDArray finalGamma;
  private final NDArray finalBeta;
  private final NDArray mask;
  private final NDArray inputs;
  private final NDArray targets;
  private final List<NDArray> trainable = new ArrayList<>();
  private final Optimizer optimizer;

  private static final class Layer {
    NDArray gamma1;
    NDArray beta1;
    NDArray qkvWeight;
    NDArray qkvBias;
    NDArray outWeight;
    NDArray outBias;
    NDArray gamma2;
    NDArray beta2;
    NDArray upWeight;
    NDArray upBias;
    NDArray downWeight;
    NDArray downBias;
    /** Adapters, null without LoRA. */
    NDArray qkvA;
    NDArray qkvB;
    NDArray outA;
    NDArray outB;
  }

  TorchGpt2Step(NDManager parent, int vocabulary, int context, int width, int layerCount, int heads, int batch,
      int time, int rank, long seed) {
    this.manager = parent.newSubManager();
    this.vocabulary = vocabulary;
    this.width = width;
    this.heads = heads;
    this.batch = batch;
    this.time = time;
    this.rank = rank;
    Engine.getInstance().setRandomSeed((int) seed);
    boolean full = rank == 0;
    tokenEmbedding = parameter(normal(0.02, vocabulary, width), full);
    positionEmbedding = parameter(normal(0.01, context, width), full);
    double residualStd = 0.02 / Math.sqrt(2.0 * layerCount);
    for (int l = 0; l < layerCount; l++) {
      Layer layer = new Layer();
      layer.gamma1 = parameter(manager.ones(new Shape(width)), full);
      layer.beta1 = parameter(manager.zeros(new Shape(width)), full);
      layer.qkvWeight = parameter(normal(0.02, 3L * width, width), full);
      layer.qkvBias = parameter(manager.zeros(new Shape(3L * width)), full);
      layer.outWeight = parameter(normal(residualStd, width, width), full);
      layer.outBias = parameter(manager.zeros(new Shape(width)), full);
      layer.gamma2 = parameter(manager.ones(new Shape(width)), full);
      layer.beta2 = parameter(manager.zeros(new Shape(width)), full);
      layer.upWeight = parameter(normal(0.02, 4L * width, width), full);
      layer.upBias = parameter(manager.zeros(new Shape(4L * width)), full);
      layer.downWeight = parameter(normal(residualStd, width, 4L * width), full);
      layer.downBias = parameter(manager.zeros(new Shape(width)), full);
      if (!full) {
        double bound = 1.0 / Math.sqrt(width);
        layer.qkvA = parameter(manager.randomUniform((float) -bound, (float) bound, new Shape(rank, width)), true);
        layer.qkvB = parameter(normal(0.01, 3L * width, rank), true);
        layer.outA = parameter(manager.randomUniform((float) -bound, (float) bound, new Shape(rank, width)), true);
        layer.outB = parameter(normal(0.01, width, rank), true);
      }
      layers.add(layer);
    }
    finalGamma = parameter(manager.ones(new Shape(width)), full);
    finalBeta = parameter(manager.zeros(new Shape(width)), full);
    // Additive causal mask: 0 on and below the diagonal, -inf above.
    float[] maskValues = new float[time * time];
    for (int i = 0; i < time; i++) {
      for (int j = i + 1; j < time; j++) {
        maskValues[i * time + j] = Float.NEGATIVE_INFINITY;
      }
    }
    mask = manager.create(maskValues, new Shape(time, time));
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed + 3);
    long[] in = new long[batch * time];
    long[] out = new long[batch * time];
    for (int b = 0; b < batch; b++) {
      long previous = random.nextInt(vocabulary);
      for (int t = 0; t < time; t++) {
        long next = random.nextInt(vocabulary);
        in[b * time + t] = previous;
        out[b * time + t] = next;
        previous = next;
      }
    }
    inputs = manager.create(in);
    targets = manager.create(out, new Shape((long) batch * time, 1));
    optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-3f)).optWeightDecays(0f).build();
  }

  private NDArray normal(double std, long... shape) {
    return manager.randomNormal(0f, (float) std, new Shape(shape), DataType.FLOAT32);
  }

  private NDArray parameter(NDArray value, boolean trains) {
    if (trains) {
      value.setRequiresGradient(true);
      trainable.add(value);
    }
    return value;
  }

  /** Scalars that train. */
  long trainableCount() {
    return trainable.stream().mapToLong(NDArray::size).sum();
  }

  /** One step; returns the loss. */
  double step() {
    zeroGradients();
    double loss;
    try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      scope.suppressNotUsedWarning();
      NDArray lossArray = loss();
      collector.backward(lossArray);
      loss = lossArray.getFloat();
    }
    clipGradients(1.0);
    for (int i = 0; i < trainable.size(); i++) {
      NDArray parameter = trainable.get(i);
      try (NDArray gradient = parameter.getGradient()) {
        optimizer.update("p" + i, parameter, gradient);
      }
    }
    return loss;
  }

  private void zeroGradients() {
    for (NDArray parameter : trainable) {
      if (parameter.hasGradient()) {
        try (NDArray gradient = parameter.getGradient()) {
          gradient.muli(0f);
        }
      }
    }
  }

  private void clipGradients(double maxNorm) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      double sum = 0;
      List<NDArray> gradients = new ArrayList<>();
      for (NDArray parameter : trainable) {
        NDArray gradient = parameter.getGradient();
        gradients.add(gradient);
        sum += gradient.square().sum().getFloat();
      }
      double norm = Math.sqrt(sum);
      if (norm > maxNorm) {
        float factor = (float) (maxNorm / (norm + 1e-6));
        for (NDArray gradient : gradients) {
          gradient.muli(factor);
        }
      }
    }
  }

  private NDArray loss() {
    long rows = (long) batch * time;
    NDArray x = tokenEmbedding.get(new NDIndex("{}", inputs)).reshape(batch, time, width);
    x = x.add(positionEmbedding.get(new NDIndex("0:" + time)));
    int headSize = width / heads;
    float attentionScale = (float) (1.0 / Math.sqrt(headSize));
    Shape normalized = new Shape(width);
    for (Layer layer : layers) {
      NDArray h = LayerNorm.layerNorm(x, normalized, layer.gamma1, layer.beta1, 1e-5f).singletonOrThrow();
      NDArray qkv = linear(h, layer.qkvWeight, layer.qkvBias, layer.qkvA, layer.qkvB);
      NDList parts = qkv.split(3, 2);
      NDArray q = parts.get(0).reshape(batch, time, heads, headSize).transpose(0, 2, 1, 3);
      NDArray k = parts.get(1).reshape(batch, time, heads, headSize).transpose(0, 2, 3, 1);
      NDArray v = parts.get(2).reshape(batch, time, heads, headSize).transpose(0, 2, 1, 3);
      NDArray scores = q.matMul(k).mul(attentionScale).add(mask).softmax(-1);
      NDArray attended = scores.matMul(v).transpose(0, 2, 1, 3).reshape(batch, time, width);
      x = x.add(linear(attended, layer.outWeight, layer.outBias, layer.outA, layer.outB));
      NDArray h2 = LayerNorm.layerNorm(x, normalized, layer.gamma2, layer.beta2, 1e-5f).singletonOrThrow();
      NDArray up = Activation.gelu(h2.matMul(layer.upWeight.transpose()).add(layer.upBias));
      x = x.add(up.matMul(layer.downWeight.transpose()).add(layer.downBias));
    }
    NDArray normed = LayerNorm.layerNorm(x, normalized, finalGamma, finalBeta, 1e-5f).singletonOrThrow();
    NDArray logits = normed.reshape(rows, width).matMul(tokenEmbedding.transpose());
    return logits.logSoftmax(1).gather(targets, 1).mean().neg();
  }

  private static NDArray linear(NDArray x, NDArray weight, NDArray bias, NDArray a, NDArray b) {
    NDArray y = x.matMul(weight.transpose()).add(bias);
    if (a != null) {
      y = y.add(x.matMul(a.transpose()).matMul(b.transpose()).mul(SCALE));
    }
    return y;
  }

  int rank() {
    return rank;
  }

  int vocabulary() {
    return vocabulary;
  }

  @Override
  public void close() {
    manager.close();
  }
}
