package io.github.fairlora.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference p-values from scipy.stats.mannwhitneyu(x, y, method="asymptotic") (two-sided, continuity-corrected). */
class MannWhitneyUTest {

  @Test
  void separatedSamplesWithoutTies() {
    double[] x = {1, 2, 3};
    double[] y = {4, 5, 6};
    // U = rank sum of x (1 + 2 + 3) - 3 * 4 / 2 = 0; mean 4.5; variance 3 * 3 * 7 / 12 = 5.25;
    // z = (4.5 - 0.5) / sqrt(5.25) = 1.745743; p = erfc(z / sqrt 2) = 0.080856 (scipy: 0.08085559837005224)
    assertThat(MannWhitneyU.statistic(x, y)).isEqualTo(0);
    assertThat(MannWhitneyU.pValue(x, y)).isCloseTo(0.08085559837005224, within(1e-6));
    assertThat(MannWhitneyU.pValue(y, x)).isCloseTo(0.08085559837005224, within(1e-6));
  }

  @Test
  void tiesGetAverageRanksAndReduceTheVariance() {
    double[] x = {1, 2, 2};
    double[] y = {2, 3, 4};
    // Pooled ranks: 1 -> 1, the three 2s -> 3, 3 -> 5, 4 -> 6. U = (1 + 3 + 3) - 6 = 1.
    // Variance = 3 * 3 / 12 * (7 - (27 - 3) / (6 * 5)) = 0.75 * 6.2 = 4.65; z = (3.5 - 0.5) / sqrt(4.65) = 1.391217
    // p = 0.164160 (scipy: 0.16415972847851523)
    assertThat(MannWhitneyU.statistic(x, y)).isEqualTo(1);
    assertThat(MannWhitneyU.pValue(x, y)).isCloseTo(0.16415972847851523, within(1e-6));
  }

  @Test
  void largerSeparatedSamplesAreSignificant() {
    double[] x = {1, 2, 3, 4, 5, 6};
    double[] y = {7, 8, 9, 10, 11, 12};
    // U = 0, mean 18, variance 36 * 13 / 12 = 39, z = 17.5 / sqrt(39) = 2.802243; scipy: 0.005074868097940253
    assertThat(MannWhitneyU.pValue(x, y)).isCloseTo(0.005074868097940253, within(1e-6));
  }

  @Test
  void degenerateSamples() {
    assertThat(MannWhitneyU.pValue(new double[] {2, 2}, new double[] {2, 2, 2})).isEqualTo(1);
    assertThat(MannWhitneyU.pValue(new double[] {}, new double[] {1})).isNaN();
    assertThat(MannWhitneyU.complementaryErrorFunction(0)).isCloseTo(1, within(1e-7));
    // erfc(1) = 0.157299207
    assertThat(MannWhitneyU.complementaryErrorFunction(1)).isCloseTo(0.157299207, within(2e-7));
  }
}
