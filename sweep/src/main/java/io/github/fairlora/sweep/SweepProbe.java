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
   */
  record Measurement(String metric, MetricDirection direction, Bootstrap.Interval value, double[] items) {
    public Measurement {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(value, "value");
      items = items == null ? new double[0] : items.clone();
    }

    /** A measurement without per-item values. */
    public static Measurement of(String metric, MetricDirection direction, Bootstrap.Interval value) {
      return new Measurement(metric, direction, value, new double[0]);
    }

    @Override
    public double[] items() {
      return items.clone();
    }
  }
}
