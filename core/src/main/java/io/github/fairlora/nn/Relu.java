package io.github.fairlora.nn;

import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;

/** ReLU, max(0, x), the activation of OPT's MLP. */
public final class Relu {
  private Relu() {}

  /** out = max(0, x) over the first {@code count} elements. */
  public static void forward(Tensor x, int count, Tensor out) {
    float[] values = Scratch.read(0, x, 0, count);
    for (int i = 0; i < count; i++) {
      values[i] = values[i] > 0f ? values[i] : 0f;
    }
    Scratch.write(values, out, 0, count);
  }

  /** Accumulates (+=) dOut where x &gt; 0 into dx (the derivative at 0 is taken as 0, as torch does). */
  public static void backward(Tensor dOut, Tensor x, int count, Tensor dx) {
    float[] inputs = Scratch.read(0, x, 0, count);
    float[] upstream = Scratch.read(1, dOut, 0, count);
    float[] gradient = Scratch.read(2, dx, 0, count);
    for (int i = 0; i < count; i++) {
      if (inputs[i] > 0f) {
        gradient[i] += upstream[i];
      }
    }
    Scratch.write(gradient, dx, 0, count);
  }
}
