package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;
import java.util.List;

/**
 * A layer mapping [rows, inputSize] to [rows, outputSize]: a plain {@link Linear}, or a {@link LoraLinear} wrapping one.
 * The decoder holds its projections through this type so that LoRA can wrap any of them.
 */
public interface LinearLayer {

  int inputSize();

  int outputSize();

  /** {@code out[0..rows) = f(x[0..rows))}; out is overwritten. x: [≥rows, inputSize], out: [≥rows, outputSize]. */
  void forward(Tensor x, int rows, Tensor out);

  /**
   * Given dOut [rows, outputSize] and the forward input x, accumulates (+=) into the trainable parameters' gradients
   * and, when {@code dx} is not null, into dx [rows, inputSize].
   */
  void backward(Tensor dOut, Tensor x, int rows, Tensor dx);

  /** All parameters, frozen or not. */
  List<Parameter> parameters();
}
