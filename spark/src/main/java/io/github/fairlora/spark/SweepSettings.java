package io.github.fairlora.spark;

import io.github.fairlora.sweep.RankSweep;
import java.io.Serializable;

/**
 * Settings applied to a sweep's builder (ranks, seeds, epochs...), as a serializable value so that every Spark task
 * applies the same ones. A lambda works: {@code (SweepSettings) b -> b.ranks(1, 4).epochs(1)}.
 */
@FunctionalInterface
public interface SweepSettings extends Serializable {

  /** Applies the settings to {@code builder}. */
  void applyTo(RankSweep.Builder builder);

  /** No settings beyond the recipe's defaults. */
  static SweepSettings none() {
    return builder -> { };
  }
}
