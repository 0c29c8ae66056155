package io.github.fairlora.metrics.shift;

import io.github.fairlora.metrics.bias.BootstrapSettings;
import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * How much of the base model's bias a fine-tuned variant keeps, relative to full fine-tuning:
 * {@code (bias_variant - bias_full) / (bias_base - bias_full)}. 1 = the variant kept all the base model's bias, 0 =
 * it removed as much as full fine-tuning. The ratio is unchanged by adding a constant to every bias (so a share of
 * 0.62 or a distance from 0.5 of 0.12 give the same ratio) but not by taking absolute values; choose the bias measure
 * before calling.
 *
 * <p>When full fine-tuning changed the bias by at most {@code minimumDenominator} (|bias_base - bias_full| &lt;=
 * minimumDenominator), there is nothing to retain: the ratio is NaN with a reason, never infinity. Pick the
 * tolerance at the bias measure's resolution (e.g. 1 / number of items for a share); the default is
 * {@value #DEFAULT_MINIMUM_DENOMINATOR}.
 * Bootstrap resamples where the denominator vanishes are left out of the interval.
 */
public final class BiasRetention {
  private BiasRetention() {}

  /** Default smallest |bias_base - bias_full| for which the ratio is defined. */
  public static final double DEFAULT_MINIMUM_DENOMINATOR = 1e-9;

  /** The ratio of three bias values, no interval, with the default tolerance. */
  public static RetentionResult of(double base, double variant, double full) {
    return of(base, variant, full, DEFAULT_MINIMUM_DENOMINATOR);
  }

  /**
   * The ratio of three bias values, no interval.
   *
   * @throws IllegalArgumentException when {@code minimumDenominator} is negative or NaN
   */
  public static RetentionResult of(double base, double variant, double full, double minimumDenominator) {
    requireTolerance(minimumDenominator);
    Optional<String> reason = undefinedReason(base, variant, full, minimumDenominator);
    double ratio = reason.isPresent() ? Double.NaN : (variant - full) / (base - full);
    return new RetentionResult(base, variant, full, Interval.pointOnly(ratio), reason);
  }

  /**
   * The ratio where each model's bias is the mean of per-item values (e.g. 1/0 "prefers the stereotype" indicators
   * or per-pair log-likelihood differences, item i being the same item for all three models), with a bootstrap
   * interval that resamples items jointly for the three models; default tolerance.
   *
   * @throws IllegalArgumentException when the arrays are empty or differ in length
   */
  public static RetentionResult fromItems(double[] baseItems, double[] variantItems, double[] fullItems,
      BootstrapSettings bootstrap) {
    Objects.requireNonNull(baseItems, "baseItems");
    Objects.requireNonNull(variantItems, "variantItems");
    Objects.requireNonNull(fullItems, "fullItems");
    if (baseItems.length != variantItems.length || baseItems.length != fullItems.length) {
      throw new IllegalArgumentException("per-item arrays differ in length: base " + baseItems.length + ", variant "
          + variantItems.length + ", full " + fullItems.length + "; item i must be the same item for all three models");
    }
    return fromItems(baseItems.length, mean(baseItems), mean(variantItems), mean(fullItems), bootstrap,
        DEFAULT_MINIMUM_DENOMINATOR);
  }

  /**
   * The ratio for any bias statistic computed from per-item data: each function receives the indices of a
   * (re)sample of the {@code items} items (0..items-1 in order for the full sample) and returns that model's bias on
   * them, e.g. a StereoSet SS recomputed on the chosen examples. The same indices go to all three functions.
   *
   * @throws IllegalArgumentException when {@code items} is below 1 or {@code minimumDenominator} is negative or NaN
   */
  public static RetentionResult fromItems(int items, ToDoubleFunction<int[]> baseBias,
      ToDoubleFunction<int[]> variantBias, ToDoubleFunction<int[]> fullBias, BootstrapSettings bootstrap,
      double minimumDenominator) {
    Objects.requireNonNull(baseBias, "baseBias");
    Objects.requireNonNull(variantBias, "variantBias");
    Objects.requireNonNull(fullBias, "fullBias");
    Objects.requireNonNull(bootstrap, "bootstrap");
    requireTolerance(minimumDenominator);
    if (items < 1) {
      throw new IllegalArgumentException("items (" + items + ") must be >= 1");
    }
    int[] all = new int[items];
    Arrays.setAll(all, i -> i);
    double base = baseBias.applyAsDouble(all);
    double variant = variantBias.applyAsDouble(all);
    double full = fullBias.applyAsDouble(all);
    Optional<String> reason = undefinedReason(base, variant, full, minimumDenominator);
    if (reason.isPresent()) {
      Interval undefined = new Interval(Double.NaN, Double.NaN, Double.NaN, bootstrap.confidence(),
          bootstrap.resamples());
      return new RetentionResult(base, variant, full, undefined, reason);
    }
    Interval ratio = bootstrap.interval(items, indices -> {
      double b = baseBias.applyAsDouble(indices);
      double v = variantBias.applyAsDouble(indices);
      double f = fullBias.applyAsDouble(indices);
      return Math.abs(b - f) <= minimumDenominator ? Double.NaN : (v - f) / (b - f);
    });
    return new RetentionResult(base, variant, full, ratio, Optional.empty());
  }

  private static Optional<String> undefinedReason(double base, double variant, double full, double tolerance) {
    if (Double.isNaN(base) || Double.isNaN(variant) || Double.isNaN(full)) {
      return Optional.of("a bias value is NaN (base " + base + ", variant " + variant + ", full " + full + ")");
    }
    if (Double.isInfinite(base) || Double.isInfinite(variant) || Double.isInfinite(full)) {
      return Optional.of("a bias value is infinite (base " + base + ", variant " + variant + ", full " + full + ")");
    }
    double denominator = base - full;
    if (Math.abs(denominator) <= tolerance) {
      return Optional.of("bias_base - bias_full = " + denominator + " is within " + tolerance
          + " of zero: full fine-tuning did not change the bias, so there is no bias removal to compare against");
    }
    return Optional.empty();
  }

  private static void requireTolerance(double minimumDenominator) {
    if (!(minimumDenominator >= 0)) {
      throw new IllegalArgumentException("minimumDenominator (" + minimumDenominator + ") must be >= 0");
    }
  }

  private static ToDoubleFunction<int[]> mean(double[] values) {
    return indices -> {
      double sum = 0;
      for (int index : indices) {
        sum += values[index];
      }
      return sum / indices.length;
    };
  }
}
