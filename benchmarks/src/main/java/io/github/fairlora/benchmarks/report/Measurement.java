package io.github.fairlora.benchmarks.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result: which benchmark with which parameters, in which unit, the median of its measurement
 * iterations (the figure every table uses: robust on a shared machine), and JMH's mean with its 99.9% confidence
 * half-width.
 *
 * @param benchmark   "SimpleClassName.method", e.g. "LoraKernelBenchmark.loraForward"
 * @param params      JMH parameters by name (e.g. tokens → 2048)
 * @param unit        score unit, e.g. "us/op" or "ms/op"
 * @param median      median over measurement iterations of the per-iteration score
 * @param mean        JMH's primary score (mean over iterations)
 * @param error       JMH's 99.9% confidence half-width of the mean (NaN with too few iterations)
 * @param iterations  every measurement iteration's score
 * @param secondary   secondary results by name (e.g. the memory profiler's), their aggregated scores
 */
public record Measurement(String benchmark, Map<String, String> params, String unit, double median, double mean,
    double error, List<Double> iterations, Map<String, Double> secondary) {

  /** Copies the collections (parameters sorted by name). */
  public Measurement {
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    iterations = List.copyOf(iterations);
    secondary = java.util.Collections.unmodifiableMap(new TreeMap<>(secondary));
  }

  /** A parameter's value, or null. */
  public String param(String name) {
    return params.get(name);
  }

  /** A parameter parsed as an int. */
  public int intParam(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException(benchmark + " has no parameter '" + name + "' (has " + params.keySet() + ")");
    }
    return Integer.parseInt(value);
  }

  /** The median in milliseconds (converting from the unit). */
  public double medianMillis() {
    return toMillis(median);
  }

  /** JMH's error relative to its mean, 0 when unknown. */
  public double relativeError() {
    return Double.isFinite(error) && mean > 0 ? error / mean : 0;
  }

  /**
   * Half the range of the iteration scores relative to the median, (max − min) / (2·median): how far this run's
   * iterations strayed, a plainer noise figure than JMH's confidence interval over a handful of iterations. 0 for a
   * single iteration.
   */
  public double relativeSpread() {
    if (iterations.size() < 2 || !(median > 0)) {
      return 0;
    }
    double min = iterations.stream().mapToDouble(Double::doubleValue).min().orElse(median);
    double max = iterations.stream().mapToDouble(Double::doubleValue).max().orElse(median);
    return (max - min) / (2 * median);
  }

  private double toMillis(double value) {
    return switch (unit) {
      case "ns/op" -> value / 1e6;
      case "us/op" -> value / 1e3;
      case "ms/op" -> value;
      case "s/op" -> value * 1e3;
      default -> throw new IllegalStateException("unit " + unit + " of " + benchmark + " is not a time per operation");
    };
  }
}
