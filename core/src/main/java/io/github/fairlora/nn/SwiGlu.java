package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;

/**
 * The elementwise part of the Llama MLP: h = silu(gate) ⊙ up, with silu(g) = g·σ(g). The three projections around it
 * (gate = w1, up = w3, down = w2) are {@link LinearLayer}s, so each can carry an adapter.
 */
public final class SwiGlu {
  private SwiGlu() {}

  /** out = silu(gate) ⊙ up over the first {@code count} elements. */
  public static void forward(Tensor gate, Tensor up, int count, Tensor out) {
    for (int i = 0; i < count; i++) {
      float g = gate.get(i);
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g)));
      out.set(i, g * sigmoid * up.get(i));
    }
  }

  /** Accumulates (+=) into dGate and dUp. */
  public static void backward(Tensor dOut, Tensor gate, Tensor up, int count, Tensor dGate, Tensor dUp) {
    for (int i = 0; i < count; i++) {
      float g = gate.get(i);
      float sigmoid = (float) (1.0 / (1.0 + Math.exp(-g)));
      float silu = g * sigmoid;
      float dy = dOut.get(i);
      dUp.add(i, dy * silu);
      dGate.add(i, dy * up.get(i) * sigmoid * (1f + g * (1f - sigmoid)));
    }
  }
}
