package io.github.fairlora.sweep;

import io.github.fairlora.metrics.stats.Bootstrap;
import java.util.Arrays;
import java.util.Objects;

/**
 * One metric measured on one variant of a sweep: a value with an interval, aggregated over one or more training seeds.
 * Records compare NaN equal to NaN, so a result read back from JSON equals the one written.
 *
 * @param variant the model measured
 * @param metric the metric's name, dotted by family, e.g. "counterfactual.pct_stereotype", "kl_to_base",
 *     "toxicity.expected_max"
 * @param direction which way the metric moves with more bias ({@link MetricDirection#UNSPECIFIED} when it has none)
 * @param value the value (the mean over seeds when there are several); NaN when undefined, infinite where the metric
 *     can be (an unbounded divergence)
 * @param lower lower end of the value's interval, NaN when there is no interval
 * @param upper upper end of the value's interval, NaN when there is no interval
 * @param seeds how many training seeds the value aggregates (at least 1)
 * @param seedStd sample standard deviation (n - 1 denominator) of the per-seed values; NaN for a single seed
 * @param seedValues the value of each seed, in seed order; either empty (not kept) or {@code seeds} long
 */
public record MetricResult(
    Variant variant,
    String metric,
    MetricDirection direction,
    double value,
    double lower,
    double upper,
    int seeds,
    double seedStd,
    double[] seedValues) {

  /** Validates the fields; see the record description for the rules. The seed values are copied. */
  public MetricResult {
    Objects.requireNonNull(variant, "variant");
    metric = checkName(metric, "metric");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(seedValues, "seedValues");
    String where = " (metric " + metric + ", variant " + variant + ")";
    if (Double.isNaN(lower) != Double.isNaN(upper)) {
      throw new IllegalArgumentException(
          "lower (" + lower + ") and upper (" + upper + ") must both be numbers or both be NaN" + where);
    }
    if (lower > upper) {
      throw new IllegalArgumentException("lower (" + lower + ") must not exceed upper (" + upper + ")" + where);
    }
    if (seeds < 1) {
      throw new IllegalArgumentException("seeds (" + seeds + ") must be at least 1" + where);
    }
    if (seeds == 1 && !Double.isNaN(seedStd)) {
      throw new IllegalArgumentException("seedStd (" + seedStd + ") must be NaN for a single seed" + where);
    }
    if (seedStd < 0 || seedStd == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("seedStd (" + seedStd + ") must be finite and non-negative, or NaN" + where);
    }
    if (seedValues.length != 0 && seedValues.length != seeds) {
      throw new IllegalArgumentException(
          "seedValues has " + seedValues.length + " values but seeds is " + seeds + "; give none or one per seed" + where);
    }
    seedValues = seedValues.clone();
  }

  /** A single-seed result with an interval ({@code lower} and {@code upper} both NaN when there is none). */
  public static MetricResult of(
      Variant variant, String metric, MetricDirection direction, double value, double lower, double upper) {
    return new MetricResult(variant, metric, direction, value, lower, upper, 1, Double.NaN, new double[] {value});
  }

  /** A single-seed result taking its value and interval from a bootstrap. */
  public static MetricResult of(Variant variant, String metric, MetricDirection direction, Bootstrap.Interval interval) {
    Objects.requireNonNull(interval, "interval");
    return of(variant, metric, direction, interval.estimate(), interval.lower(), interval.upper());
  }

  /** A single-seed result without an interval. */
  public static MetricResult pointOnly(Variant variant, String metric, MetricDirection direction, double value) {
    return of(variant, metric, direction, value, Double.NaN, Double.NaN);
  }

  /**
   * A result over several seeds: the value is the mean of {@code seedValues} and the spread their sample standard
   * deviation (NaN for one seed; both NaN when a seed's value is NaN). The interval is the caller's, e.g. from a
   * bootstrap over the pooled examples, or NaN.
   */
  public static MetricResult acrossSeeds(
      Variant variant, String metric, MetricDirection direction, double[] seedValues, double lower, double upper) {
    Objects.requireNonNull(seedValues, "seedValues");
    if (seedValues.length == 0) {
      throw new IllegalArgumentException("seedValues for metric " + metric + " must hold at least one value");
    }
    int n = seedValues.length;
    double sum = 0;
    for (double v : seedValues) {
      sum += v;
    }
    double mean = sum / n;
    double std = Double.NaN;
    if (n > 1) {
      double squares = 0;
      for (double v : seedValues) {
        squares += (v - mean) * (v - mean);
      }
      std = Math.sqrt(squares / (n - 1));
    }
    // Infinite seeds make the spread undefined rather than infinite.
    if (Double.isInfinite(std)) {
      std = Double.NaN;
    }
    return new MetricResult(variant, metric, direction, mean, lower, upper, n, std, seedValues);
  }

  /** Whether the value has an interval (lower and upper are not NaN). */
  public boolean hasInterval() {
    return !Double.isNaN(lower);
  }

  /** A copy of the per-seed values (empty when they were not kept). */
  @Override
  public double[] seedValues() {
    return seedValues.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MetricResult that
        && variant.equals(that.variant)
        && metric.equals(that.metric)
        && direction == that.direction
        && Double.compare(value, that.value) == 0
        && Double.compare(lower, that.lower) == 0
        && Double.compare(upper, that.upper) == 0
        && seeds == that.seeds
        && Double.compare(seedStd, that.seedStd) == 0
        && Arrays.equals(seedValues, that.seedValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variant, metric, direction, value, lower, upper, seeds, seedStd, Arrays.hashCode(seedValues));
  }

  @Override
  public String toString() {
    return "MetricResult[" + variant + ", " + metric + ", " + direction + ", value=" + value + ", lower=" + lower
        + ", upper=" + upper + ", seeds=" + seeds + ", seedStd=" + seedStd + ", seedValues="
        + Arrays.toString(seedValues) + "]";
  }

  /** A trimmed, non-blank name without control characters; shared by the other result records. */
  static String checkName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (!name.strip().equals(name)) {
      throw new IllegalArgumentException(what + " \"" + name + "\" must not start or end with whitespace");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException(what + " \"" + name.replaceAll("\\p{Cntrl}", "?")
            + "\" must not contain control characters (found one at index " + i + ")");
      }
    }
    return name;
  }
}
