package io.github.fairlora.metrics.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.metrics.stats.Bootstrap;
import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The joint bootstrap must give, statistic by statistic, exactly what Bootstrap.interval gives alone. */
class JointBootstrapTest {
  private static final double[] VALUES = {0.3, 1.7, -2.0, 4.5, 0.9};

  private static double mean(int[] rows) {
    double sum = 0;
    for (int row : rows) {
      sum += VALUES[row];
    }
    return sum / rows.length;
  }

  private static int copiesOfRowZero(int[] rows) {
    int copies = 0;
    for (int row : rows) {
      copies += row == 0 ? 1 : 0;
    }
    return copies;
  }

  // Defined on the full sample and where row 0 is drawn at least twice: 1 - 0.8^5 - 5 * 0.2 * 0.8^4 = 0.26 of the
  // resamples, fewer than half -> NaN interval
  private static final ToDoubleFunction<int[]> MOSTLY_UNDEFINED =
      rows -> java.util.Arrays.equals(rows, new int[] {0, 1, 2, 3, 4}) || copiesOfRowZero(rows) >= 2
          ? mean(rows) : Double.NaN;
  // NaN when row 0 is absent: 0.8^5 = 0.33 of resamples -> interval over the rest
  private static final ToDoubleFunction<int[]> SOMETIMES_UNDEFINED =
      rows -> copiesOfRowZero(rows) == 0 ? Double.NaN : mean(rows);

  @Test
  void eachStatisticMatchesBootstrapIntervalIncludingTheUndefinedRule() {
    FairnessOptions options = FairnessOptions.bootstrap(21L).withResamples(500).withConfidence(0.9);
    Interval[] joint = JointBootstrap.intervals(5, rows -> new double[] {
        mean(rows), MOSTLY_UNDEFINED.applyAsDouble(rows), SOMETIMES_UNDEFINED.applyAsDouble(rows)}, options);
    assertThat(joint[0]).isEqualTo(Bootstrap.interval(5, JointBootstrapTest::mean, 500, 0.9, 21L));
    assertThat(joint[1]).isEqualTo(Bootstrap.interval(5, MOSTLY_UNDEFINED, 500, 0.9, 21L));
    assertThat(joint[1].lower()).isNaN();
    assertThat(joint[1].estimate()).isCloseTo(mean(new int[] {0, 1, 2, 3, 4}), org.assertj.core.api.Assertions.within(1e-12));
    assertThat(joint[2]).isEqualTo(Bootstrap.interval(5, SOMETIMES_UNDEFINED, 500, 0.9, 21L));
    assertThat(joint[2].lower()).isLessThan(joint[2].upper());
  }

  @Test
  void withoutResamplesEveryValueIsAPointEstimate() {
    Interval[] joint = JointBootstrap.intervals(5, rows -> new double[] {mean(rows), rows.length},
        FairnessOptions.pointEstimates());
    assertThat(joint[0]).isEqualTo(Interval.pointOnly(mean(new int[] {0, 1, 2, 3, 4})));
    assertThat(joint[1]).isEqualTo(Interval.pointOnly(5));
  }
}
