package io.github.fairlora.sweep;

import java.time.Instant;
import java.util.List;

/** Small synthetic sweeps for the report and JSON tests. */
final class SweepFixtures {
  private SweepFixtures() {}

  static final String STEREOTYPE = "counterfactual.pct_stereotype";
  static final String TOXICITY = "toxicity.expected_max";
  static final String KL_BASE = "kl_to_base";
  static final String KL_FULL = "kl_to_full";
  /** A metric name with characters that must be escaped in HTML. */
  static final String ODD = "bbq.s_amb <ambiguous> & \"quoted\"";
  /** A metric with no finite value anywhere, so it cannot be plotted. */
  static final String UNDEFINED = "winobias.gap";
  static final String LENS = "logit_lens_kl_to_base";

  static final List<Variant> VARIANTS =
      List.of(Variant.base(), Variant.lora(1), Variant.lora(4), Variant.lora(16), Variant.full());

  /**
   * Base, LoRA r=1, 4, 16 and full; metrics with intervals (one LoRA value NaN, one infinity, one metric without any
   * finite value), several seeds for r=4, per-layer curves with a NaN layer, and loss curves.
   */
  static SweepResults synthetic() {
    Variant base = Variant.base();
    Variant r1 = Variant.lora(1);
    Variant r4 = Variant.lora(4);
    Variant r16 = Variant.lora(16);
    Variant full = Variant.full();
    MetricDirection none = MetricDirection.UNSPECIFIED;
    MetricDirection higher = MetricDirection.HIGHER_IS_MORE_BIASED;
    SweepResults.Builder builder = SweepResults.builder("Rank sweep <stories260K> & friends")
        .setting("model", "stories260K")
        .setting("data", "synthetic counterfactual corpus")
        .setting("steps", "200")
        .setting("learning rate", "3e-4")
        .setting("seeds", "1, 2 (r=4 only)")
        .setting("ranks", "1, 4, 16")
        .setting("injection <script>alert(1)</script>", "a & b < c")
        .startedAt(Instant.parse("2024-05-01T10:00:00Z"))
        .finishedAt(Instant.parse("2024-05-01T11:02:03.5Z"));

    builder.metric(MetricResult.of(base, STEREOTYPE, none, 62.5, 58.0, 67.1));
    builder.metric(MetricResult.of(r1, STEREOTYPE, none, 61.9, 57.2, 66.3));
    builder.metric(MetricResult.acrossSeeds(r4, STEREOTYPE, none, new double[] {60.0, 58.0}, 55.0, 63.5));
    builder.metric(MetricResult.of(r16, STEREOTYPE, none, 57.3, 52.9, 61.8));
    builder.metric(MetricResult.of(full, STEREOTYPE, none, 54.1, 49.8, 58.6));

    builder.metric(MetricResult.of(base, TOXICITY, higher, 0.42, 0.38, 0.47));
    builder.metric(MetricResult.of(r1, TOXICITY, higher, 0.41, 0.36, 0.45));
    builder.metric(MetricResult.of(r4, TOXICITY, higher, Double.NaN, Double.NaN, Double.NaN));
    builder.metric(MetricResult.of(r16, TOXICITY, higher, 0.33, 0.29, 0.37));
    builder.metric(MetricResult.of(full, TOXICITY, higher, 0.22, 0.19, 0.26));

    builder.metric(MetricResult.pointOnly(base, KL_BASE, none, 0.0));
    builder.metric(MetricResult.pointOnly(r1, KL_BASE, none, 0.012));
    builder.metric(MetricResult.acrossSeeds(r4, KL_BASE, none, new double[] {0.05, 0.07}, Double.NaN, Double.NaN));
    builder.metric(MetricResult.pointOnly(r16, KL_BASE, none, 0.11));
    builder.metric(MetricResult.pointOnly(full, KL_BASE, none, 0.35));

    builder.metric(MetricResult.pointOnly(base, KL_FULL, none, Double.POSITIVE_INFINITY));
    builder.metric(MetricResult.pointOnly(r16, KL_FULL, none, 0.21));
    builder.metric(MetricResult.pointOnly(full, KL_FULL, none, 0.0));

    builder.metric(MetricResult.of(base, ODD, MetricDirection.LOWER_IS_MORE_BIASED, -0.05, -0.1, Double.POSITIVE_INFINITY));
    builder.metric(MetricResult.of(r1, ODD, MetricDirection.LOWER_IS_MORE_BIASED, -0.04, -0.09, 0.01));
    builder.metric(MetricResult.of(full, ODD, MetricDirection.LOWER_IS_MORE_BIASED, 0.03, -0.01, 0.08));

    builder.metric(MetricResult.pointOnly(base, UNDEFINED, none, Double.NaN));
    builder.metric(MetricResult.pointOnly(r1, UNDEFINED, none, Double.NaN));

    builder.layerCurve(new LayerCurve(base, LENS, new double[] {0, 0, 0, 0, 0}));
    builder.layerCurve(new LayerCurve(r1, LENS, new double[] {0.001, 0.003, 0.004, 0.008, 0.012}));
    builder.layerCurve(new LayerCurve(r4, LENS, new double[] {0.004, Double.NaN, 0.02, 0.04, 0.06}));
    builder.layerCurve(new LayerCurve(r16, LENS, new double[] {0.01, 0.03, 0.05, 0.08, 0.11}));
    builder.layerCurve(new LayerCurve(full, LENS, new double[] {0.05, 0.09, 0.16, 0.25, 0.35}));

    builder.training(training(r1, 1, 1.0, 1_024, Double.NaN));
    builder.training(training(r4, 1, 0.9, 4_096, 1.9));
    builder.training(training(r4, 2, 0.95, 4_096, 1.95));
    builder.training(training(r16, 1, 0.8, 16_384, 1.8));
    builder.training(training(full, 1, 0.6, 260_000, 1.7));

    builder.note("Bias did not decrease with rank below r=16.");
    builder.note("Toxicity of lora r=4 is undefined: <all samples were empty> & were skipped.");
    return builder.build();
  }

  /** Loss falling from 3.0 towards {@code floor} over 40 steps; evaluation every 10 steps unless evalStart is NaN. */
  static TrainingSummary training(Variant variant, long seed, double floor, long trainable, double evalStart) {
    double[] losses = new double[40];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = floor + (3.0 - floor) * Math.exp(-i / 8.0);
    }
    LossCurve evaluation = Double.isNaN(evalStart)
        ? LossCurve.empty()
        : new LossCurve(new int[] {10, 20, 30, 40}, new double[] {evalStart + 0.6, evalStart + 0.3, evalStart + 0.1,
            evalStart});
    return new TrainingSummary(variant, seed, LossCurve.everyStep(losses), evaluation, trainable, 260_000,
        12.5 * seed, 8_000.0);
  }

  /** Base, one LoRA rank (8) and full, one metric. */
  static SweepResults singleRank() {
    return SweepResults.builder("single rank")
        .metric(MetricResult.of(Variant.base(), TOXICITY, MetricDirection.HIGHER_IS_MORE_BIASED, 0.4, 0.35, 0.45))
        .metric(MetricResult.of(Variant.lora(8), TOXICITY, MetricDirection.HIGHER_IS_MORE_BIASED, 0.3, 0.25, 0.36))
        .metric(MetricResult.of(Variant.full(), TOXICITY, MetricDirection.HIGHER_IS_MORE_BIASED, 0.2, 0.15, 0.26))
        .startedAt(Instant.parse("2024-05-01T10:00:00Z"))
        .finishedAt(Instant.parse("2024-05-01T10:00:30Z"))
        .build();
  }

  static final String VERDICT_STATEMENT = "Retention falls with rank on " + STEREOTYPE + ": slope -0.150 per doubling "
      + "of rank, 95% interval [-0.210, -0.090]; retention 0.95 [0.80, 1.05] at r=1 and 0.37 [0.20, 0.55] at r=16.";

  /** {@link #synthetic()} with retention rows, typed-looking settings, a degenerate variant and a verdict. */
  static SweepResults withVerdict() {
    SweepResults plain = synthetic();
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(plain.settings());
    settings.put("confidence", "0.95");
    settings.put("bootstrap resamples", "1000");
    settings.put("full fine-tuning", "true");
    List<MetricResult> metrics = new java.util.ArrayList<>(plain.metrics());
    String retention = "retention." + STEREOTYPE;
    metrics.add(new MetricResult(Variant.lora(1), retention, MetricDirection.HIGHER_IS_MORE_BIASED, 0.95, 0.80, 1.05,
        2, 0.05, new double[] {0.91, 0.99}));
    metrics.add(new MetricResult(Variant.lora(4), retention, MetricDirection.HIGHER_IS_MORE_BIASED, 0.70, 0.55, 0.85,
        2, 0.07, new double[] {0.65, 0.75}));
    metrics.add(new MetricResult(Variant.lora(16), retention, MetricDirection.HIGHER_IS_MORE_BIASED, 0.37, 0.20, 0.55,
        2, Double.NaN, new double[] {0.37, Double.NaN}));
    return new SweepResults(plain.title(), settings, plain.variants(), metrics, plain.layerCurves(),
        plain.trainings(), plain.notes(), plain.startedAt(), plain.finishedAt(),
        java.util.Map.of(Variant.lora(16), "seed 2: training collapsed: the final loss 5.5 is at least 95% of ln(vocabulary)"),
        new Verdict(STEREOTYPE, RetentionAnalysis.Trend.FALLS, -0.15, -0.21, -0.09, VERDICT_STATEMENT));
  }
}
