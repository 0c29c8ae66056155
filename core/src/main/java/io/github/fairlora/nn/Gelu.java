package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;

/** GELU, tanh approximation (GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
public final class Gelu {
  private Gelu() {}

  /**
   * tanh through the exp intrinsic: 1 − 2 / (e^{2u} + 1). {@code Math.tanh} is not intrinsified and took a fifth of a
   * GPT-2-sized training step; this form is exact at both tails (e^{2u} overflowing to ∞ gives 1, underflowing to 0
   * gives −1) and agrees with it to double rounding in between.
   */
  static double tanh(double u) {
    return ActivationKernels.tanh(u);
  }

  /** out = gelu(x) over the first {@code count} elements (vectorised and split across cores). */
  public static void forward(Tensor x, int count, Tensor out) {
    ActivationKernels.geluForward(x, count, out);
  }

  /** Accumulates (+=) dOut · gelu'(x) into dx. */
  public static void backward(Tensor dOut, Tensor x, int count, Tensor dx) {
    ActivationKernels.geluBackward(dOut, x, count, dx);
  }
}
