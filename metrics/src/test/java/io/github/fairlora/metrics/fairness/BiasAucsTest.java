package io.github.fairlora.metrics.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BiasAucsTest {
  private static final double EPS = 1e-12;

  @Test
  void rocAucMatchesScikitLearnDocumentationExample() {
    // sklearn.metrics.roc_auc_score docs: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] -> 0.75
    assertThat(RocAuc.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8})).isCloseTo(0.75, within(EPS));
  }

  @Test
  void rocAucCountsTiesAsHalfAndIsNaNWithoutBothClasses() {
    // positives {0.5}, negatives {0.5, 0.2}: tie 1/2 + win 1 = 1.5 of 2 pairs
    assertThat(RocAuc.of(new int[] {1, 0, 0}, new double[] {0.5, 0.5, 0.2})).isCloseTo(0.75, within(EPS));
    assertThat(RocAuc.of(new int[] {1, 1}, new double[] {0.5, 0.2})).isNaN();
    assertThat(RocAuc.of(new int[] {0, 0}, new double[] {0.5, 0.2})).isNaN();
  }

  @Test
  void rocAucAgreesWithNaivePairCountingOnRandomTiedData() {
    SplittableRandom random = new SplittableRandom(2024);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(60);
      int[] labels = new int[n];
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(2);
        scores[i] = random.nextInt(7) / 6.0; // few distinct values: many ties
      }
      double wins = 0;
      double pairs = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (labels[i] == 1 && labels[j] == 0) {
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          }
        }
      }
      double expected = pairs == 0 ? Double.NaN : wins / pairs;
      assertThat(RocAuc.of(labels, scores)).as("trial %d", trial).isEqualTo(expected, within(1e-12));
    }
  }

  /**
   * <pre>
   * row label score identity
   *  0    1    0.4    in
   *  1    0    0.8    in
   *  2    0    0.3    in
   *  3    1    0.7    out
   *  4    1    0.4    out
   *  5    0    0.2    out
   *  6    0    0.4    out
   * </pre>
   */
  private static final int[] LABELS = {1, 0, 0, 1, 1, 0, 0};
  private static final double[] SCORES = {0.4, 0.8, 0.3, 0.7, 0.4, 0.2, 0.4};
  private static final boolean[] MEMBER = {true, true, true, false, false, false, false};

  @Test
  void subgroupBpsnAndBnspAucsMatchHandCounts() {
    Map<String, boolean[]> identities = new LinkedHashMap<>();
    identities.put("muslim", MEMBER);
    BiasAucResult result = BiasAucs.compute(
        Predictions.scored(LABELS, SCORES), identities, FairnessOptions.pointEstimates());
    // overall: positives 0.4, 0.7, 0.4; negatives 0.8, 0.3, 0.2, 0.4.
    // 0.4 beats 0.3, 0.2, ties 0.4 -> 2.5; 0.7 beats 0.3, 0.2, 0.4 -> 3; 0.4 -> 2.5; 8 of 12 pairs = 2/3
    assertThat(result.overallAuc().estimate()).isCloseTo(2.0 / 3, within(EPS));
    IdentityAucs muslim = result.identity("muslim");
    assertThat(muslim.subgroupRows()).isEqualTo(3);
    assertThat(muslim.subgroupPositives()).isEqualTo(1);
    // subgroup: positive 0.4 vs negatives 0.8 (loses), 0.3 (wins) -> 1/2
    assertThat(muslim.subgroupAuc().estimate()).isCloseTo(0.5, within(EPS));
    // BPSN: background positives 0.7, 0.4 vs subgroup negatives 0.8, 0.3 -> (0 + 1 + 0 + 1) / 4 = 1/2
    assertThat(muslim.bpsnAuc().estimate()).isCloseTo(0.5, within(EPS));
    // BNSP: subgroup positive 0.4 vs background negatives 0.2 (wins), 0.4 (tie) -> 1.5 / 2 = 3/4
    assertThat(muslim.bnspAuc().estimate()).isCloseTo(0.75, within(EPS));
  }

  @Test
  void subgroupWithoutPositivesHasUndefinedSubgroupAndBnspAucs() {
    // identity = rows 1, 2 (both negative): subgroup and BNSP need a subgroup positive -> NaN;
    // BPSN: background positives 0.4, 0.7, 0.4 vs 0.8, 0.3 -> (0+1) + (0+1) + (0+1) = 3 of 6 = 1/2
    Map<String, boolean[]> identities = Map.of("jewish", new boolean[] {false, true, true, false, false, false, false});
    IdentityAucs aucs = BiasAucs.compute(
        Predictions.scored(LABELS, SCORES), identities, FairnessOptions.pointEstimates()).identity("jewish");
    assertThat(aucs.subgroupAuc().estimate()).isNaN();
    assertThat(aucs.bnspAuc().estimate()).isNaN();
    assertThat(aucs.bpsnAuc().estimate()).isCloseTo(0.5, within(EPS));
  }

  @Test
  void groupsOfSensitiveFeaturesBecomeSubgroupsAndIntervalsAreComputed() {
    String[] religion = {"muslim", "muslim", "muslim", "other", "other", "other", "other"};
    BiasAucResult result = BiasAucs.compute(Predictions.scored(LABELS, SCORES),
        SensitiveFeatures.of("religion", religion), FairnessOptions.bootstrap(5L).withResamples(200));
    assertThat(result.identities()).extracting(IdentityAucs::identity).containsExactly("muslim", "other");
    assertThat(result.identity("muslim").bnspAuc().estimate()).isCloseTo(0.75, within(EPS));
    assertThat(result.overallAuc().resamples()).isEqualTo(200);
    assertThat(result.overallAuc().lower()).isLessThanOrEqualTo(result.overallAuc().upper());
    assertThatThrownBy(() -> result.identity("hindu"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'hindu'");
  }

  @Test
  void bootstrapIntervalsEqualNaivePairCountingOnEveryResample() {
    SplittableRandom random = new SplittableRandom(77);
    int n = 40;
    int[] labels = new int[n];
    double[] scores = new double[n];
    boolean[] large = new boolean[n];
    boolean[] small = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(2);
      scores[i] = random.nextInt(5) / 4.0; // ties
      large[i] = random.nextBoolean();
    }
    // a 3-row identity, so its subgroup AUC is often undefined on a resample (the NaN rule is exercised)
    labels[0] = 1;
    labels[1] = 0;
    labels[2] = 0;
    small[0] = small[1] = small[2] = true;
    Map<String, boolean[]> identities = new LinkedHashMap<>();
    identities.put("large", large);
    identities.put("small", small);
    FairnessOptions options = FairnessOptions.bootstrap(13L).withResamples(300);
    BiasAucResult result = BiasAucs.compute(Predictions.scored(labels, scores), identities, options);

    assertThat(result.overallAuc()).isEqualTo(
        io.github.fairlora.metrics.stats.Bootstrap.interval(n, rows -> naiveAuc(labels, scores, rows, row -> true),
            300, 0.95, 13L));
    for (Map.Entry<String, boolean[]> identity : identities.entrySet()) {
      boolean[] in = identity.getValue();
      IdentityAucs aucs = result.identity(identity.getKey());
      assertThat(aucs.subgroupAuc()).as(identity.getKey()).isEqualTo(io.github.fairlora.metrics.stats.Bootstrap
          .interval(n, rows -> naiveAuc(labels, scores, rows, row -> in[row]), 300, 0.95, 13L));
      assertThat(aucs.bpsnAuc()).as(identity.getKey()).isEqualTo(io.github.fairlora.metrics.stats.Bootstrap
          .interval(n, rows -> naiveAuc(labels, scores, rows, row -> in[row] == (labels[row] == 0)), 300, 0.95, 13L));
      assertThat(aucs.bnspAuc()).as(identity.getKey()).isEqualTo(io.github.fairlora.metrics.stats.Bootstrap
          .interval(n, rows -> naiveAuc(labels, scores, rows, row -> in[row] == (labels[row] == 1)), 300, 0.95, 13L));
    }
    assertThat(result.identity("small").subgroupAuc().estimate()).isCloseTo(
        naiveAuc(labels, scores, new int[] {0, 1, 2}, row -> true), within(EPS));
  }

  /** Share of (positive, negative) pairs among the kept rows (repeats counted) with the positive scored higher. */
  private static double naiveAuc(int[] labels, double[] scores, int[] rows, java.util.function.IntPredicate keep) {
    double wins = 0;
    double pairs = 0;
    for (int i : rows) {
      for (int j : rows) {
        if (keep.test(i) && keep.test(j) && labels[i] == 1 && labels[j] == 0) {
          pairs++;
          wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
      }
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }

  @Test
  void badInputIsRejected() {
    Predictions predictions = Predictions.scored(LABELS, SCORES);
    assertThatThrownBy(() -> BiasAucs.compute(predictions, Map.of("empty", new boolean[7]),
        FairnessOptions.pointEstimates()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity 'empty' has no member rows");
    assertThatThrownBy(() -> BiasAucs.compute(predictions, Map.of("short", new boolean[3]),
        FairnessOptions.pointEstimates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'short' has 3 membership flags").hasMessageContaining("7 rows");
    assertThatThrownBy(() -> BiasAucs.compute(Predictions.of(LABELS, LABELS), Map.of("x", MEMBER),
        FairnessOptions.pointEstimates()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias AUCs needs scores");
  }
}
