package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;

/** Row lookup: out[r] = weight[ids[r]], weight [count, width]. Used for tokens and for learned positions. */
public final class Embedding {
  private final int count;
  private final int width;
  /** [count, width]. */
  private final Parameter weight;

  public Embedding(String name, int count, int width) {
    this.count = count;
    this.width = width;
    this.weight = new Parameter(name + ".weight", Tensor.zeros(count, width));
  }

  public Parameter weight() {
    return weight;
  }

  public int count() {
    return count;
  }

  public int width() {
    return width;
  }

  /** out[r] = weight[ids[r]] for r in [0, rows); out is overwritten. */
  public void forward(int[] ids, int rows, Tensor out) {
    lookUp(ids, rows, out, false);
  }

  /** out[r] += weight[ids[r]]. */
  public void forwardAdd(int[] ids, int rows, Tensor out) {
    lookUp(ids, rows, out, true);
  }

  private void lookUp(int[] ids, int rows, Tensor out, boolean accumulate) {
    Tensor w = weight.value();
    for (int r = 0; r < rows; r++) {
      int id = ids[r];
      if (id < 0 || id >= count) {
        throw new IllegalArgumentException("id " + id + " at row " + r + " is outside [0, " + count + ") for " + weight.name());
      }
      int from = id * width;
      int to = r * width;
      for (int j = 0; j < width; j++) {
        float value = w.get(from + j);
        out.set(to + j, accumulate ? out.get(to + j) + value : value);
      }
    }
  }

  /** dWeight[ids[r]] += dOut[r], when trainable. */
  public void backward(int[] ids, int rows, Tensor dOut) {
    if (!weight.trainable()) {
      return;
    }
    Tensor g = weight.gradient();
    for (int r = 0; r < rows; r++) {
      int to = ids[r] * width;
      int from = r * width;
      for (int j = 0; j < width; j++) {
        g.add(to + j, dOut.get(from + j));
      }
    }
  }
}
