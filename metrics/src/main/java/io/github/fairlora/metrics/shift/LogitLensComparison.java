package io.github.fairlora.metrics.shift;

import java.util.Arrays;
import java.util.Objects;

/**
 * Two models (e.g. base and adapted) read through the logit lens at the same layers: per layer l, averages over all
 * positions of all sequences of the divergence between their layer-l distributions, in nats, plus each model's own
 * {@link LogitLensResult}.
 *
 * @param layers number of entries per array, numberOfLayers + 1
 * @param positions positions averaged over
 * @param klBaseToAdapted mean KL(base layer l || adapted layer l)
 * @param klAdaptedToBase mean KL(adapted layer l || base layer l)
 * @param jensenShannon mean JS between the two layer-l distributions, in [0, ln 2]
 * @param base the base model's own logit-lens summary
 * @param adapted the adapted model's own logit-lens summary
 */
public record LogitLensComparison(int layers, int positions, double[] klBaseToAdapted, double[] klAdaptedToBase,
    double[] jensenShannon, LogitLensResult base, LogitLensResult adapted) {

  /** Validates and copies the arrays. */
  public LogitLensComparison {
    if (klBaseToAdapted.length != layers || klAdaptedToBase.length != layers || jensenShannon.length != layers) {
      throw new IllegalArgumentException("per-layer arrays must have " + layers + " entries");
    }
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(adapted, "adapted");
    klBaseToAdapted = klBaseToAdapted.clone();
    klAdaptedToBase = klAdaptedToBase.clone();
    jensenShannon = jensenShannon.clone();
  }

  /** Mean KL(base || adapted) per layer (a copy). */
  @Override
  public double[] klBaseToAdapted() {
    return klBaseToAdapted.clone();
  }

  /** Mean KL(adapted || base) per layer (a copy). */
  @Override
  public double[] klAdaptedToBase() {
    return klAdaptedToBase.clone();
  }

  /** Mean JS per layer (a copy). */
  @Override
  public double[] jensenShannon() {
    return jensenShannon.clone();
  }

  /** Equal when every field and array entry is equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LogitLensComparison that && layers == that.layers && positions == that.positions
        && Arrays.equals(klBaseToAdapted, that.klBaseToAdapted) && Arrays.equals(klAdaptedToBase, that.klAdaptedToBase)
        && Arrays.equals(jensenShannon, that.jensenShannon) && base.equals(that.base) && adapted.equals(that.adapted);
  }

  /** Hash of every field and array entry. */
  @Override
  public int hashCode() {
    int hash = Objects.hash(layers, positions, base, adapted);
    hash = 31 * hash + Arrays.hashCode(klBaseToAdapted);
    hash = 31 * hash + Arrays.hashCode(klAdaptedToBase);
    return 31 * hash + Arrays.hashCode(jensenShannon);
  }

  /** The per-layer arrays, for logs. */
  @Override
  public String toString() {
    return "LogitLensComparison[layers=" + layers + ", positions=" + positions + ", klBaseToAdapted="
        + Arrays.toString(klBaseToAdapted) + ", klAdaptedToBase=" + Arrays.toString(klAdaptedToBase)
        + ", jensenShannon=" + Arrays.toString(jensenShannon) + "]";
  }
}
