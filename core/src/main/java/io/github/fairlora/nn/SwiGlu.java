package io.github.fairlora.nn;

import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;

/**
 * The elementwise part of the Llama MLP: h = silu(gate) ⊙ up, with silu(g) = g·σ(g). The three projections around it
 * (gate = w1, up = w3, down = w2) are {@link LinearLayer}s, so each can carry an adapter.
 */
public final class SwiGlu {
  private SwiGlu() {}

  /** out = silu(gate) ⊙ up over the first {@code count} elements. */
  public static void forward(Tensor gate, Tensor up, int count, Tensor out) {
    float[] g = Scratch.read(0, gate, 0, count);
    float[] u = Scratch.read(1, up, 0, count);
    float[] y = Scratch.array(2, count);
    for (int i = 0; i < count; i++) {
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g[i])));
      y[i] = g[i] * sigmoid * u[i];
    }
    Scratch.write(y, out, 0, count);
  }

  /** Accumulates (+=) into dGate and dUp. */
  public static void backward(Tensor dOut, Tensor gate, Tensor up, int count, Tensor dGate, Tensor dUp) {
    float[] g = Scratch.read(0, gate, 0, count);
    float[] u = Scratch.read(1, up, 0, count);
    float[] dy = Scratch.read(2, dOut, 0, count);
    // Reuse: u becomes dUp's increment, dy becomes dGate's increment.
    for (int i = 0; i < count; i++) {
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g[i])));
      float silu = g[i] * sigmoid;
      float upValue = u[i];
      u[i] = dy[i] * silu;
      dy[i] = dy[i] * upValue * sigmoid * (1f + g[i] * (1f - sigmoid));
    }
    accumulate(dUp, u, count);
    accumulate(dGate, dy, count);
  }

  /** target[0..count) += values[0..count), through a scratch copy. */
  static void accumulate(Tensor target, float[] values, int count) {
    float[] current = Scratch.read(3, target, 0, count);
    for (int i = 0; i < count; i++) {
      current[i] += values[i];
    }
    Scratch.write(current, target, 0, count);
  }
}
