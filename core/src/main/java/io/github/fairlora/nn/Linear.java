package io.github.fairlora.nn;

import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** y = x·Wᵀ + b, with W stored [out, in] (PyTorch's layout) and an optional bias [out]. */
public final class Linear implements LinearLayer {
  private final int inputSize;
  private final int outputSize;
  /** [outputSize, inputSize]. */
  private final Parameter weight;
  /** [outputSize], or null for a layer without bias. */
  private final Parameter bias;

  public Linear(String name, int inputSize, int outputSize, boolean withBias) {
    if (inputSize < 1 || outputSize < 1) {
      throw new IllegalArgumentException("Linear " + name + " sizes must be >= 1, got in=" + inputSize + " out=" + outputSize);
    }
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.weight = new Parameter(name + ".weight", Tensor.zeros(outputSize, inputSize));
    this.bias = withBias ? new Parameter(name + ".bias", Tensor.zeros(outputSize)) : null;
  }

  /** Fills the weight with N(0, std²) and zeroes the bias. */
  public Linear initializeNormal(SplittableRandom random, double std) {
    Initializers.normal(weight.value(), random, std);
    if (bias != null) {
      bias.value().zero();
    }
    return this;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int outputSize() {
    return outputSize;
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null. */
  public Parameter bias() {
    return bias;
  }

  @Override
  public void forward(Tensor x, int rows, Tensor out) {
    accumulate(weight.value(), x, rows, out, writeBias(out, rows) ? 1f : 0f);
  }

  /**
   * Copies the bias into each of the first {@code rows} rows of {@code out} [rows, out] so that a following gemm with
   * beta 1 lands on it: adding the bias after the product would read and write all of out a second time.
   *
   * @return false, leaving out untouched, when this layer has no bias
   */
  boolean writeBias(Tensor out, int rows) {
    if (bias == null) {
      return false;
    }
    FloatBuffer source = bias.value().buffer();
    FloatBuffer target = out.buffer();
    for (int r = 0; r < rows; r++) {
      target.put(r * outputSize, source, 0, outputSize);
    }
    return true;
  }

  /**
   * out[0..rows) = x · wᵀ + beta · out, with {@code w} [out, in]: this layer's weight, or a LoRA layer's W + s·B·A
   * formed for one evaluation call. The bias is not added here (see {@link #writeBias}).
   */
  void accumulate(Tensor w, Tensor x, int rows, Tensor out, float beta) {
    Gemm.rows(rows, x, w, true, out, inputSize, outputSize, 1f, beta);
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor dx) {
    if (dx != null) {
      // dx[rows, in] += dOut[rows, out] · W[out, in]
      Gemm.rows(rows, dOut, weight.value(), false, dx, outputSize, inputSize, 1f, 1f);
    }
    if (weight.trainable()) {
      // dW[out, in] += dOutᵀ · x
      Gemm.gemm(true, false, outputSize, inputSize, rows, 1f, dOut, 0, outputSize, x, 0, inputSize, 1f,
          weight.gradient(), 0, inputSize);
    }
    if (bias != null && bias.trainable()) {
      float[] db = bias.gradient().toArray();
      float[] dy = Scratch.read(0, dOut, 0, rows * outputSize);
      for (int r = 0; r < rows; r++) {
        int row = r * outputSize;
        for (int j = 0; j < outputSize; j++) {
          db[j] += dy[row + j];
        }
      }
      bias.gradient().put(0, db);
    }
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>(2);
    list.add(weight);
    if (bias != null) {
      list.add(bias);
    }
    return list;
  }
}
