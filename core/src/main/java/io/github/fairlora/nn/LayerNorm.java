package io.github.fairlora.nn;

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
    int count = rows * width;
    float[] in = Scratch.read(0, x, 0, count);
    float[] y = Scratch.array(1, count);
    float[] w = weight.value().toArray();
    float[] b = bias.value().toArray();
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      double sum = 0;
      for (int j = 0; j < width; j++) {
        sum += in[row + j];
      }
      double mu = sum / width;
      double variance = 0;
      for (int j = 0; j < width; j++) {
        double d = in[row + j] - mu;
        variance += d * d;
      }
      float rstd = (float) (1.0 / Math.sqrt(variance / width + epsilon));
      mean.set(r, (float) mu);
      inverseStd.set(r, rstd);
      for (int j = 0; j < width; j++) {
        y[row + j] = (float) ((in[row + j] - mu) * rstd) * w[j] + b[j];
      }
    }
    Scratch.write(y, out, 0, count);
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor mean, Tensor inverseStd, Tensor dx) {
    int count = rows * width;
    float[] in = Scratch.read(0, x, 0, count);
    float[] dyAll = Scratch.read(1, dOut, 0, count);
    float[] dIn = Scratch.read(2, dx, 0, count);
    float[] w = weight.value().toArray();
    float[] dw = weight.trainable() ? weight.gradient().toArray() : null;
    float[] db = bias.trainable() ? bias.gradient().toArray() : null;
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      float mu = mean.get(r);
      float rstd = inverseStd.get(r);
      // g = dy ⊙ w; dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))
      double meanG = 0;
      double meanGxHat = 0;
      for (int j = 0; j < width; j++) {
        double g = (double) dyAll[row + j] * w[j];
        double xHat = (in[row + j] - mu) * rstd;
        meanG += g;
        meanGxHat += g * xHat;
      }
      meanG /= width;
      meanGxHat /= width;
      for (int j = 0; j < width; j++) {
        float dy = dyAll[row + j];
        float xHat = (in[row + j] - mu) * rstd;
        double g = (double) dy * w[j];
        dIn[row + j] += (float) (rstd * (g - meanG - xHat * meanGxHat));
        if (dw != null) {
          dw[j] += dy * xHat;
        }
        if (db != null) {
          db[j] += dy;
        }
      }
    }
    Scratch.write(dIn, dx, 0, count);
    if (dw != null) {
      weight.gradient().put(0, dw);
    }
    if (db != null) {
      bias.gradient().put(0, db);
    }
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }
}
