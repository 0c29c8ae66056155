package io.github.fairlora.nn;

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
    int count = rows * width;
    float[] in = Scratch.read(0, x, 0, count);
    float[] w = Scratch.read(1, weight.value(), 0, width);
    float[] y = Scratch.array(2, count);
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      double sumSquares = 0;
      for (int j = 0; j < width; j++) {
        float v = in[row + j];
        sumSquares += v * v;
      }
      float rstd = (float) (1.0 / Math.sqrt(sumSquares / width + epsilon));
      inverseStd.set(r, rstd);
      for (int j = 0; j < width; j++) {
        y[row + j] = w[j] * (in[row + j] * rstd);
      }
    }
    Scratch.write(y, out, 0, count);
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor mean, Tensor inverseStd, Tensor dx) {
    int count = rows * width;
    float[] in = Scratch.read(0, x, 0, count);
    float[] dy = Scratch.read(1, dOut, 0, count);
    float[] dIn = Scratch.read(2, dx, 0, count);
    float[] w = weight.value().toArray();
    boolean trainable = weight.trainable();
    float[] dw = trainable ? weight.gradient().toArray() : null;
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float rstd = inverseStd.get(r);
      // dx_j = rstd·w_j·dy_j − rstd³/width · x_j · Σ_k w_k·dy_k·x_k
      double dot = 0;
      for (int j = 0; j < width; j++) {
        dot += (double) w[j] * dy[row + j] * in[row + j];
      }
      float coefficient = (float) (dot * rstd * rstd * rstd / width);
      for (int j = 0; j < width; j++) {
        float xj = in[row + j];
        dIn[row + j] += rstd * w[j] * dy[row + j] - coefficient * xj;
        if (trainable) {
          dw[j] += dy[row + j] * xj * rstd;
        }
      }
    }
    Scratch.write(dIn, dx, 0, count);
    if (trainable) {
      weight.gradient().put(0, dw);
    }
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight);
  }
}
