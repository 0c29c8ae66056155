package io.github.fairlora.nn;

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
    Tensor w = weight.value();
    Tensor b = bias.value();
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      double sum = 0;
      for (int j = 0; j < width; j++) {
        sum += x.get(row + j);
      }
      double mu = sum / width;
      double variance = 0;
      for (int j = 0; j < width; j++) {
        double d = x.get(row + j) - mu;
        variance += d * d;
      }
      float rstd = (float) (1.0 / Math.sqrt(variance / width + epsilon));
      mean.set(r, (float) mu);
      inverseStd.set(r, rstd);
      for (int j = 0; j < width; j++) {
        out.set(row + j, (float) ((x.get(row + j) - mu) * rstd) * w.get(j) + b.get(j));
      }
    }
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor mean, Tensor inverseStd, Tensor dx) {
    Tensor w = weight.value();
    Tensor dw = weight.trainable() ? weight.gradient() : null;
    Tensor db = bias.trainable() ? bias.gradient() : null;
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float mu = mean.get(r);
      float rstd = inverseStd.get(r);
      // g = dy ⊙ w; dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))
      double meanG = 0;
      double meanGxHat = 0;
      for (int j = 0; j < width; j++) {
        double g = (double) dOut.get(row + j) * w.get(j);
        double xHat = (x.get(row + j) - mu) * rstd;
        meanG += g;
        meanGxHat += g * xHat;
      }
      meanG /= width;
      meanGxHat /= width;
      for (int j = 0; j < width; j++) {
        float dy = dOut.get(row + j);
        float xHat = (x.get(row + j) - mu) * rstd;
        double g = (double) dy * w.get(j);
        dx.add(row + j, (float) (rstd * (g - meanG - xHat * meanGxHat)));
        if (dw != null) {
          dw.add(j, dy * xHat);
        }
        if (db != null) {
          db.add(j, dy);
        }
      }
    }
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }
}
