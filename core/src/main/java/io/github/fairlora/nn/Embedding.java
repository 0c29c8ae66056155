package io.github.fairlora.nn;

import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import java.nio.FloatBuffer;

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
    for (int r = 0; r < rows; r++) {
      int id = ids[r];
      if (id < 0 || id >= count) {
        throw new IllegalArgumentException("id " + id + " at row " + r + " is outside [0, " + count + ") for " + weight.name());
      }
    }
    // Whole rows move as bulk copies: element-by-element access to the off-heap buffers cost several times more.
    FloatBuffer w = weight.value().buffer();
    if (!accumulate) {
      FloatBuffer target = out.buffer();
      for (int r = 0; r < rows; r++) {
        target.put(r * width, w, ids[r] * width, width);
      }
      return;
    }
    float[] y = Scratch.read(0, out, 0, rows * width);
    float[] row = Scratch.array(1, width);
    for (int r = 0; r < rows; r++) {
      w.get(ids[r] * width, row, 0, width);
      int to = r * width;
      for (int j = 0; j < width; j++) {
        y[to + j] += row[j];
      }
    }
    Scratch.write(y, out, 0, rows * width);
  }

  /** dWeight[ids[r]] += dOut[r], when trainable (rows in order, so repeated ids sum in row order). */
  public void backward(int[] ids, int rows, Tensor dOut) {
    if (!weight.trainable()) {
      return;
    }
    FloatBuffer g = weight.gradient().buffer();
    float[] dy = Scratch.read(0, dOut, 0, rows * width);
    float[] row = Scratch.array(1, width);
    for (int r = 0; r < rows; r++) {
      int to = ids[r] * width;
      g.get(to, row, 0, width);
      int from = r * width;
      for (int j = 0; j < width; j++) {
        row[j] += dy[from + j];
      }
      g.put(to, row, 0, width);
    }
  }
}
