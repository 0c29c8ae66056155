package io.github.fairlora.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.stats.Bootstrap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepResultsTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final MetricDirection NONE = MetricDirection.UNSPECIFIED;

  @Test
  void variantsHaveDisplayNamesThatParseBackAndSortInSweepOrder() {
    assertThat(Variant.base().displayName()).isEqualTo("base");
    assertThat(Variant.lora(4).displayName()).isEqualTo("lora r=4");
    assertThat(Variant.full().displayName()).isEqualTo("full");
    assertThat(Variant.lora(16).fileStem()).isEqualTo("lora-r16");
    for (Variant v : List.of(Variant.base(), Variant.lora(1), Variant.lora(64), Variant.full())) {
      assertThat(Variant.parse(v.displayName())).isEqualTo(v);
    }
    List<Variant> shuffled = new ArrayList<>(List.of(
        Variant.full(), Variant.lora(16), Variant.base(), Variant.lora(2), Variant.lora(8)));
    shuffled.sort(null);
    assertThat(shuffled).containsExactly(
        Variant.base(), Variant.lora(2), Variant.lora(8), Variant.lora(16), Variant.full());
  }

  @Test
  void variantRulesAreEnforced() {
    assertThatThrownBy(() -> Variant.lora(0)).hasMessageContaining("rank (0) must be positive");
    assertThatThrownBy(() -> new Variant(VariantKind.FULL, 4)).hasMessageContaining("rank must be 0");
    assertThatThrownBy(() -> Variant.parse("lora r=0")).hasMessageContaining("unknown variant name \"lora r=0\"");
    assertThatThrownBy(() -> Variant.parse("lora r=99999999999")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Variant.parse("Base")).hasMessageContaining("expected \"base\"");
  }

  @Test
  void acrossSeedsTakesTheMeanAndSampleStandardDeviation() {
    // {1, 2, 4}: mean 7/3; squared deviations 16/9 + 1/9 + 25/9 = 42/9; / (3 - 1) = 7/3; sd = sqrt(7/3).
    MetricResult row = MetricResult.acrossSeeds(Variant.lora(2), "m", NONE, new double[] {1, 2, 4}, 0.5, 5);
    assertThat(row.value()).isCloseTo(7.0 / 3, within(1e-12));
    assertThat(row.seedStd()).isCloseTo(Math.sqrt(7.0 / 3), within(1e-12));
    assertThat(row.seeds()).isEqualTo(3);
    assertThat(row.seedValues()).containsExactly(1, 2, 4);

    MetricResult single = MetricResult.acrossSeeds(Variant.lora(2), "m", NONE, new double[] {3}, Double.NaN, Double.NaN);
    assertThat(single.seedStd()).isNaN();
    assertThat(single.hasInterval()).isFalse();

    MetricResult undefined =
        MetricResult.acrossSeeds(Variant.lora(2), "m", NONE, new double[] {3, Double.NaN}, Double.NaN, Double.NaN);
    assertThat(undefined.value()).isNaN();
    assertThat(undefined.seedStd()).isNaN();
  }

  @Test
  void bootstrapIntervalsBecomeSingleSeedRows() {
    Bootstrap.Interval interval = new Bootstrap.Interval(0.4, 0.3, 0.55, 0.95, 1000);
    MetricResult row = MetricResult.of(Variant.full(), "m", NONE, interval);
    assertThat(row.value()).isEqualTo(0.4);
    assertThat(row.lower()).isEqualTo(0.3);
    assertThat(row.upper()).isEqualTo(0.55);
    assertThat(row.seeds()).isEqualTo(1);
    assertThat(row.seedStd()).isNaN();
  }

  @Test
  void metricRowRulesAreEnforced() {
    Variant v = Variant.lora(4);
    assertThatThrownBy(() -> MetricResult.of(v, "m", NONE, 1, 2, 1))
        .hasMessageContaining("lower (2.0) must not exceed upper (1.0)").hasMessageContaining("variant lora r=4");
    assertThatThrownBy(() -> MetricResult.of(v, "m", NONE, 1, 0, Double.NaN))
        .hasMessageContaining("both be numbers or both be NaN");
    assertThatThrownBy(() -> new MetricResult(v, "m", NONE, 1, 0, 2, 1, 0.5, new double[0]))
        .hasMessageContaining("must be NaN for a single seed");
    assertThatThrownBy(() -> new MetricResult(v, "m", NONE, 1, 0, 2, 3, 0.5, new double[] {1, 2}))
        .hasMessageContaining("seedValues has 2 values but seeds is 3");
    assertThatThrownBy(() -> new MetricResult(v, "m", NONE, 1, 0, 2, 2, -1, new double[0]))
        .hasMessageContaining("seedStd (-1.0)");
    assertThatThrownBy(() -> MetricResult.of(v, " m", NONE, 1, 0, 2)).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> MetricResult.of(v, "", NONE, 1, 0, 2)).hasMessageContaining("metric must not be blank");
    assertThatThrownBy(() -> MetricResult.of(v, "a\u0007b", NONE, 1, 0, 2)).hasMessageContaining("control");
  }

  @Test
  void recordsCompareNaNAndArraysByValue() {
    MetricResult a = MetricResult.of(Variant.lora(1), "m", NONE, Double.NaN, Double.NaN, Double.NaN);
    MetricResult b = MetricResult.of(Variant.lora(1), "m", NONE, Double.NaN, Double.NaN, Double.NaN);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(new LayerCurve(Variant.base(), "x", new double[] {1, Double.NaN}))
        .isEqualTo(new LayerCurve(Variant.base(), "x", new double[] {1, Double.NaN}))
        .isNotEqualTo(new LayerCurve(Variant.base(), "x", new double[] {1, 2}));
    // The arrays are copied in and out, so the records stay immutable.
    double[] values = {1, 2};
    LayerCurve curve = new LayerCurve(Variant.base(), "x", values);
    values[0] = 99;
    curve.values()[1] = 99;
    assertThat(curve.values()).containsExactly(1, 2);
  }

  @Test
  void lossCurvesAndTrainingSummariesAreChecked() {
    assertThat(LossCurve.everyStep(new double[] {3, 2}).steps()).containsExactly(1, 2);
    assertThat(LossCurve.everyStep(new double[] {3, 2}).last()).isEqualTo(2);
    assertThat(LossCurve.empty().last()).isNaN();
    assertThatThrownBy(() -> new LossCurve(new int[] {1, 1}, new double[] {1, 1}))
        .hasMessageContaining("step 1 at index 1 follows 1");
    assertThatThrownBy(() -> new LossCurve(new int[] {0}, new double[] {1})).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new LossCurve(new int[] {1}, new double[0])).hasMessageContaining("1 steps but 0 losses");
    LossCurve loss = LossCurve.everyStep(new double[] {1});
    assertThatThrownBy(() -> new TrainingSummary(Variant.base(), 1, loss, LossCurve.empty(), 1, 2, 1, 1))
        .hasMessageContaining("base model is not trained");
    assertThatThrownBy(() -> new TrainingSummary(Variant.full(), 1, loss, LossCurve.empty(), 3, 2, 1, 1))
        .hasMessageContaining("totalParameters (2) must be at least trainableParameters (3)");
    assertThatThrownBy(() -> new TrainingSummary(Variant.full(), 1, loss, LossCurve.empty(), 1, 2, -1, 1))
        .hasMessageContaining("trainingSeconds (-1.0)");
    // 1,024 of 260,000 parameters trained.
    assertThat(new TrainingSummary(Variant.lora(1), 1, loss, LossCurve.empty(), 1_024, 260_000, 1, 1)
        .trainableFraction()).isCloseTo(1024.0 / 260000, within(1e-15));
  }

  @Test
  void variantsAreSortedAndQueriesFindRows() {
    SweepResults results = SweepFixtures.synthetic();
    assertThat(results.variants()).containsExactlyElementsOf(SweepFixtures.VARIANTS);
    assertThat(results.loraVariants()).containsExactly(Variant.lora(1), Variant.lora(4), Variant.lora(16));
    assertThat(results.metricNames()).containsExactly(SweepFixtures.STEREOTYPE, SweepFixtures.TOXICITY,
        SweepFixtures.KL_BASE, SweepFixtures.KL_FULL, SweepFixtures.ODD, SweepFixtures.UNDEFINED);
    assertThat(results.metric(Variant.lora(4), SweepFixtures.STEREOTYPE).orElseThrow().value()).isEqualTo(59.0);
    assertThat(results.metric(Variant.lora(4), SweepFixtures.KL_FULL)).isEmpty();
    assertThat(results.direction(SweepFixtures.TOXICITY)).contains(MetricDirection.HIGHER_IS_MORE_BIASED);
    assertThat(results.trainings(Variant.lora(4))).extracting(TrainingSummary::seed).containsExactly(1L, 2L);
    assertThat(results.layerMeasures()).containsExactly(SweepFixtures.LENS);
    assertThat(results.settings().keySet()).startsWith("model", "data", "steps", "learning rate");
    assertThat(SweepReport.duration(results.duration())).isEqualTo("1 h 02 min 03 s");
  }

  @Test
  void retentionIsTheShareOfTheBaseToFullGapThatRemains() {
    SweepResults results = SweepFixtures.synthetic();
    // Toxicity: base 0.42, full 0.22. r=16: (0.33 - 0.22) / (0.42 - 0.22) = 0.11 / 0.20 = 0.55.
    assertThat(results.retention(Variant.lora(16), SweepFixtures.TOXICITY).orElseThrow()).isCloseTo(0.55, within(1e-12));
    // r=1: (0.41 - 0.22) / 0.20 = 0.95.
    assertThat(results.retention(Variant.lora(1), SweepFixtures.TOXICITY).orElseThrow()).isCloseTo(0.95, within(1e-12));
    // r=4 toxicity is NaN: no ratio.
    assertThat(results.retention(Variant.lora(4), SweepFixtures.TOXICITY)).isEmpty();
    // Stereotype r=4 (mean of 60 and 58 = 59): (59 - 54.1) / (62.5 - 54.1) = 4.9 / 8.4.
    assertThat(results.retention(Variant.lora(4), SweepFixtures.STEREOTYPE).orElseThrow())
        .isCloseTo(4.9 / 8.4, within(1e-12));
    // Base 0 and full 0 would divide by zero; KL to full has an infinite base value: no ratio either.
    assertThat(results.retention(Variant.lora(16), SweepFixtures.KL_FULL)).isEmpty();
    assertThat(results.retention(Variant.base(), SweepFixtures.TOXICITY).orElseThrow()).isEqualTo(1.0);
    assertThat(results.retention(Variant.full(), SweepFixtures.TOXICITY).orElseThrow()).isEqualTo(0.0);
  }

  @Test
  void inconsistentRowsAreRejected() {
    MetricResult row = MetricResult.pointOnly(Variant.lora(4), "m", NONE, 1);
    assertThatThrownBy(() -> new SweepResults("t", Map.of(), List.of(Variant.base()), List.of(row), List.of(),
        List.of(), List.of(), START, START))
        .hasMessageContaining("metric row 0 (m) refers to variant lora r=4, which is not in the variant list");
    assertThatThrownBy(() -> SweepResults.builder("t").metric(row).metric(row).startedAt(START).finishedAt(START)
        .build())
        .hasMessageContaining("metric m appears twice for variant lora r=4");
    assertThatThrownBy(() -> SweepResults.builder("t").metric(row)
        .metric(MetricResult.pointOnly(Variant.full(), "m", MetricDirection.HIGHER_IS_MORE_BIASED, 1))
        .startedAt(START).finishedAt(START).build())
        .hasMessageContaining("metric m has direction UNSPECIFIED on one variant but HIGHER_IS_MORE_BIASED on full");
    assertThatThrownBy(() -> new SweepResults("t", Map.of(), List.of(Variant.base(), Variant.base()), List.of(),
        List.of(), List.of(), List.of(), START, START)).hasMessageContaining("variant base is listed twice");
    assertThatThrownBy(() -> SweepResults.builder("t").startedAt(START).finishedAt(START.minusSeconds(1)).build())
        .hasMessageContaining("is before startedAt");
    assertThatThrownBy(() -> SweepResults.builder("t").build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SweepResults.builder("t").setting("a", "1").setting("a", "2"))
        .hasMessageContaining("setting a is already set");
    assertThatThrownBy(() -> SweepResults.builder(" ").startedAt(START).finishedAt(START).build())
        .hasMessageContaining("title must not be blank");
    LayerCurve curve = new LayerCurve(Variant.base(), "lens", new double[] {0});
    assertThatThrownBy(() -> SweepResults.builder("t").layerCurve(curve).layerCurve(curve).startedAt(START)
        .finishedAt(START).build()).hasMessageContaining("layer measure lens appears twice for variant base");
  }

  @Test
  void partialResultsRebuildTheSweep() {
    SweepResults results = SweepFixtures.synthetic();
    SweepResults.Builder builder = SweepResults.builder(results.title()).settings(results.settings());
    for (Variant variant : results.variants()) {
      builder.add(results.variantResults(variant));
    }
    results.notes().forEach(builder::note);
    SweepResults rebuilt = builder.startedAt(results.startedAt()).finishedAt(results.finishedAt()).build();
    // Rows come back grouped by variant, so compare as sets; everything else exactly.
    assertThat(rebuilt.variants()).isEqualTo(results.variants());
    assertThat(rebuilt.metrics()).containsExactlyInAnyOrderElementsOf(results.metrics());
    assertThat(rebuilt.layerCurves()).containsExactlyInAnyOrderElementsOf(results.layerCurves());
    assertThat(rebuilt.trainings()).containsExactlyInAnyOrderElementsOf(results.trainings());
    assertThat(rebuilt.notes()).isEqualTo(results.notes());

    VariantResults partial = results.variantResults(Variant.lora(4));
    assertThat(partial.metrics()).allMatch(r -> r.variant().equals(Variant.lora(4))).hasSize(3);
    assertThatThrownBy(() -> new VariantResults(Variant.lora(1), Map.of(), partial.metrics(), List.of(), List.of(),
        List.of(), START, START)).hasMessageContaining("refers to variant lora r=4");
    assertThatThrownBy(() -> results.variantResults(Variant.lora(2))).hasMessageContaining("not in this sweep");
  }
}
