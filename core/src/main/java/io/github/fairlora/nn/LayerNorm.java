package io.github.fairlora.nn;

import io.github.fairlora.tensor.Parallel;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import java.util.List;

/** y = (x − mean) / sqrt(var + eps) ⊙ w + b, per row (GPT-2). */
public final class LayerNorm implements Norm {
  private final int width;
  private final float epsilon;
  /** [width], initialised to 1. */
  private final Parameter weight;
  /** [width], initialised to 0. */
  private final Parameter bias;

  public LayerNorm(String name, int width, float epsilon) {
    this.width = width;
    this.epsilon = epsilon;
    this.weight = new Parameter(name + ".weight", Tensor.zeros(width));
    this.bias = new Parameter(name + ".bias", Tensor.zeros(width));
    weight.value().fill(1f);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public void forward(Tensor x, int rows, Tensor out, Tensor mean, Tensor inverseStd) {
    float[] w = weight.value().toArray();
    float[] b = bias.value().toArray();
    // Rows are independent: split them across cores (NormKernels does one chunk of rows).
    Parallel.forRange(rows, Math.max(1, NormKernels.MIN_CHUNK / width), (from, to) -> {
      int n = to - from;
      int count = n * width;
      float[] in = Scratch.read(0, x, from * width, count);
      float[] y = Scratch.array(1, count);
      float[] mu = Scratch.array(2, n);
      float[] rstd = Scratch.array(3, n);
      NormKernels.layerForward(in, w, b, y, mu, rstd, n, width, epsilon, NormKernels.VECTOR);
      Scratch.write(y, out, from * width, count);
      mean.buffer().put(from, mu, 0, n);
      inverseStd.buffer().put(from, rstd, 0, n);
    });
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor mean, Tensor inverseStd, Tensor dx) {
    float[] w = weight.value().toArray();
    float[] dw = weight.trainable() ? weight.gradient().toArray() : null;
    float[] db = bias.trainable() ? bias.gradient().toArray() : null;
    int minRows = Math.max(1, NormKernels.MIN_CHUNK / width);
    int chunks = Parallel.chunks(rows, minRows);
    // One partial parameter gradient per chunk, added in chunk order afterwards: the sum does not depend on timing.
    float[][] partialDws = new float[chunks][dw != null ? width : 0];
    float[][] partialDbs = new float[chunks][db != null ? width : 0];
    Parallel.forChunks(rows, minRows, (chunk, from, to) -> {
      int n = to - from;
      int count = n * width;
      float[] in = Scratch.read(0, x, from * width, count);
      float[] dy = Scratch.read(1, dOut, from * width, count);
      float[] dIn = Scratch.read(2, dx, from * width, count);
      float[] mu = new float[n];
      mean.buffer().get(from, mu, 0, n);
      float[] rstd = Scratch.read(3, inverseStd, from, n);
      float[] partialDw = dw != null ? partialDws[chunk] : null;
      float[] partialDb = db != null ? partialDbs[chunk] : null;
      NormKernels.layerBackward(in, dy, dIn, w, mu, rstd, partialDw, partialDb, n, width, new float[2 * width],
          NormKernels.VECTOR);
      Scratch.write(dIn, dx, from * width, count);
    });
    if (dw != null) {
      NormKernels.addInOrder(dw, partialDws);
      weight.gradient().put(0, dw);
    }
    if (db != null) {
      NormKernels.addInOrder(db, partialDbs);
      bias.gradient().put(0, db);
    }
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }
}
