package io.github.fairlora.metrics.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.stats.Bootstrap;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricFrameTest {
  private static final double EPS = 1e-12;

  @Test
  void selectionRateOverallByGroupAndAggregatesMatchHandArithmetic() {
    MetricFrameResult frame = MetricFrame.of(
        ClassificationMetric.selectionRate(), Fixture.TRUE, Fixture.PREDICTED, Fixture.sex());

    assertThat(frame.metric()).isEqualTo("selection_rate");
    assertThat(frame.featureNames()).containsExactly("sex");
    assertThat(frame.overall().estimate()).isCloseTo(5.0 / 11, within(EPS));
    assertThat(frame.byGroup().keySet()).containsExactly(Group.of("f"), Group.of("m"));
    assertThat(frame.group(Group.of("f")).estimate()).isCloseTo(3.0 / 5, within(EPS));
    assertThat(frame.group(Group.of("m")).estimate()).isCloseTo(1.0 / 3, within(EPS));
    assertThat(frame.groupSizes()).containsEntry(Group.of("f"), 5).containsEntry(Group.of("m"), 6);
    assertThat(frame.groupMin().estimate()).isCloseTo(1.0 / 3, within(EPS));
    assertThat(frame.groupMax().estimate()).isCloseTo(3.0 / 5, within(EPS));
    // between groups: 3/5 - 1/3 = 4/15; (1/3) / (3/5) = 5/9
    assertThat(frame.difference(DisparityMethod.BETWEEN_GROUPS).estimate()).isCloseTo(4.0 / 15, within(EPS));
    assertThat(frame.ratio(DisparityMethod.BETWEEN_GROUPS).estimate()).isCloseTo(5.0 / 9, within(EPS));
    // to overall: |3/5 - 5/11| = 8/55 > |1/3 - 5/11| = 4/33
    assertThat(frame.difference(DisparityMethod.TO_OVERALL).estimate()).isCloseTo(8.0 / 55, within(EPS));
    // ratios to overall: f (5/11)/(3/5) = 25/33 = 0.758; m (1/3)/(5/11) = 11/15 = 0.733 -> the smaller, 11/15
    assertThat(frame.ratio(DisparityMethod.TO_OVERALL).estimate()).isCloseTo(11.0 / 15, within(EPS));
    assertThat(frame.undefinedGroups()).isEmpty();
    // point estimates only: no interval
    assertThat(frame.overall().lower()).isNaN();
    assertThat(frame.overall().resamples()).isZero();
  }

  @Test
  void builtInMetricsPerGroupMatchHandArithmetic() {
    Predictions predictions = Fixture.predictions();
    SensitiveFeatures sex = Fixture.sex();
    assertGroups(ClassificationMetric.accuracy(), predictions, sex, 5.0 / 11, 3.0 / 5, 1.0 / 3);
    assertGroups(ClassificationMetric.truePositiveRate(), predictions, sex, 3.0 / 7, 2.0 / 3, 1.0 / 4);
    assertGroups(ClassificationMetric.falsePositiveRate(), predictions, sex, 1.0 / 2, 1.0 / 2, 1.0 / 2);
    assertGroups(ClassificationMetric.precision(), predictions, sex, 3.0 / 5, 2.0 / 3, 1.0 / 2);
    assertGroups(ClassificationMetric.count(), predictions, sex, 11, 5, 6);
  }

  private static void assertGroups(ClassificationMetric metric, Predictions predictions, SensitiveFeatures features,
      double overall, double female, double male) {
    MetricFrameResult frame = MetricFrame.of(metric, predictions, features);
    assertThat(frame.overall().estimate()).as(metric.name()).isCloseTo(overall, within(EPS));
    assertThat(frame.group(Group.of("f")).estimate()).as(metric.name()).isCloseTo(female, within(EPS));
    assertThat(frame.group(Group.of("m")).estimate()).as(metric.name()).isCloseTo(male, within(EPS));
  }

  @Test
  void intersectionsAreTuplesSortedValueByValueAndOnlyThosePresent() {
    // (f,y): rows 0,1 -> SR 1/2; (f,o): rows 2,3,4 -> SR 2/3; (m,y): row 5 -> SR 1; (m,o): rows 6-10 -> SR 1/5
    MetricFrameResult frame = MetricFrame.of(
        ClassificationMetric.selectionRate(), Fixture.predictions(), Fixture.sexAndAge());
    assertThat(frame.featureNames()).containsExactly("sex", "age");
    assertThat(frame.byGroup().keySet()).containsExactly(
        Group.of("f", "o"), Group.of("f", "y"), Group.of("m", "o"), Group.of("m", "y"));
    assertThat(frame.group(Group.of("f", "o")).estimate()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(frame.group(Group.of("f", "y")).estimate()).isCloseTo(1.0 / 2, within(EPS));
    assertThat(frame.group(Group.of("m", "o")).estimate()).isCloseTo(1.0 / 5, within(EPS));
    assertThat(frame.group(Group.of("m", "y")).estimate()).isCloseTo(1.0, within(EPS));
    // 1 - 1/5 = 4/5; (1/5)/1 = 1/5
    assertThat(frame.differenceBetweenGroups().estimate()).isCloseTo(4.0 / 5, within(EPS));
    assertThat(frame.ratioBetweenGroups().estimate()).isCloseTo(1.0 / 5, within(EPS));
    assertThat(Group.of("m", "y").toString()).isEqualTo("(m, y)");
    assertThatThrownBy(() -> frame.group(Group.of("x", "y")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(x, y)").hasMessageContaining("(f, o)");
  }

  @Test
  void undefinedGroupPropagatesNaNByDefaultAndIsSkippedOnRequest() {
    // FPR: (f,y) and (m,y) have no negatives -> NaN; (f,o): 1 FP of 2 negatives; (m,o): 1 FP of 2 -> 1/2 each.
    Predictions predictions = Fixture.predictions();
    MetricFrameResult propagated = MetricFrame.of(
        ClassificationMetric.falsePositiveRate(), predictions, Fixture.sexAndAge());
    assertThat(propagated.group(Group.of("f", "y")).estimate()).isNaN();
    assertThat(propagated.undefinedGroups()).containsExactly(Group.of("f", "y"), Group.of("m", "y"));
    assertThat(propagated.undefinedGroupPolicy()).isEqualTo(UndefinedGroupPolicy.PROPAGATE);
    assertThat(propagated.groupMin().estimate()).isNaN();
    assertThat(propagated.groupMax().estimate()).isNaN();
    for (DisparityMethod method : DisparityMethod.values()) {
      assertThat(propagated.difference(method).estimate()).isNaN();
      assertThat(propagated.ratio(method).estimate()).isNaN();
    }

    MetricFrameResult skipped = MetricFrame.of(ClassificationMetric.falsePositiveRate(), predictions,
        Fixture.sexAndAge(), FairnessOptions.pointEstimates().withUndefinedGroups(UndefinedGroupPolicy.SKIP));
    assertThat(skipped.undefinedGroups()).containsExactly(Group.of("f", "y"), Group.of("m", "y"));
    assertThat(skipped.groupMin().estimate()).isCloseTo(0.5, within(EPS));
    assertThat(skipped.groupMax().estimate()).isCloseTo(0.5, within(EPS));
    assertThat(skipped.differenceBetweenGroups().estimate()).isCloseTo(0.0, within(EPS));
    assertThat(skipped.ratioBetweenGroups().estimate()).isCloseTo(1.0, within(EPS));
    // overall FPR 1/2 as well -> 0 and 1 to overall
    assertThat(skipped.differenceToOverall().estimate()).isCloseTo(0.0, within(EPS));
    assertThat(skipped.ratioToOverall().estimate()).isCloseTo(1.0, within(EPS));
  }

  @Test
  void singleGroupHasDifferenceZeroAndRatioOne() {
    String[] everyone = new String[11];
    java.util.Arrays.fill(everyone, "all");
    MetricFrameResult frame = MetricFrame.of(
        ClassificationMetric.truePositiveRate(), Fixture.predictions(), SensitiveFeatures.of("g", everyone));
    assertThat(frame.byGroup()).hasSize(1);
    for (DisparityMethod method : DisparityMethod.values()) {
      assertThat(frame.difference(method).estimate()).isZero();
      assertThat(frame.ratio(method).estimate()).isEqualTo(1.0);
    }
    // also when the single value is 0 (0/0 would be NaN in Fairlearn; equal groups are at parity here)
    MetricFrameResult none = MetricFrame.of(ClassificationMetric.selectionRate(),
        new int[] {0, 1}, new int[] {0, 0}, SensitiveFeatures.of("g", new String[] {"a", "a"}));
    assertThat(none.ratioBetweenGroups().estimate()).isEqualTo(1.0);
    assertThat(none.ratioToOverall().estimate()).isEqualTo(1.0);
  }

  @Test
  void ratioWithAZeroGroupIsZero() {
    // a: SR 0; b: SR 1/2; overall 1/4 -> between 0/(1/2) = 0; to overall min(0, (1/4)/(1/2) = 1/2) = 0
    MetricFrameResult frame = MetricFrame.of(ClassificationMetric.selectionRate(),
        new int[] {0, 0, 0, 0}, new int[] {0, 0, 1, 0}, SensitiveFeatures.of("g", new String[] {"a", "a", "b", "b"}));
    assertThat(frame.ratioBetweenGroups().estimate()).isZero();
    assertThat(frame.ratioToOverall().estimate()).isZero();
    assertThat(frame.differenceToOverall().estimate()).isCloseTo(0.25, within(EPS));
  }

  @Test
  void bootstrapIntervalsEqualThoseOfANaiveRecomputationOnTheSameResamples() {
    FairnessOptions options = FairnessOptions.bootstrap(42L).withResamples(400);
    MetricFrameResult frame = MetricFrame.of(
        ClassificationMetric.selectionRate(), Fixture.predictions(), Fixture.sex(), options);
    // A naive difference: selection rate per sex over the resampled rows, written out independently.
    Bootstrap.Interval expected = Bootstrap.interval(11, rows -> {
      double[] selected = new double[2];
      double[] total = new double[2];
      for (int row : rows) {
        int sex = Fixture.SEX[row].equals("f") ? 0 : 1;
        total[sex]++;
        selected[sex] += Fixture.PREDICTED[row];
      }
      if (total[0] == 0 || total[1] == 0) {
        return Double.NaN;
      }
      return Math.abs(selected[0] / total[0] - selected[1] / total[1]);
    }, 400, 0.95, 42L);
    assertThat(frame.differenceBetweenGroups()).isEqualTo(expected);
    assertThat(frame.differenceBetweenGroups().lower()).isLessThan(frame.differenceBetweenGroups().upper());
    Bootstrap.Interval overall = Bootstrap.interval(11, rows -> {
      double selected = 0;
      for (int row : rows) {
        selected += Fixture.PREDICTED[row];
      }
      return selected / rows.length;
    }, 400, 0.95, 42L);
    assertThat(frame.overall()).isEqualTo(overall);
    // same seed, same intervals; another seed, (almost surely) other ones
    assertThat(MetricFrame.of(ClassificationMetric.selectionRate(), Fixture.predictions(), Fixture.sex(), options))
        .isEqualTo(frame);
  }

  @Test
  void everyGroupAndAggregateCarriesAnInterval() {
    MetricFrameResult frame = MetricFrame.of(ClassificationMetric.accuracy(), Fixture.predictions(), Fixture.sex(),
        FairnessOptions.bootstrap(7L).withResamples(200).withConfidence(0.9));
    List<Bootstrap.Interval> all = new java.util.ArrayList<>(frame.byGroup().values());
    all.addAll(List.of(frame.overall(), frame.groupMin(), frame.groupMax(), frame.differenceBetweenGroups(),
        frame.differenceToOverall(), frame.ratioBetweenGroups(), frame.ratioToOverall()));
    for (Bootstrap.Interval interval : all) {
      assertThat(interval.resamples()).isEqualTo(200);
      assertThat(interval.confidence()).isEqualTo(0.9);
      assertThat(interval.lower()).isLessThanOrEqualTo(interval.upper());
    }
  }

  @Test
  void badInputIsRejectedWithMessagesNamingWhatIsWrong() {
    assertThatThrownBy(() -> Predictions.of(new int[] {0, 1, 1, 0}, new int[] {0, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predictedLabels has 3").hasMessageContaining("trueLabels has 4");
    assertThatThrownBy(() -> Predictions.of(new int[] {0, 2}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trueLabels[1] is 2");
    assertThatThrownBy(() -> Predictions.of(new int[] {0, 1}, new int[] {-1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predictedLabels[0] is -1");
    assertThatThrownBy(() -> Predictions.scored(new int[] {0, 1, 1}, new double[] {0.1, 0.2, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[2] is NaN");
    assertThatThrownBy(() -> Predictions.scored(new int[] {0, 1, 1}, new double[] {0.1, 0.2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scores has 2").hasMessageContaining("trueLabels has 3");
    assertThatThrownBy(() -> MetricFrame.of(ClassificationMetric.accuracy(), Fixture.predictions(),
        SensitiveFeatures.of("sex", new String[] {"f", "m"})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 rows").hasMessageContaining("predictions have 11");
    assertThatThrownBy(() -> SensitiveFeatures.of("sex", Fixture.SEX).and("age", new String[] {"y"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'age' has 1 values").hasMessageContaining("'sex' has 11");
    assertThatThrownBy(() -> SensitiveFeatures.of("sex", new String[] {"f", null}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sex'").hasMessageContaining("row 1");
    assertThatThrownBy(() -> SensitiveFeatures.of("sex", Fixture.SEX).and("sex", Fixture.SEX))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sex' was given twice");
    assertThatThrownBy(() -> MetricFrame.of(ClassificationMetric.selectionRate(),
        Predictions.scored(new int[] {0, 1}, new double[] {0.2, 0.9}), SensitiveFeatures.of("g", new String[] {"a", "b"})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selection_rate needs predicted labels");
    assertThatThrownBy(() -> MetricFrame.of(ClassificationMetric.accuracy(), new int[0], new int[0],
        SensitiveFeatures.of("g", new String[0])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rows");
    assertThatThrownBy(() -> FairnessOptions.bootstrap(1L).withConfidence(1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence (1.0)");
  }
}
