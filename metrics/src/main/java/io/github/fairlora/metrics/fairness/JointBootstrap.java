package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap;
import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Bootstraps several statistics of the same rows at once: {@link Bootstrap#interval} draws the resamples and the
 * vector of statistics is computed once per resample, instead of once per statistic and resample (a MetricFrame has
 * groups + 7 values; computing them separately made a 20,000-row bootstrap take tens of seconds). The interval of
 * every statistic is the one {@link Bootstrap#interval} would give for it alone with the same seed, by the same
 * rule: percentiles of the defined (non-NaN) resample values, NaN when fewer than half are defined.
 */
final class JointBootstrap {
  private JointBootstrap() {}

  /** One interval per element of {@code statistics(rows)}, over {@code n} rows, as {@code options} ask. */
  static Interval[] intervals(int n, Function<int[], double[]> statistics, FairnessOptions options) {
    if (options.resamples() == 0) {
      double[] values = statistics.apply(MetricFrame.allRows(n));
      Interval[] intervals = new Interval[values.length];
      for (int j = 0; j < values.length; j++) {
        intervals[j] = Interval.pointOnly(values[j]);
      }
      return intervals;
    }
    // Bootstrap calls the statistic on the full sample first, then once per resample.
    List<double[]> calls = new ArrayList<>(options.resamples() + 1);
    Bootstrap.interval(n, rows -> {
      double[] values = statistics.apply(rows);
      calls.add(values);
      return values.length == 0 ? 0 : values[0];
    }, options.resamples(), options.confidence(), options.seed());
    if (calls.size() != options.resamples() + 1) {
      throw new IllegalStateException("expected Bootstrap to evaluate the full sample and " + options.resamples()
          + " resamples, but it made " + calls.size() + " evaluations");
    }
    double[] estimates = calls.get(0);
    Interval[] intervals = new Interval[estimates.length];
    double tail = (1 - options.confidence()) / 2;
    for (int j = 0; j < estimates.length; j++) {
      double[] defined = new double[options.resamples()];
      int count = 0;
      for (int b = 1; b < calls.size(); b++) {
        double value = calls.get(b)[j];
        if (!Double.isNaN(value)) {
          defined[count++] = value;
        }
      }
      if (count * 2 < options.resamples()) {
        intervals[j] = new Interval(estimates[j], Double.NaN, Double.NaN, options.confidence(), options.resamples());
      } else {
        double[] sorted = Arrays.copyOf(defined, count);
        Arrays.sort(sorted);
        intervals[j] = new Interval(estimates[j], Bootstrap.percentile(sorted, tail),
            Bootstrap.percentile(sorted, 1 - tail), options.confidence(), options.resamples());
      }
    }
    return intervals;
  }
}
