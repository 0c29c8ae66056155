package io.github.fairlora.nn;

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
    Tensor w = weight.value();
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      double sumSquares = 0;
      for (int j = 0; j < width; j++) {
        float v = x.get(row + j);
        sumSquares += v * v;
      }
      float rstd = (float) (1.0 / Math.sqrt(sumSquares / width + epsilon));
      inverseStd.set(r, rstd);
      for (int j = 0; j < width; j++) {
        out.set(row + j, w.get(j) * (x.get(row + j) * rstd));
      }
    }
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor mean, Tensor inverseStd, Tensor dx) {
    Tensor w = weight.value();
    Tensor dw = weight.trainable() ? weight.gradient() : null;
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float rstd = inverseStd.get(r);
      // dx_j = rstd·w_j·dy_j − rstd³/width · x_j · Σ_k w_k·dy_k·x_k
      double dot = 0;
      for (int j = 0; j < width; j++) {
        dot += (double) w.get(j) * dOut.get(row + j) * x.get(row + j);
      }
      float coefficient = (float) (dot * rstd * rstd * rstd / width);
      for (int j = 0; j < width; j++) {
        float xj = x.get(row + j);
        float dy = dOut.get(row + j);
        dx.add(row + j, rstd * w.get(j) * dy - coefficient * xj);
        if (dw != null) {
          dw.add(j, dy * xj * rstd);
        }
      }
    }
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight);
  }
}
