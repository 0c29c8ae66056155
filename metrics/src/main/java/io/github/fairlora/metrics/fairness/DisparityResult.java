package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.List;

/**
 * A named group-fairness disparity (for example the demographic parity difference) with its bootstrap interval, and
 * the per-metric frames it was computed from, so a report can show which groups drive it.
 *
 * @param name the disparity's name, e.g. "equalized_odds_difference"
 * @param method between groups or to overall
 * @param value the disparity on all rows, with its interval
 * @param components the frames of the underlying metrics (one, or TPR and FPR for equalized odds)
 */
public record DisparityResult(String name, DisparityMethod method, Interval value, List<MetricFrameResult> components) {

  /** Copies the components. */
  public DisparityResult {
    components = List.copyOf(components);
  }

  /** The point estimate, {@code value().estimate()}. */
  public double estimate() {
    return value.estimate();
  }
}
