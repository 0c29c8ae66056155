package io.github.fairlora.sweep;

import io.github.fairlora.metrics.stats.Bootstrap;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.text.Tokenizer;
import java.util.List;
import java.util.Objects;

/**
 * An evaluation the rank sweep runs on the base model and on every variant: a bias probe, a toxicity protocol, a
 * classifier fairness audit. Factories for the built-in ones are in {@link SweepProbes}.
 */
public interface SweepProbe {

  /** A short name used in settings and notes. */
  String name();

  /**
   * Measures {@code model}. {@code seed} seeds any sampling (generation) so that every variant is measured with the
   * same randomness.
   */
  List<Measurement> evaluate(Decoder model, Tokenizer tokenizer, long seed);

  /**
   * One number a probe measured, with its interval, and, when the metric is a mean over items (pairs, prompts), the
   * per-item values: the sweep uses them for the bias-retention ratio and its bootstrap interval.
   *
   * @param metric     dotted name, e.g. "bias.gender-occupation.pct_stereotype"
   * @param direction  which way more bias moves it
   * @param value      estimate and interval
   * @param items      per-item values whose mean is the metric (scaled the same way), or empty
   * @param itemCount  how many items (pairs, prompts, examples, sentences) the metric was computed over: the length of
   *     {@code items} when they are given, otherwise counted by the probe; 0 only when unknown
   */
  record Measurement(String metric, MetricDirection direction, Bootstrap.Interval value, double[] items,
      int itemCount) {
    public Measurement {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(value, "value");
      items = items == null ? new double[0] : items.clone();
      if (items.length > 0 && itemCount != items.length) {
        throw new IllegalArgumentException(metric + ": itemCount (" + itemCount + ") must equal the number of items ("
            + items.length + ")");
      }
      if (itemCount < 0) {
        throw new IllegalArgumentException(metric + ": itemCount (" + itemCount + ") must be >= 0");
      }
    }

    /** A measurement whose item count is the number of per-item values. */
    public Measurement(String metric, MetricDirection direction, Bootstrap.Interval value, double[] items) {
      this(metric, direction, value, items, items == null ? 0 : items.length);
    }

    /** A measurement without per-item values and with no item count. */
    public static Measurement of(String metric, MetricDirection direction, Bootstrap.Interval value) {
      return new Measurement(metric, direction, value, new double[0], 0);
    }

    /** A measurement without per-item values, computed over {@code itemCount} items. */
    public static Measurement of(String metric, MetricDirection direction, Bootstrap.Interval value, int itemCount) {
      return new Measurement(metric, direction, value, new double[0], itemCount);
    }

    @Override
    public double[] items() {
      return items.clone();
    }
  }
}
