package io.github.fairlora.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetentionAnalysisTest {
  private static final BiasMagnitude DISTANCE_FROM_50 = BiasMagnitude.forMetric("bias.x.pct_stereotype").orElseThrow();

  /** Retention of rank 1 for one draw of seeds and items, written out independently of the implementation. */
  private static double retention(double[] base, double[][] full, double[][] variant, int[] seeds, int[] items) {
    double b = Math.abs(mean(base, items) - 50);
    double f = 0;
    double v = 0;
    for (int s : seeds) {
      f += Math.abs(mean(full[s], items) - 50) / seeds.length;
      v += Math.abs(mean(variant[s], items) - 50) / seeds.length;
    }
    return (v - f) / (b - f);
  }

  private static double mean(double[] values, int[] items) {
    double sum = 0;
    for (int i : items) {
      sum += values[i];
    }
    return sum / items.length;
  }

  @Test
  void hierarchicalPairedBootstrapMatchesTheExactResamplingDistribution() {
    // Two seeds, three items: every (seed draw, item draw) pair is one of 2^2 * 3^3 = 108 equally likely outcomes.
    double[] base = {100, 100, 90};
    double[][] full = {{60, 50, 40}, {55, 70, 45}};
    double[][] rank1 = {{90, 80, 70}, {85, 95, 60}};
    double[][] rank2 = {{70, 60, 55}, {75, 80, 50}};
    List<Double> exact = new ArrayList<>();
    for (int s0 = 0; s0 < 2; s0++) {
      for (int s1 = 0; s1 < 2; s1++) {
        for (int i = 0; i < 27; i++) {
          int[] items = {i % 3, i / 3 % 3, i / 9};
          exact.add(retention(base, full, rank1, new int[] {s0, s1}, items));
        }
      }
    }
    var input = new RetentionAnalysis.Input("bias.x.pct_stereotype", DISTANCE_FROM_50, base, full)
        .rank(1, rank1).rank(2, rank2);
    RetentionAnalysis.Result result = RetentionAnalysis.analyze(input, 40_000, 0.90, 5);
    RetentionAnalysis.Estimate r1 = result.ranks().get(0).retention();
    assertThat(r1.estimate()).isCloseTo(retention(base, full, rank1, new int[] {0, 1}, new int[] {0, 1, 2}),
        org.assertj.core.data.Offset.offset(1e-12));
    // Each bound is a 5% / 95% quantile of the exact distribution, up to Monte-Carlo error (1 point of probability).
    assertThat(share(exact, v -> v < r1.lower() - 1e-12)).isLessThanOrEqualTo(0.05 + 0.01);
    assertThat(share(exact, v -> v <= r1.lower() + 1e-12)).isGreaterThanOrEqualTo(0.05 - 0.01);
    assertThat(share(exact, v -> v > r1.upper() + 1e-12)).isLessThanOrEqualTo(0.05 + 0.01);
    assertThat(share(exact, v -> v >= r1.upper() - 1e-12)).isGreaterThanOrEqualTo(0.05 - 0.01);
    // Per-seed retention uses each seed alone on the items as measured.
    assertThat(result.ranks().get(0).perSeed()[1]).isCloseTo(
        retention(base, full, rank1, new int[] {1}, new int[] {0, 1, 2}), org.assertj.core.data.Offset.offset(1e-12));
  }

  private static double share(List<Double> values, java.util.function.DoublePredicate test) {
    return values.stream().filter(test::test).count() / (double) values.size();
  }

  @Test
  void retentionIsUndefinedWhenBaseAndFullCoincide() {
    double[] base = noisy(new Random(1), 200, 70);
    double[][] full = {base.clone(), base.clone()};
    var input = new RetentionAnalysis.Input("bias.x.pct_stereotype", DISTANCE_FROM_50, base, full)
        .rank(1, new double[][] {base, base}).rank(4, new double[][] {base, base});
    RetentionAnalysis.Result result = RetentionAnalysis.analyze(input, 500, 0.95, 1);
    assertThat(result.retentionDefined()).isFalse();
    assertThat(result.trend()).isEqualTo(RetentionAnalysis.Trend.UNDEFINED);
    assertThat(result.ranks()).isEmpty();
    assertThat(result.slope()).isNull();
    assertThat(result.statement()).startsWith("No verdict").contains("cannot be told apart", "contains 0");
  }

  @Test
  void theVerdictFollowsTheSlopesInterval() {
    assertThat(verdict(0.9, 0.7, 0.5, 0.3).trend()).isEqualTo(RetentionAnalysis.Trend.FALLS);
    assertThat(verdict(0.9, 0.7, 0.5, 0.3).statement()).startsWith("Retention falls with rank on bias.x.pct_stereotype")
        .contains("slope -", "r=1", "r=8", "3 of 3 seeds show a falling slope");
    RetentionAnalysis.Result flat = verdict(0.5, 0.5, 0.5, 0.5);
    assertThat(flat.trend()).isEqualTo(RetentionAnalysis.Trend.NO_CLEAR_TREND);
    assertThat(flat.statement()).startsWith("No clear trend of retention with rank").contains("which contains 0");
    assertThat(flat.slope().lower()).isNegative();
    assertThat(flat.slope().upper()).isPositive();
    RetentionAnalysis.Result rising = verdict(0.3, 0.5, 0.7, 0.9);
    assertThat(rising.trend()).isEqualTo(RetentionAnalysis.Trend.RISES);
    assertThat(rising.statement()).startsWith("Retention rises with rank");
  }

  /**
   * Three seeds, 300 stereotype indicators (0 or 100) per model: the base model prefers the stereotype 95% of the time,
   * full fine-tuning 55%, and rank k keeps {@code kept[k]} of the difference.
   */
  private static RetentionAnalysis.Result verdict(double... kept) {
    Random random = new Random(42);
    double[] base = indicators(random, 300, 0.95);
    double[][] full = new double[3][];
    for (int s = 0; s < 3; s++) {
      full[s] = indicators(random, 300, 0.55);
    }
    var input = new RetentionAnalysis.Input("bias.x.pct_stereotype", DISTANCE_FROM_50, base, full);
    for (int k = 0; k < kept.length; k++) {
      double[][] perSeed = new double[3][];
      for (int s = 0; s < 3; s++) {
        perSeed[s] = indicators(random, 300, 0.55 + kept[k] * 0.40);
      }
      input.rank(1 << k, perSeed);
    }
    return RetentionAnalysis.analyze(input, 1000, 0.95, 3);
  }

  private static double[] indicators(Random random, int n, double p) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextDouble() < p ? 100 : 0;
    }
    return out;
  }

  private static double[] noisy(Random random, int n, double center) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = center + 10 * random.nextGaussian();
    }
    return out;
  }
}
