package io.github.fairlora.benchmarks.kernels;

import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.Linear;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The variants of one adapted linear layer that the kernel benchmarks time, built once for a shape and reused: n
 * tokens, a square layer in = out = {@code size}, adapter rank r, scale s = {@value #SCALE}.
 *
 * <p>Every variant writes into preallocated buffers except the two {@code INDArray.mmul} ones, which exist to show
 * what the allocating ND4J path costs. All variants that compute y = x·Wᵀ + s·(x·Aᵀ)·Bᵀ use the same W, A and B
 * (B is random, not the zeros of a fresh adapter, so that the merged and on-the-fly variants do real work), which
 * lets the tests check that they agree.
 *
 * <p>The backward variants accumulate (+=) into dx and the gradients, as layers do inside the decoder; they are not
 * zeroed between calls (the values only grow linearly, far from float overflow in any benchmark's call count).
 */
public final class AdapterKernels {
  /** The adapter scale s = alpha / r used by every variant (alpha = 2r, PEFT's common choice). */
  public static final float SCALE = 2f;

  private final int tokens;
  private final int size;
  private final int rank;
  /** [tokens, size]. */
  private final Tensor x;
  /** [tokens, size]: the upstream gradient G of the backward variants. */
  private final Tensor outputGradient;
  /** [tokens, size]. */
  private final Tensor output;
  /** [tokens, size]. */
  private final Tensor inputGradient;
  /** [size, size]: the square gemm's right operand, stored [in, out] (no transpose). */
  private final Tensor gemmRight;
  /** Frozen base layer (the dense reference). */
  private final Linear dense;
  /** Same weight as {@link #dense}, trainable: full fine-tuning. */
  private final Linear full;
  /** Unmerged adapter over a frozen copy of the base weight; A and B trainable. */
  private final LoraLinear lora;
  /** The same adapter merged into its own copy of the base weight. */
  private final LoraLinear merged;
  /** [size, size]: scratch for W + s·B·A formed on every call. */
  private final Tensor onTheFlyWeight;

  /**
   * Builds the layers for {@code tokens} rows, in = out = {@code size} and the given rank, with seeded N(0, 1/size)
   * weights and inputs.
   *
   * @throws IllegalArgumentException if a size is not positive or the rank exceeds the layer size
   */
  public AdapterKernels(int tokens, int size, int rank, long seed) {
    if (tokens < 1 || size < 1) {
      throw new IllegalArgumentException("tokens (" + tokens + ") and size (" + size + ") must be positive");
    }
    if (rank < 1 || rank > size) {
      throw new IllegalArgumentException("rank (" + rank + ") must be in [1, " + size + "]");
    }
    this.tokens = tokens;
    this.size = size;
    this.rank = rank;
    SplittableRandom random = new SplittableRandom(seed);
    double std = 1.0 / Math.sqrt(size);
    x = Tensor.zeros(tokens, size);
    Initializers.normal(x, random, 1.0);
    outputGradient = Tensor.zeros(tokens, size);
    Initializers.normal(outputGradient, random, 1.0);
    output = Tensor.zeros(tokens, size);
    inputGradient = Tensor.zeros(tokens, size);
    gemmRight = Tensor.zeros(size, size);
    Initializers.normal(gemmRight, random, std);

    dense = new Linear("dense", size, size, false).initializeNormal(random, std);
    full = copyOf("full", dense);
    full.weight().setTrainable(true);

    lora = new LoraLinear("lora", copyOf("lora.base", dense), rank, SCALE * rank, false, 0f, seed + 1);
    Initializers.normal(lora.loraB().value(), random, std);
    lora.loraA().setTrainable(true);
    lora.loraB().setTrainable(true);

    merged = new LoraLinear("merged", copyOf("merged.base", dense), rank, SCALE * rank, false, 0f, seed + 1);
    merged.loraB().value().copyFrom(lora.loraB().value());
    merged.merge();

    onTheFlyWeight = Tensor.zeros(size, size);
  }

  private static Linear copyOf(String name, Linear source) {
    Linear copy = new Linear(name, source.inputSize(), source.outputSize(), false);
    copy.weight().value().copyFrom(source.weight().value());
    return copy;
  }

  /** n, the number of token rows. */
  public int tokens() {
    return tokens;
  }

  /** in = out. */
  public int size() {
    return size;
  }

  /** r. */
  public int rank() {
    return rank;
  }

  /** The output buffer [tokens, size] of the preallocating variants. */
  public Tensor output() {
    return output;
  }

  /** dx [tokens, size] of the backward variants. */
  public Tensor inputGradient() {
    return inputGradient;
  }

  /** The input x [tokens, size]. */
  public Tensor input() {
    return x;
  }

  /** The upstream gradient G [tokens, size]. */
  public Tensor outputGradient() {
    return outputGradient;
  }

  /** The frozen base layer. */
  public Linear dense() {
    return dense;
  }

  /** The trainable copy used by {@link #fullForwardBackward()}. */
  public Linear full() {
    return full;
  }

  /** The unmerged adapter. */
  public LoraLinear lora() {
    return lora;
  }

  /** The right operand [size, size] of {@link #gemm()}. */
  public Tensor gemmRight() {
    return gemmRight;
  }

  /** Zeroes dx and every gradient (for tests that compare one call with a reference). */
  public void zeroGradients() {
    inputGradient.zero();
    full.weight().gradient().zero();
    lora.loraA().gradient().zero();
    lora.loraB().gradient().zero();
  }

  /** Plain BLAS product out = x · R, [n, size] × [size, size]: the ceiling at this shape. */
  public Tensor gemm() {
    Gemm.gemm(false, false, tokens, size, size, 1f, x, 0, size, gemmRight, 0, size, 0f, output, 0, size);
    return output;
  }

  /** The dense base layer: out = x · Wᵀ. */
  public Tensor denseForward() {
    dense.forward(x, tokens, output);
    return output;
  }

  /**
   * The unmerged adapter outside training, as evaluation and scoring run it: at shapes where
   * {@link LoraLinear#mergesOnTheFly} holds the layer forms W + s·B·A for the call and runs one gemm, otherwise two
   * rank-r products land on the output before the base gemm (beta = 1).
   */
  public Tensor loraForward() {
    lora.setTraining(false);
    lora.forward(x, tokens, output);
    return output;
  }

  /** The unmerged adapter in training mode: always two rank-r products, x·Aᵀ kept for backward. */
  public Tensor loraTrainingForward() {
    lora.setTraining(true);
    lora.forward(x, tokens, output);
    return output;
  }

  /** Merge on the fly: W' = W + s · B · A formed on every call (one copy, one gemm), then out = x · W'ᵀ. */
  public Tensor mergeOnTheFlyForward() {
    onTheFlyWeight.copyFrom(lora.base().weight().value());
    Gemm.gemm(false, false, size, size, rank, SCALE, lora.loraB().value(), 0, rank, lora.loraA().value(), 0, size,
        1f, onTheFlyWeight, 0, size);
    Gemm.rows(tokens, x, onTheFlyWeight, true, output, size, size, 1f, 0f);
    return output;
  }

  /** The adapter merged once beforehand: exactly the base layer's cost. */
  public Tensor mergedForward() {
    merged.forward(x, tokens, output);
    return output;
  }

  /** The allocating ND4J path for the dense layer: x.mmul(Wᵀ). */
  public INDArray naiveDenseForward() {
    return x.array().mmul(dense.weight().value().array().transpose());
  }

  /** The allocating ND4J path for the adapter: x.mmul(Wᵀ) + s · x.mmul(Aᵀ).mmul(Bᵀ). */
  public INDArray naiveLoraForward() {
    INDArray input = x.array();
    INDArray result = input.mmul(lora.base().weight().value().array().transpose());
    INDArray low = input.mmul(lora.loraA().value().array().transpose()).mmul(lora.loraB().value().array().transpose());
    return result.addi(low.muli(SCALE));
  }

  /** LoRA training of this layer: forward, then dx, dA and dB (the base weight is frozen). */
  public Tensor loraForwardBackward() {
    lora.setTraining(true);
    lora.forward(x, tokens, output);
    lora.backward(outputGradient, x, tokens, inputGradient);
    return inputGradient;
  }

  /** Full fine-tuning of this layer: forward, then dx and dW. */
  public Tensor fullForwardBackward() {
    full.forward(x, tokens, output);
    full.backward(outputGradient, x, tokens, inputGradient);
    return inputGradient;
  }
}
