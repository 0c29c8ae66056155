package io.github.fairlora.metrics.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.stats.Bootstrap;
import org.junit.jupiter.api.Test;

/** Named disparities on {@link Fixture}; per-group rates are worked out in its Javadoc. */
class GroupFairnessTest {
  private static final double EPS = 1e-12;
  private final Predictions predictions = Fixture.predictions();
  private final SensitiveFeatures sex = Fixture.sex();

  @Test
  void demographicParity() {
    // SR f 3/5, m 1/3: difference 4/15, ratio (1/3)/(3/5) = 5/9
    assertThat(GroupFairness.demographicParityDifference(predictions, sex).estimate()).isCloseTo(4.0 / 15, within(EPS));
    assertThat(GroupFairness.demographicParityRatio(predictions, sex).estimate()).isCloseTo(5.0 / 9, within(EPS));
    DisparityResult toOverall = GroupFairness.demographicParityDifference(
        predictions, sex, DisparityMethod.TO_OVERALL, FairnessOptions.pointEstimates());
    assertThat(toOverall.estimate()).isCloseTo(8.0 / 55, within(EPS)); // |3/5 - 5/11|
    assertThat(toOverall.name()).isEqualTo("demographic_parity_difference");
    assertThat(toOverall.method()).isEqualTo(DisparityMethod.TO_OVERALL);
    assertThat(toOverall.components()).singleElement()
        .satisfies(frame -> assertThat(frame.metric()).isEqualTo("selection_rate"));
  }

  @Test
  void equalizedOddsTakesTheWorseOfTprAndFpr() {
    // TPR f 2/3, m 1/4 -> difference 5/12, ratio (1/4)/(2/3) = 3/8; FPR f 1/2, m 1/2 -> difference 0, ratio 1.
    DisparityResult difference = GroupFairness.equalizedOddsDifference(predictions, sex);
    assertThat(difference.estimate()).isCloseTo(5.0 / 12, within(EPS));
    assertThat(difference.components()).extracting(MetricFrameResult::metric)
        .containsExactly("true_positive_rate", "false_positive_rate");
    assertThat(GroupFairness.equalizedOddsRatio(predictions, sex).estimate()).isCloseTo(3.0 / 8, within(EPS));
    // to overall: TPR |2/3 - 3/7| = 5/21 > |1/4 - 3/7| = 5/28; FPR all 1/2 -> 0
    assertThat(GroupFairness.equalizedOddsDifference(
        predictions, sex, DisparityMethod.TO_OVERALL, FairnessOptions.pointEstimates()).estimate())
        .isCloseTo(5.0 / 21, within(EPS));
    // to overall ratios: TPR f (3/7)/(2/3) = 9/14, m (1/4)/(3/7) = 7/12 -> 7/12; FPR 1 -> 7/12
    assertThat(GroupFairness.equalizedOddsRatio(
        predictions, sex, DisparityMethod.TO_OVERALL, FairnessOptions.pointEstimates()).estimate())
        .isCloseTo(7.0 / 12, within(EPS));
  }

  @Test
  void equalOpportunityAndPredictiveParity() {
    assertThat(GroupFairness.equalOpportunityDifference(predictions, sex).estimate()).isCloseTo(5.0 / 12, within(EPS));
    assertThat(GroupFairness.equalOpportunityRatio(
        predictions, sex, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates()).estimate())
        .isCloseTo(3.0 / 8, within(EPS));
    // precision f 2/3, m 1/2 -> 1/6 and 3/4
    assertThat(GroupFairness.predictiveParityDifference(predictions, sex).estimate()).isCloseTo(1.0 / 6, within(EPS));
    assertThat(GroupFairness.predictiveParityRatio(
        predictions, sex, DisparityMethod.BETWEEN_GROUPS, FairnessOptions.pointEstimates()).estimate())
        .isCloseTo(3.0 / 4, within(EPS));
  }

  @Test
  void equalizedOddsOnIntersectionsWithUndefinedGroups() {
    // (f,y) and (m,y) have no negatives: FPR NaN there. TPR: (f,o) 1, (f,y) 1/2, (m,o) 0, (m,y) 1.
    SensitiveFeatures both = Fixture.sexAndAge();
    assertThat(GroupFairness.equalizedOddsDifference(predictions, both).estimate()).isNaN();
    FairnessOptions skip = FairnessOptions.pointEstimates().withUndefinedGroups(UndefinedGroupPolicy.SKIP);
    // SKIP: TPR difference 1 - 0 = 1, FPR difference over (f,o),(m,o) 1/2 - 1/2 = 0 -> 1
    assertThat(GroupFairness.equalizedOddsDifference(predictions, both, DisparityMethod.BETWEEN_GROUPS, skip)
        .estimate()).isCloseTo(1.0, within(EPS));
    // ratio: TPR 0/1 = 0, FPR 1 -> 0
    assertThat(GroupFairness.equalizedOddsRatio(predictions, both, DisparityMethod.BETWEEN_GROUPS, skip)
        .estimate()).isCloseTo(0.0, within(EPS));
  }

  @Test
  void equalizedOddsIntervalBootstrapsTheWorstCaseOnEachResample() {
    FairnessOptions options = FairnessOptions.bootstrap(3L).withResamples(300);
    DisparityResult result = GroupFairness.equalizedOddsDifference(
        predictions, sex, DisparityMethod.BETWEEN_GROUPS, options);
    Bootstrap.Interval expected = Bootstrap.interval(11, rows -> {
      // naive: per sex, counts of positives, TP, negatives, FP over the resampled rows
      double[][] counts = new double[2][4];
      for (int row : rows) {
        double[] c = counts[Fixture.SEX[row].equals("f") ? 0 : 1];
        if (Fixture.TRUE[row] == 1) {
          c[0]++;
          c[1] += Fixture.PREDICTED[row];
        } else {
          c[2]++;
          c[3] += Fixture.PREDICTED[row];
        }
      }
      double tprGap = Math.abs(counts[0][1] / counts[0][0] - counts[1][1] / counts[1][0]);
      double fprGap = Math.abs(counts[0][3] / counts[0][2] - counts[1][3] / counts[1][2]);
      return Math.max(tprGap, fprGap); // 0/0 = NaN propagates through abs and Math.max
    }, 300, 0.95, 3L);
    assertThat(result.value()).isEqualTo(expected);
    assertThat(result.value().estimate()).isCloseTo(5.0 / 12, within(EPS));
    assertThat(result.components().get(0).overall().resamples()).isEqualTo(300);
  }

  @Test
  void labelMetricsNeedPredictedLabels() {
    Predictions scoredOnly = Predictions.scored(new int[] {0, 1}, new double[] {0.1, 0.9});
    SensitiveFeatures features = SensitiveFeatures.of("g", new String[] {"a", "b"});
    assertThatThrownBy(() -> GroupFairness.equalizedOddsDifference(scoredOnly, features))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("equalized_odds_difference needs predicted labels");
  }
}
