package io.github.fairlora.sweep;

import java.util.Arrays;
import java.util.Objects;

/**
 * A per-layer measure of one variant, e.g. the logit-lens KL divergence to the base model at each layer.
 *
 * @param variant the model measured
 * @param measure the measure's name, e.g. "logit_lens_kl_to_base"
 * @param values one value per layer, index 0 first (as the measure defines layers); NaN where undefined
 */
public record LayerCurve(Variant variant, String measure, double[] values) {

  /** Checks the names and copies the values; a curve has at least one layer. */
  public LayerCurve {
    Objects.requireNonNull(variant, "variant");
    measure = MetricResult.checkName(measure, "measure");
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("layer curve " + measure + " of " + variant + " has no layers");
    }
    values = values.clone();
  }

  /** A copy of the per-layer values. */
  @Override
  public double[] values() {
    return values.clone();
  }

  /** The number of layers. */
  public int layers() {
    return values.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LayerCurve that
        && variant.equals(that.variant)
        && measure.equals(that.measure)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variant, measure, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "LayerCurve[" + variant + ", " + measure + ", " + Arrays.toString(values) + "]";
  }
}
