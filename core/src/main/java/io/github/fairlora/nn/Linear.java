package io.github.fairlora.nn;

import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
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
    forward(x, rows, out, 0f);
  }

  /**
   * out = x · Wᵀ + b + beta · out. With beta 1 a LoRA layer writes its low-rank product into {@code out} first and
   * lets this gemm accumulate onto it, which saves the pass over [rows, out] that adding it afterwards would cost.
   */
  void forward(Tensor x, int rows, Tensor out, float beta) {
    Gemm.rows(rows, x, weight.value(), true, out, inputSize, outputSize, 1f, beta);
    if (bias != null) {
      float[] b = bias.value().toArray();
      float[] y = Scratch.read(0, out, 0, rows * outputSize);
      for (int r = 0; r < rows; r++) {
        int row = r * outputSize;
        for (int j = 0; j < outputSize; j++) {
          y[row + j] += b[j];
        }
      }
      Scratch.write(y, out, 0, rows * outputSize);
    }
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
