package io.github.fairlora.benchmarks.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatioTest {
  @Test
  void quantilesInterpolateBetweenOrderStatistics() {
    double[] values = {4, 1, 3, 2, 5};
    assertThat(PairedRatio.quantile(values, 0.5)).isEqualTo(3);
    // Position 0.25 · 4 = 1: the second smallest.
    assertThat(PairedRatio.quantile(values, 0.25)).isEqualTo(2);
    // Even count {1, 2, 3, 4}: median at position 1.5, halfway between 2 and 3.
    assertThat(PairedRatio.quantile(new double[] {4, 1, 3, 2}, 0.5)).isEqualTo(2.5);
  }

  @Test
  void roundsAlternateWhichSideGoesFirst() {
    List<String> order = new ArrayList<>();
    PairedRatio ratio = PairedRatio.measure("x", "a", () -> order.add("a"), "b", () -> order.add("b"), 1, 3);
    // Warm-up a b, then rounds: a b | b a | a b.
    assertThat(order).containsExactly("a", "b", "a", "b", "b", "a", "a", "b");
    assertThat(ratio.rounds()).isEqualTo(3);
    assertThat(ratio.lowerQuartile()).isLessThanOrEqualTo(ratio.ratio());
    assertThat(ratio.upperQuartile()).isGreaterThanOrEqualTo(ratio.ratio());
  }

  @Test
  void halfInterquartileRange() {
    assertThat(new PairedRatio("x", "a", "b", 5, 1, 1, 1.0, 0.9, 1.2).halfInterquartileRange())
        .isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void rejectsNoRounds() {
    assertThatThrownBy(() -> PairedRatio.measure("x", "a", () -> { }, "b", () -> { }, 0, 0))
        .hasMessageContaining("rounds (0) must be >= 1");
  }
}
