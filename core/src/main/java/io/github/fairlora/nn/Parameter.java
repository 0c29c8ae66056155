package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;
import java.util.Objects;

/**
 * A named trainable tensor: its value and, while it is trainable, a gradient of the same shape. Layers accumulate
 * (+=) into the gradient during backward; a training step zeroes it first. A frozen parameter has no gradient buffer
 * at all, so no memory and no optimizer state are spent on it.
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private Tensor gradient;

  public Parameter(String name, Tensor value) {
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
  }

  public String name() {
    return name;
  }

  /** The value; shape documented by the owning layer. */
  public Tensor value() {
    return value;
  }

  /** The gradient, same shape as the value; null while frozen. */
  public Tensor gradient() {
    return gradient;
  }

  public boolean trainable() {
    return gradient != null;
  }

  /** Makes the parameter trainable (allocating a zero gradient) or frozen (dropping it). */
  public void setTrainable(boolean trainable) {
    if (trainable && gradient == null) {
      gradient = Tensor.zeros(value.shape());
    } else if (!trainable) {
      gradient = null;
    }
  }

  /** Number of scalar values. */
  public int size() {
    return value.length();
  }

  @Override
  public String toString() {
    return name + value + (trainable() ? " (trainable)" : " (frozen)");
  }
}
