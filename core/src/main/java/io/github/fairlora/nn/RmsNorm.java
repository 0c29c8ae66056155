package io.github.fairlora.nn;

import io.github.fairlora.tensor.Parallel;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import java.util.List;

/** y = w ⊙ x / sqrt(mean(x²) + eps), per row (Llama, llama2.c). */
public final class RmsNorm implements Norm {
  private final int width;
  private final float epsilon;
  /** [width], initialised to 1. */
  private final Parameter weight;

  public RmsNorm(String name, int width, float epsilon) {
    this.width = width;
    this.epsilon = epsilon;
    this.weight = new Parameter(name + ".weight", Tensor.zeros(width));
    weight.value().fill(1f);
  }

  public Parameter weight() {
    return weight;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public void forward(Tensor x, int rows, Tensor out, Tensor mean, Tensor inverseStd) {
    float[] w = weight.value().toArray();
    // Rows are independent: split them across cores (NormKernels does one chunk of rows).
    Parallel.forRange(rows, Math.max(1, NormKernels.MIN_CHUNK / width), (from, to) -> {
      int n = to - from;
      int count = n * width;
      float[] in = Scratch.read(0, x, from * width, count);
      float[] y = Scratch.array(1, count);
      float[] rstd = Scratch.array(2, n);
      NormKernels.rmsForward(in, w, y, rstd, n, width, epsilon, NormKernels.VECTOR);
      Scratch.write(y, out, from * width, count);
      inverseStd.buffer().put(from, rstd, 0, n);
    });
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor mean, Tensor inverseStd, Tensor dx) {
    float[] w = weight.value().toArray();
    float[] dw = weight.trainable() ? weight.gradient().toArray() : null;
    int minRows = Math.max(1, NormKernels.MIN_CHUNK / width);
    int chunks = Parallel.chunks(rows, minRows);
    // One partial parameter gradient per chunk, added in chunk order afterwards: the sum does not depend on timing.
    float[][] partialDws = new float[chunks][dw != null ? width : 0];
    Parallel.forChunks(rows, minRows, (chunk, from, to) -> {
      int n = to - from;
      int count = n * width;
      float[] in = Scratch.read(0, x, from * width, count);
      float[] dy = Scratch.read(1, dOut, from * width, count);
      float[] dIn = Scratch.read(2, dx, from * width, count);
      float[] rstd = Scratch.read(3, inverseStd, from, n);
      float[] partialDw = dw != null ? partialDws[chunk] : null;
      NormKernels.rmsBackward(in, dy, dIn, w, rstd, partialDw, n, width, new float[width], NormKernels.VECTOR);
      Scratch.write(dIn, dx, from * width, count);
    });
    if (dw != null) {
      NormKernels.addInOrder(dw, partialDws);
      weight.gradient().put(0, dw);
    }
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight);
  }
}
