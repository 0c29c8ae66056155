package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;
import java.util.List;

/** A per-row normalisation with learned scale: {@link RmsNorm} or {@link LayerNorm}. */
public interface Norm {

  int width();

  /**
   * Normalises rows [0, rows) of x [rows, width] into out, saving per-row statistics into {@code mean} and
   * {@code inverseStd} ([rows] each; RMSNorm leaves mean untouched) for backward.
   */
  void forward(Tensor x, int rows, Tensor out, Tensor mean, Tensor inverseStd);

  /** Accumulates (+=) into dx [rows, width] and into trainable parameter gradients. */
  void backward(Tensor dOut, Tensor x, int rows, Tensor mean, Tensor inverseStd, Tensor dx);

  List<Parameter> parameters();
}
