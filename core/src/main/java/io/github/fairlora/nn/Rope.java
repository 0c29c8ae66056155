package io.github.fairlora.nn;

import io.github.fairlora.tensor.Parallel;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;

/**
 * Rotary position embedding. Pair p of a head (p in [0, headSize/2)) is rotated by the angle pos·θ^(−2p/headSize);
 * the {@link Layout} says which two dimensions form pair p. It has no parameters; backward rotates the gradient by
 * the opposite angle.
 */
public final class Rope {
  /** Which dimensions of a head form a rotated pair. */
  public enum Layout {
    /** llama2.c and Meta's original code: adjacent dimensions (2p, 2p+1). */
    INTERLEAVED,
    /** Hugging Face's rotate_half: dimensions (p, p + headSize/2). */
    ROTATE_HALF
  }

  private final int headSize;
  private final Layout layout;
  private final int contextLength;
  /** [contextLength, headSize / 2]. */
  private final float[] cos;
  /** [contextLength, headSize / 2]. */
  private final float[] sin;

  /** llama2.c's interleaved layout. */
  public Rope(int headSize, int contextLength, float theta) {
    this(headSize, contextLength, theta, Layout.INTERLEAVED);
  }

  public Rope(int headSize, int contextLength, float theta, Layout layout) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must be given");
    }
    this.layout = layout;
    if (headSize % 2 != 0) {
      throw new IllegalArgumentException("RoPE needs an even head size, got " + headSize);
    }
    this.headSize = headSize;
    this.contextLength = contextLength;
    int half = headSize / 2;
    this.cos = new float[contextLength * half];
    this.sin = new float[contextLength * half];
    for (int pos = 0; pos < contextLength; pos++) {
      for (int pair = 0; pair < half; pair++) {
        // llama2.c computes these in float: freq = 1 / powf(theta, i / (float) headSize), val = pos * freq
        float frequency = (float) (1.0 / Math.pow(theta, (2 * pair) / (float) headSize));
        float angle = pos * frequency;
        cos[pos * half + pair] = (float) Math.cos(angle);
        sin[pos * half + pair] = (float) Math.sin(angle);
      }
    }
  }

  /**
   * Rotates, in place, rows [0, rows) of x [rows, heads·headSize]; row r has position {@code positions[r]}.
   */
  public void forward(Tensor x, int rows, int heads, int[] positions) {
    rotate(x, rows, heads, positions, 1f);
  }

  /** The adjoint of {@link #forward}: rotates the gradient dx in place by the opposite angles. */
  public void backward(Tensor dx, int rows, int heads, int[] positions) {
    rotate(dx, rows, heads, positions, -1f);
  }

  public Layout layout() {
    return layout;
  }

  /** Rows per parallel chunk at least: below this a hand-off to another core costs more than the rotation. */
  private static final int MIN_ROWS_PER_CHUNK = 64;

  /** Rotates rows [0, rows), split across cores (rows are independent). */
  private void rotate(Tensor tensor, int rows, int heads, int[] positions, float direction) {
    for (int r = 0; r < rows; r++) {
      int pos = positions[r];
      if (pos < 0 || pos >= contextLength) {
        throw new IllegalArgumentException("position " + pos + " of row " + r + " outside [0, " + contextLength
            + ")");
      }
    }
    int width = heads * headSize;
    Parallel.forRange(rows, MIN_ROWS_PER_CHUNK, (from, to) -> {
      int count = (to - from) * width;
      float[] x = Scratch.read(0, tensor, from * width, count);
      if (layout == Layout.ROTATE_HALF) {
        rotateHalf(x, from, to, heads, positions, direction);
      } else {
        rotateInterleaved(x, from, to, heads, positions, direction);
      }
      Scratch.write(x, tensor, from * width, count);
    });
  }

  /** Rows [from, to), held in x from index 0; pairs are adjacent dimensions (2p, 2p+1). */
  private void rotateInterleaved(float[] x, int from, int to, int heads, int[] positions, float direction) {
    int half = headSize / 2;
    int width = heads * headSize;
    for (int r = from; r < to; r++) {
      int table = positions[r] * half;
      for (int h = 0; h < heads; h++) {
        int base = (r - from) * width + h * headSize;
        for (int pair = 0; pair < half; pair++) {
          float c = cos[table + pair];
          float s = direction * sin[table + pair];
          int i = base + 2 * pair;
          float v0 = x[i];
          float v1 = x[i + 1];
          x[i] = v0 * c - v1 * s;
          x[i + 1] = v0 * s + v1 * c;
        }
      }
    }
  }

  /** As {@link #rotateInterleaved}, pairing dimension p with p + headSize/2 (Hugging Face's rotate_half). */
  private void rotateHalf(float[] x, int from, int to, int heads, int[] positions, float direction) {
    int half = headSize / 2;
    int width = heads * headSize;
    for (int r = from; r < to; r++) {
      int table = positions[r] * half;
      for (int h = 0; h < heads; h++) {
        int base = (r - from) * width + h * headSize;
        for (int pair = 0; pair < half; pair++) {
          float c = cos[table + pair];
          float s = direction * sin[table + pair];
          int i = base + pair;
          float v0 = x[i];
          float v1 = x[i + half];
          x[i] = v0 * c - v1 * s;
          x[i + half] = v1 * c + v0 * s;
        }
      }
    }
  }
}
