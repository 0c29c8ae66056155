package io.github.fairlora.metrics.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** AIF360's convention on {@link Fixture}: SR f 3/5, m 1/3; TPR f 2/3, m 1/4; FPR 1/2 both. */
class Aif360MetricsTest {
  private static final double EPS = 1e-12;
  private final Predictions predictions = Fixture.predictions();
  private final SensitiveFeatures sex = Fixture.sex();

  @Test
  void disparateImpactAndStatisticalParityAreSignedByTheNamedPrivilegedGroup() {
    // privileged m: DI = (3/5)/(1/3) = 9/5; SPD = 3/5 - 1/3 = 4/15
    assertThat(Aif360Metrics.disparateImpact(predictions, sex, Group.of("m"))).isCloseTo(9.0 / 5, within(EPS));
    assertThat(Aif360Metrics.statisticalParityDifference(predictions, sex, Group.of("m")))
        .isCloseTo(4.0 / 15, within(EPS));
    // privileged f: DI = (1/3)/(3/5) = 5/9; SPD = -4/15
    PrivilegedGroupComparison comparison =
        Aif360Metrics.compare(predictions, sex, Group.of("f"), FairnessOptions.pointEstimates());
    assertThat(comparison.disparateImpact().estimate()).isCloseTo(5.0 / 9, within(EPS));
    assertThat(comparison.statisticalParityDifference().estimate()).isCloseTo(-4.0 / 15, within(EPS));
    assertThat(comparison.privilegedSelectionRate().estimate()).isCloseTo(3.0 / 5, within(EPS));
    assertThat(comparison.unprivilegedSelectionRate().estimate()).isCloseTo(1.0 / 3, within(EPS));
    assertThat(comparison.privilegedRows()).isEqualTo(5);
    assertThat(comparison.unprivilegedRows()).isEqualTo(6);
    assertThat(comparison.unprivileged()).containsExactly(Group.of("m"));
    // TPR_m - TPR_f = 1/4 - 2/3 = -5/12; average odds ((1/2 - 1/2) + (-5/12)) / 2 = -5/24
    assertThat(comparison.equalOpportunityDifference().estimate()).isCloseTo(-5.0 / 12, within(EPS));
    assertThat(comparison.averageOddsDifference().estimate()).isCloseTo(-5.0 / 24, within(EPS));
  }

  @Test
  void unprivilegedSideIsEveryOtherRowOrOneNamedGroup() {
    // intersections: (m,o) privileged; rest = (f,o) rows 2,3,4 + (f,y) rows 0,1 + (m,y) row 5 -> 4 selected of 6
    // (rows 0,2,4,5) -> SR 2/3; (m,o) SR 1/5 -> DI (2/3)/(1/5) = 10/3
    SensitiveFeatures both = Fixture.sexAndAge();
    PrivilegedGroupComparison rest =
        Aif360Metrics.compare(predictions, both, Group.of("m", "o"), FairnessOptions.pointEstimates());
    assertThat(rest.unprivileged()).containsExactly(Group.of("f", "o"), Group.of("f", "y"), Group.of("m", "y"));
    assertThat(rest.unprivilegedRows()).isEqualTo(6);
    assertThat(rest.disparateImpact().estimate()).isCloseTo(10.0 / 3, within(EPS));
    // against (f,y) only: SR 1/2 -> DI (1/2)/(1/5) = 5/2, SPD 1/2 - 1/5 = 3/10
    PrivilegedGroupComparison one = Aif360Metrics.compare(
        predictions, both, Group.of("m", "o"), Group.of("f", "y"), FairnessOptions.pointEstimates());
    assertThat(one.disparateImpact().estimate()).isCloseTo(5.0 / 2, within(EPS));
    assertThat(one.statisticalParityDifference().estimate()).isCloseTo(3.0 / 10, within(EPS));
    assertThat(one.unprivilegedRows()).isEqualTo(2);
  }

  @Test
  void disparateImpactIsNaNWhenThePrivilegedGroupIsNeverSelected() {
    Predictions none = Predictions.of(new int[] {1, 0, 1, 0}, new int[] {0, 0, 1, 0});
    SensitiveFeatures features = SensitiveFeatures.of("g", new String[] {"p", "p", "u", "u"});
    assertThat(Aif360Metrics.disparateImpact(none, features, Group.of("p"))).isNaN();
    assertThat(Aif360Metrics.statisticalParityDifference(none, features, Group.of("p"))).isCloseTo(0.5, within(EPS));
  }

  @Test
  void absentOrDegenerateGroupsAreErrors() {
    assertThatThrownBy(() -> Aif360Metrics.disparateImpact(predictions, sex, Group.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("privileged group x has no rows").hasMessageContaining("[f, m]");
    assertThatThrownBy(() -> Aif360Metrics.compare(
        predictions, sex, Group.of("f"), Group.of("nobody"), FairnessOptions.pointEstimates()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unprivileged group nobody");
    assertThatThrownBy(() -> Aif360Metrics.compare(
        predictions, sex, Group.of("f"), Group.of("f"), FairnessOptions.pointEstimates()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both privileged and unprivileged");
    SensitiveFeatures single = SensitiveFeatures.of("g", new String[] {"a", "a"});
    assertThatThrownBy(() -> Aif360Metrics.disparateImpact(
        Predictions.of(new int[] {0, 1}, new int[] {1, 1}), single, Group.of("a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no unprivileged rows");
  }

  @Test
  void intervalsComeFromTheOptions() {
    PrivilegedGroupComparison comparison = Aif360Metrics.compare(
        predictions, sex, Group.of("m"), FairnessOptions.bootstrap(11L).withResamples(250));
    assertThat(comparison.disparateImpact().resamples()).isEqualTo(250);
    assertThat(comparison.statisticalParityDifference().lower())
        .isLessThanOrEqualTo(comparison.statisticalParityDifference().upper());
  }
}
