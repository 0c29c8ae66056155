package io.github.fairlora.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SweepChartsTest {
  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  @Test
  void tickLabelsAreDistinctAtWholeNumbers() {
    // XChart 3.8.8 retries wider tick steps until labels differ; whole numbers must map to distinct labels.
    assertThat(SweepCharts.powerOfTwoLabel(0)).isEqualTo("1");
    assertThat(SweepCharts.powerOfTwoLabel(6)).isEqualTo("64");
    assertThat(SweepCharts.powerOfTwoLabel(-1)).isEqualTo("0.5");
    assertThat(SweepCharts.powerOfTwoLabel(2.5)).isEqualTo(" ");
    assertThat(SweepCharts.powerOfTwoLabel(70)).isEqualTo(Double.toString(Math.pow(2, 70)));
    List<String> labels = java.util.stream.IntStream.rangeClosed(-20, 80)
        .mapToObj(i -> SweepCharts.powerOfTwoLabel(i)).toList();
    assertThat(labels).doesNotHaveDuplicates();
    assertThat(SweepCharts.wholeNumberLabel(3)).isEqualTo("3");
    assertThat(SweepCharts.wholeNumberLabel(2.5)).isEqualTo(" ");
    assertThat(SweepCharts.axisNumber(0.05)).isEqualTo("0.05");
    assertThat(SweepCharts.axisNumber(1234.5678)).isEqualTo("1235");
    assertThat(SweepCharts.axisNumber(0.0001)).isEqualTo("1.00e-04");
  }

  @Test
  void plotsFinishForAwkwardSweepShapes() {
    // Single ranks, non-powers of two, huge ranks, constant values (zero y range), one layer, many layers, one step.
    List<int[]> rankSets = List.of(new int[] {1}, new int[] {64}, new int[] {3, 12}, new int[] {1, 2},
        new int[] {1, 2, 4, 8, 16, 32, 64}, new int[] {1024, 4096}, new int[] {181});
    int[] layerCounts = {1, 7, 60};
    for (int s = 0; s < rankSets.size(); s++) {
      int[] ranks = rankSets.get(s);
      int layers = layerCounts[s % layerCounts.length];
      SweepResults results = constantSweep(ranks, layers);
      SweepCharts.Plots plots = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> SweepCharts.all(results),
          () -> "plots of ranks " + Arrays.toString(ranks) + " with " + layers + " layers did not finish");
      assertThat(plots.plots()).extracting(SweepCharts.Plot::fileName)
          .containsExactly("rank-m.png", "layers-lens.png", "training-loss.png");
      for (SweepCharts.Plot plot : plots.plots()) {
        BufferedImage image = assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> ImageIO.read(new ByteArrayInputStream(plot.png())));
        assertThat(image.getWidth()).isEqualTo(SweepCharts.WIDTH);
      }
    }
  }

  @Test
  void theLossCurvesMovingAverageIsBiasCorrected() {
    // a = 0.5: s1 = 0.5 * 0 + 0.5 * 4 = 2, / (1 - 0.5) = 4; s2 = 0.5 * 2 + 0.5 * 8 = 5, / 0.75 = 6.667;
    // s3 = 0.5 * 5 + 0.5 * 8 = 6.5, / 0.875 = 7.428571
    assertThat(SweepCharts.movingAverage(new double[] {4, 8, 8}, 0.5))
        .containsExactly(new double[] {4, 20.0 / 3, 6.5 / 0.875}, org.assertj.core.data.Offset.offset(1e-12));
    // A constant stays constant from the first point (no pull towards 0); smoothing 0 is the raw values.
    assertThat(SweepCharts.movingAverage(new double[] {3, 3, 3, 3}, 0.9))
        .containsExactly(new double[] {3, 3, 3, 3}, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(SweepCharts.movingAverage(new double[] {1, 5, 2}, 0)).containsExactly(1, 5, 2);
  }

  @Test
  void longLossCurvesAreDrawnSmoothedAndTheCaptionSaysSo() {
    double[] noisy = new double[40];
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = 3 - i * 0.05 + (i % 2 == 0 ? 0.3 : -0.3);
    }
    SweepResults results = SweepResults.builder("t")
        .metric(MetricResult.pointOnly(Variant.lora(2), "a", MetricDirection.UNSPECIFIED, 1))
        .training(new TrainingSummary(Variant.lora(2), 1, LossCurve.everyStep(noisy), LossCurve.empty(), 1, 2, 1, 1))
        .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();
    SweepCharts.Outcome outcome = SweepCharts.lossPlot(results, false, "training-loss.png");
    assertThat(outcome.plot().caption()).contains("exponential moving average", "smoothing 0.90", "raw values");
    SweepResults shortRun = SweepResults.builder("t")
        .metric(MetricResult.pointOnly(Variant.lora(2), "a", MetricDirection.UNSPECIFIED, 1))
        .training(new TrainingSummary(Variant.lora(2), 1, LossCurve.everyStep(new double[] {3, 2, 1}),
            LossCurve.empty(), 1, 2, 1, 1))
        .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();
    assertThat(SweepCharts.lossPlot(shortRun, false, "training-loss.png").plot().caption())
        .doesNotContain("moving average");
  }

  @Test
  void metricsWithoutFiniteLoraValuesAreExplainedNotPlotted() {
    SweepResults results = SweepResults.builder("t")
        .metric(MetricResult.pointOnly(Variant.base(), "a", MetricDirection.UNSPECIFIED, 1))
        .metric(MetricResult.pointOnly(Variant.lora(2), "a", MetricDirection.UNSPECIFIED, Double.POSITIVE_INFINITY))
        .layerCurve(new LayerCurve(Variant.lora(2), "lens", new double[] {Double.NaN, Double.NaN}))
        .training(new TrainingSummary(Variant.lora(2), 1, LossCurve.everyStep(new double[] {Double.NaN}),
            LossCurve.empty(), 1, 2, 1, 1))
        .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();
    SweepCharts.Plots plots = SweepCharts.all(results);
    assertThat(plots.plots()).isEmpty();
    assertThat(plots.skipped()).containsExactly(
        "No value-versus-rank plot for a: no LoRA variant has a finite value.",
        "No per-layer plot for lens: no variant has a finite value at any layer.",
        "No training loss plot: no variant recorded a finite loss.");
  }

  @Test
  void plotFileNamesAreUniqueEvenWhenNamesSlugTheSame() {
    SweepResults results = SweepResults.builder("t")
        .metric(MetricResult.pointOnly(Variant.lora(2), "a.b", MetricDirection.UNSPECIFIED, 1))
        .metric(MetricResult.pointOnly(Variant.lora(2), "a_b", MetricDirection.UNSPECIFIED, 2))
        .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();
    assertThat(SweepCharts.all(results).plots()).extracting(SweepCharts.Plot::fileName)
        .containsExactly("rank-a-b.png", "rank-a-b-2.png");
  }

  @Test
  void loraColoursRunFromDarkBlueToAmberByRank() {
    List<Variant> lora = List.of(Variant.lora(1), Variant.lora(4), Variant.lora(16));
    assertThat(SweepCharts.colorOf(Variant.lora(1), lora).getRGB() & 0xFFFFFF).isEqualTo(0x1F3C88);
    assertThat(SweepCharts.colorOf(Variant.lora(16), lora).getRGB() & 0xFFFFFF).isEqualTo(0xC88A00);
    assertThat(SweepCharts.colorOf(Variant.lora(4), lora)).isNotEqualTo(SweepCharts.colorOf(Variant.lora(1), lora));
    assertThat(SweepCharts.colorOf(Variant.full(), lora).getRGB() & 0xFFFFFF).isEqualTo(0xC0392B);
  }

  private static SweepResults constantSweep(int[] ranks, int layers) {
    SweepResults.Builder builder = SweepResults.builder("shapes")
        .metric(MetricResult.of(Variant.base(), "m", MetricDirection.HIGHER_IS_MORE_BIASED, 0.5, 0.4, 0.6))
        .metric(MetricResult.of(Variant.full(), "m", MetricDirection.HIGHER_IS_MORE_BIASED, 0.5, 0.4, 0.6))
        .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH);
    for (int rank : ranks) {
      Variant variant = Variant.lora(rank);
      builder.metric(MetricResult.of(variant, "m", MetricDirection.HIGHER_IS_MORE_BIASED, 0.5, 0.5, 0.5));
      double[] values = new double[layers];
      Arrays.fill(values, 1.0);
      builder.layerCurve(new LayerCurve(variant, "lens", values));
      builder.training(new TrainingSummary(variant, 1, LossCurve.everyStep(new double[] {2.0}), LossCurve.empty(),
          1, 2, 1, 1));
    }
    return builder.build();
  }
}
