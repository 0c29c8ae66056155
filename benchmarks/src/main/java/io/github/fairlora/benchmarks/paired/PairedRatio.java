package io.github.fairlora.benchmarks.paired;

import java.util.Arrays;

/**
 * The time ratio of two operations measured interleaved: each round times the baseline and the candidate back to
 * back (alternating which goes first), and the ratio is the median over rounds of candidate / baseline. Two calls a
 * few milliseconds apart see the same machine, so on a shared machine whose load comes and goes this ratio is far
 * steadier than two separately measured medians.
 *
 * @param name            what is compared
 * @param baseline        the baseline's name
 * @param candidate       the candidate's name
 * @param rounds          measured rounds
 * @param baselineMillis  median baseline time
 * @param candidateMillis median candidate time
 * @param ratio           median of the per-round ratios candidate / baseline
 * @param lowerQuartile   25th percentile of the per-round ratios
 * @param upperQuartile   75th percentile of the per-round ratios
 */
public record PairedRatio(String name, String baseline, String candidate, int rounds, double baselineMillis,
    double candidateMillis, double ratio, double lowerQuartile, double upperQuartile) {

  /** Half the interquartile range of the per-round ratios: this comparison's noise. */
  public double halfInterquartileRange() {
    return (upperQuartile - lowerQuartile) / 2;
  }

  /**
   * Runs {@code warmup} unmeasured rounds, then {@code rounds} measured ones.
   *
   * @throws IllegalArgumentException if rounds is below 1 or warmup negative
   */
  public static PairedRatio measure(String name, String baselineName, Runnable baseline, String candidateName,
      Runnable candidate, int warmup, int rounds) {
    if (rounds < 1 || warmup < 0) {
      throw new IllegalArgumentException("rounds (" + rounds + ") must be >= 1 and warmup (" + warmup + ") >= 0");
    }
    for (int i = 0; i < warmup; i++) {
      baseline.run();
      candidate.run();
    }
    double[] base = new double[rounds];
    double[] cand = new double[rounds];
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      if (i % 2 == 0) {
        base[i] = time(baseline);
        cand[i] = time(candidate);
      } else {
        cand[i] = time(candidate);
        base[i] = time(baseline);
      }
      ratios[i] = cand[i] / base[i];
    }
    return new PairedRatio(name, baselineName, candidateName, rounds, quantile(base, 0.5), quantile(cand, 0.5),
        quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75));
  }

  private static double time(Runnable operation) {
    long start = System.nanoTime();
    operation.run();
    return (System.nanoTime() - start) / 1e6;
  }

  /** The q-quantile by linear interpolation between order statistics (q = 0.5: the median). */
  public static double quantile(double[] values, double q) {
    if (values.length == 0) {
      throw new IllegalArgumentException("quantile of no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = (int) Math.ceil(position);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
