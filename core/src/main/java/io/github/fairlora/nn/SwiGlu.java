package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;

/**
 * The elementwise part of the Llama MLP: h = silu(gate) ⊙ up, with silu(g) = g·σ(g). The three projections around it
 * (gate = w1, up = w3, down = w2) are {@link LinearLayer}s, so each can carry an adapter.
 */
public final class SwiGlu {
  private SwiGlu() {}

  /** out = silu(gate) ⊙ up over the first {@code count} elements (vectorised and split across cores). */
  public static void forward(Tensor gate, Tensor up, int count, Tensor out) {
    ActivationKernels.swiGluForward(gate, up, count, out);
  }

  /** Accumulates (+=) into dGate and dUp. */
  public static void backward(Tensor dOut, Tensor gate, Tensor up, int count, Tensor dGate, Tensor dUp) {
    ActivationKernels.swiGluBackward(dOut, gate, up, count, dGate, dUp);
  }
}
