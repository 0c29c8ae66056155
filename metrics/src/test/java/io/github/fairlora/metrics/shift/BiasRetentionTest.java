package io.github.fairlora.metrics.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.bias.BootstrapSettings;
import org.junit.jupiter.api.Test;

class BiasRetentionTest {

  @Test
  void ratioOfThreeBiasValues() {
    // (0.6 - 0.5) / (0.7 - 0.5) = 0.1 / 0.2 = 0.5
    RetentionResult half = BiasRetention.of(0.7, 0.6, 0.5);
    assertThat(half.ratio().estimate()).isCloseTo(0.5, within(1e-12));
    assertThat(half.defined()).isTrue();
    assertThat(BiasRetention.of(0.7, 0.7, 0.5).ratio().estimate()).isEqualTo(1); // kept all of the base bias
    assertThat(BiasRetention.of(0.7, 0.5, 0.5).ratio().estimate()).isEqualTo(0); // as debiased as full fine-tuning
    // Shifting every bias by a constant (a share vs its distance from 0.5) does not change the ratio.
    assertThat(BiasRetention.of(0.2, 0.1, 0.0).ratio().estimate()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void vanishingDenominatorGivesNaNWithAReason() {
    RetentionResult undefined = BiasRetention.of(0.5, 0.6, 0.5);
    assertThat(undefined.ratio().estimate()).isNaN();
    assertThat(undefined.defined()).isFalse();
    assertThat(undefined.undefinedReason()).hasValueSatisfying(
        reason -> assertThat(reason).contains("full fine-tuning did not change the bias"));
    // Within a chosen tolerance: |0.5 - 0.49| = 0.01 <= 0.02.
    assertThat(BiasRetention.of(0.5, 0.6, 0.49, 0.02).ratio().estimate()).isNaN();
    assertThat(BiasRetention.of(Double.NaN, 0.6, 0.49).undefinedReason()).hasValueSatisfying(
        reason -> assertThat(reason).contains("NaN"));
    assertThatThrownBy(() -> BiasRetention.of(0.5, 0.6, 0.4, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumDenominator (-1.0)");
  }

  @Test
  void perItemDataGivesABootstrapIntervalResamplingItemsJointly() {
    double[] base = {1, 1, 1, 1, 0};
    double[] variant = {1, 1, 0, 1, 0};
    double[] full = {1, 0, 0, 0, 0};
    // means 0.8, 0.6, 0.2: (0.6 - 0.2) / (0.8 - 0.2) = 2/3
    RetentionResult result = BiasRetention.fromItems(base, variant, full, BootstrapSettings.defaults());
    assertThat(result.ratio().estimate()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(result.ratio().lower()).isLessThanOrEqualTo(2.0 / 3);
    assertThat(result.ratio().upper()).isGreaterThanOrEqualTo(2.0 / 3);
    assertThat(result.base()).isCloseTo(0.8, within(1e-12));

    // A variant identical item by item to the base model has ratio exactly 1 on every joint resample (independent
    // resampling of the three models would scatter it).
    RetentionResult same = BiasRetention.fromItems(base, base.clone(), full, BootstrapSettings.defaults());
    assertThat(same.ratio().lower()).isEqualTo(1);
    assertThat(same.ratio().upper()).isEqualTo(1);
  }

  @Test
  void anyStatisticOfTheItemsCanBeUsed() {
    double[] base = {3, 1, 2};
    double[] variant = {2, 1, 2};
    double[] full = {1, 1, 1};
    // Bias = maximum over the chosen items: 3, 2, 1 -> (2 - 1) / (3 - 1) = 0.5
    RetentionResult result = BiasRetention.fromItems(3, max(base), max(variant), max(full),
        new BootstrapSettings(200, 0.9, 1), BiasRetention.DEFAULT_MINIMUM_DENOMINATOR);
    assertThat(result.ratio().estimate()).isCloseTo(0.5, within(1e-12));
    assertThat(result.ratio().confidence()).isEqualTo(0.9);
  }

  @Test
  void badPerItemInputIsRejected() {
    assertThatThrownBy(() -> BiasRetention.fromItems(new double[2], new double[3], new double[2],
        BootstrapSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base 2, variant 3, full 2");
    assertThatThrownBy(() -> BiasRetention.fromItems(new double[0], new double[0], new double[0],
        BootstrapSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items (0)");
    RetentionResult flat = BiasRetention.fromItems(new double[] {1, 0}, new double[] {1, 1},
        new double[] {1, 0}, BootstrapSettings.defaults());
    assertThat(flat.ratio().estimate()).isNaN();
    assertThat(flat.ratio().lower()).isNaN();
    assertThat(flat.defined()).isFalse();
  }

  private static java.util.function.ToDoubleFunction<int[]> max(double[] values) {
    return indices -> {
      double best = Double.NEGATIVE_INFINITY;
      for (int index : indices) {
        best = Math.max(best, values[index]);
      }
      return best;
    };
  }
}
