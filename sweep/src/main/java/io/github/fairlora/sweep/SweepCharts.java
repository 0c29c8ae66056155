package io.github.fairlora.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the sweep report's plots with XChart into PNG bytes. Non-finite values are left out point by point; a plot
 * with nothing finite to show is not drawn, and the reason is returned instead so that the report can say why.
 */
final class SweepCharts {
  static final int WIDTH = 900;
  static final int HEIGHT = 520;

  private static final Color BASE_COLOR = new Color(0x33, 0x33, 0x33);
  private static final Color FULL_COLOR = new Color(0xC0, 0x39, 0x2B);
  private static final Color LORA_COLOR = new Color(0x1F, 0x5F, 0xA8);
  // Sequential palette for LoRA ranks in multi-line plots, low rank to high rank.
  private static final Color[] LORA_RAMP = {
    new Color(0x1F, 0x3C, 0x88), new Color(0x1F, 0x8A, 0x9E), new Color(0x4C, 0xA6, 0x4C), new Color(0xC8, 0x8A, 0x00)
  };
  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke THIN = new BasicStroke(1.5f);
  private static final BasicStroke HAIRLINE = new BasicStroke(1f);
  /** Loss curves with at least this many logged points get a moving-average line over the raw points. */
  static final int SMOOTH_FROM_POINTS = 10;
  /** Weight of the past in the loss curves' moving average. */
  static final double LOSS_SMOOTHING = 0.9;
  private static final int RAW_ALPHA = 70;
  private static final BasicStroke DASHED =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 6f}, 0f);
  private static final BasicStroke DOTTED =
      new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {0.5f, 5f}, 0f);

  private SweepCharts() {}

  /** One drawn plot: its file name, title, alternative text, a caption saying how to read it, and the PNG bytes. */
  record Plot(String fileName, String title, String altText, String caption, byte[] png) {}

  /** The plots of a report and, for each plot that could not be drawn, a sentence saying why. */
  record Plots(List<Plot> plots, List<String> skipped) {}

  /**
   * Every plot of the report: one value-versus-rank plot per metric (bias, toxicity and fairness metrics, and shift
   * measures such as the KL divergence to the base model), one per layer measure, and the training and evaluation loss.
   */
  static Plots all(SweepResults results) {
    List<Plot> plots = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Set<String> fileNames = new HashSet<>();
    if (results.verdict() != null) {
      fileNames.add(HEADLINE_FILE);
      addOrSkip(retentionPlot(results, results.verdict().metric(), HEADLINE_FILE), plots, skipped);
    }
    for (String metric : results.metricNames()) {
      String file = uniqueFileName("rank-" + slug(metric), fileNames);
      addOrSkip(rankPlot(results, metric, file), plots, skipped);
    }
    for (String measure : results.layerMeasures()) {
      String file = uniqueFileName("layers-" + slug(measure), fileNames);
      addOrSkip(layerPlot(results, measure, file), plots, skipped);
    }
    if (!results.trainings().isEmpty()) {
      addOrSkip(lossPlot(results, false, uniqueFileName("training-loss", fileNames)), plots, skipped);
      boolean anyEvaluation = results.trainings().stream().anyMatch(t -> !t.evaluationLoss().isEmpty());
      if (anyEvaluation) {
        addOrSkip(lossPlot(results, true, uniqueFileName("evaluation-loss", fileNames)), plots, skipped);
      }
    }
    return new Plots(List.copyOf(plots), List.copyOf(skipped));
  }

  /** File name of the headline plot: retention of the verdict's measure against rank. */
  static final String HEADLINE_FILE = "headline-retention.png";

  /**
   * The headline: retention of {@code metric} against LoRA rank with its interval drawn as a band (its two edges),
   * and reference lines at 1 (the base model) and 0 (full fine-tuning).
   */
  static Outcome retentionPlot(SweepResults results, String metric, String fileName) {
    List<double[]> points = new ArrayList<>();
    for (Variant variant : results.loraVariants()) {
      results.metric(variant, "retention." + metric).ifPresent(row -> {
        if (Double.isFinite(row.value())) {
          points.add(new double[] {log2(variant.rank()), row.value(), row.lower(), row.upper()});
        }
      });
    }
    if (points.isEmpty()) {
      return new Outcome(null, "No retention plot for " + metric + ": retention is undefined for every LoRA rank "
          + "(see the verdict).");
    }
    List<Variant> lora = results.loraVariants();
    double left = Math.floor(log2(lora.get(0).rank()) - 0.5);
    double right = Math.ceil(log2(lora.get(lora.size() - 1).rank()) + 0.5);
    String title = "Retention of the base model's bias by LoRA rank";
    XYChart chart = newChart(title + ": " + metric, "LoRA rank (log2 scale)", "retention (1 = base, 0 = full)");
    XYStyler styler = chart.getStyler();
    styler.setXAxisMin(left);
    styler.setXAxisMax(right);
    styler.setxAxisTickLabelsFormattingFunction(SweepCharts::powerOfTwoLabel);
    double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
    XYSeries value = chart.addSeries("retention (mean over seeds)", xs, points.stream().mapToDouble(p -> p[1])
        .toArray());
    value.setLineColor(LORA_COLOR);
    value.setMarkerColor(LORA_COLOR);
    value.setMarker(SeriesMarkers.CIRCLE);
    value.setLineStyle(SOLID);
    boolean band = points.stream().allMatch(p -> Double.isFinite(p[2]) && Double.isFinite(p[3]));
    if (band) {
      XYSeries lower = chart.addSeries("interval (seeds and items resampled)", xs,
          points.stream().mapToDouble(p -> p[2]).toArray());
      XYSeries upper = chart.addSeries("interval upper", xs, points.stream().mapToDouble(p -> p[3]).toArray());
      for (XYSeries edge : List.of(lower, upper)) {
        edge.setLineColor(new Color(0x1F, 0x5F, 0xA8, 0x90));
        edge.setLineStyle(THIN);
        edge.setMarker(SeriesMarkers.NONE);
      }
      upper.setShowInLegend(false);
    }
    XYSeries one = chart.addSeries("1 = base model", new double[] {left, right}, new double[] {1, 1});
    one.setLineColor(BASE_COLOR);
    one.setLineStyle(DASHED);
    one.setMarker(SeriesMarkers.NONE);
    XYSeries zero = chart.addSeries("0 = full fine-tuning", new double[] {left, right}, new double[] {0, 0});
    zero.setLineColor(FULL_COLOR);
    zero.setLineStyle(DOTTED);
    zero.setMarker(SeriesMarkers.NONE);
    String caption = "Blue points: retention of " + metric + " at each LoRA rank, (bias of the variant - bias of full "
        + "fine-tuning) / (bias of the base model - bias of full fine-tuning), bias measured as its distance from the "
        + "ideal" + (band ? "; thin lines: the edges of its interval, from a bootstrap over seeds and items" : "")
        + ". Dashed line at 1: as biased as the base model; dotted line at 0: as little as full fine-tuning.";
    String alt = "Line chart of retention of " + metric + " against LoRA rank, with reference lines at 1 (base) and 0 "
        + "(full fine-tuning)";
    return new Outcome(new Plot(fileName, title, alt, caption, png(chart)), null);
  }

  /** Either a plot or the reason there is none. */
  record Outcome(Plot plot, String skipped) {}

  private static void addOrSkip(Outcome outcome, List<Plot> plots, List<String> skipped) {
    if (outcome.plot() != null) {
      plots.add(outcome.plot());
    } else {
      skipped.add(outcome.skipped());
    }
  }

  /** Whether a metric measures how far a variant moved (a divergence) rather than bias. */
  static boolean isShiftMeasure(String metric) {
    String lower = metric.toLowerCase(Locale.ROOT);
    return lower.startsWith("kl") || lower.contains("kl_to") || lower.contains("divergence");
  }

  /** Value against LoRA rank, with interval bars, and base and full fine-tuning as horizontal reference lines. */
  static Outcome rankPlot(SweepResults results, String metric, String fileName) {
    List<Variant> lora = results.loraVariants();
    List<double[]> points = new ArrayList<>();  // {log2 rank, value, lower, upper}
    for (Variant variant : lora) {
      results.metric(variant, metric).ifPresent(row -> {
        if (Double.isFinite(row.value())) {
          points.add(new double[] {log2(variant.rank()), row.value(), row.lower(), row.upper()});
        }
      });
    }
    if (points.isEmpty()) {
      return new Outcome(null, "No value-versus-rank plot for " + metric + ": no LoRA variant has a finite value.");
    }
    // Whole-number ends (in log2 units) with at least half a step of room: XChart then puts ticks on whole numbers,
    // where powerOfTwoLabel names the rank.
    double left = Math.floor(log2(lora.get(0).rank()) - 0.5);
    double right = Math.ceil(log2(lora.get(lora.size() - 1).rank()) + 0.5);

    boolean shift = isShiftMeasure(metric);
    String title = shift ? metric + " versus LoRA rank" : metric + " by LoRA rank";
    XYChart chart = newChart(title, "LoRA rank (log2 scale)", metric);
    XYStyler styler = chart.getStyler();
    styler.setXAxisMin(left);
    styler.setXAxisMax(right);
    styler.setxAxisTickLabelsFormattingFunction(SweepCharts::powerOfTwoLabel);

    double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
    XYSeries loraSeries = chart.addSeries("LoRA", xs, ys);
    loraSeries.setLineColor(LORA_COLOR);
    loraSeries.setMarkerColor(LORA_COLOR);
    loraSeries.setMarker(SeriesMarkers.CIRCLE);
    loraSeries.setLineStyle(SOLID);

    boolean firstInterval = true;
    for (double[] p : points) {
      if (!Double.isFinite(p[2]) || !Double.isFinite(p[3])) {
        continue;
      }
      XYSeries bar = chart.addSeries("interval at " + p[0], new double[] {p[0], p[0]}, new double[] {p[2], p[3]});
      bar.setLineColor(LORA_COLOR);
      bar.setMarker(SeriesMarkers.NONE);
      bar.setLineStyle(THIN);
      bar.setLabel("LoRA interval");
      bar.setShowInLegend(firstInterval);
      firstInterval = false;
    }
    boolean hasBase = reference(chart, results, Variant.base(), metric, left, right, BASE_COLOR, DASHED);
    boolean hasFull = reference(chart, results, Variant.full(), metric, left, right, FULL_COLOR, DOTTED);

    StringBuilder caption = new StringBuilder();
    caption.append("Blue points joined by a line: the value of ").append(metric)
        .append(" for each LoRA rank (x axis: rank, doubling at each step)");
    caption.append(firstInterval ? ". " : "; vertical bars: the interval around each value. ");
    if (hasBase) {
      caption.append("Dashed grey line: the base model. ");
    }
    if (hasFull) {
      caption.append("Dotted red line: full fine-tuning. ");
    }
    if (shift) {
      caption.append("This measures how far each variant moved from the reference distribution: 0 means no change. ");
    } else {
      caption.append(directionSentence(results.direction(metric).orElse(MetricDirection.UNSPECIFIED)));
      if (hasBase && hasFull) {
        caption.append("LoRA points near the dashed line kept the base model's behaviour; points near the dotted line "
            + "moved as far as full fine-tuning. ");
      }
    }
    int missing = lora.size() - points.size();
    if (missing > 0) {
      caption.append(missing).append(missing == 1 ? " LoRA rank has" : " LoRA ranks have")
          .append(" no finite value and is left out. ");
    }
    String alt = "Line chart of " + metric + " against LoRA rank for ranks "
        + lora.stream().map(v -> Integer.toString(v.rank())).toList() + (hasBase ? ", with the base model" : "")
        + (hasFull ? (hasBase ? " and" : ", with") + " full fine-tuning" : "") + " as reference lines";
    return new Outcome(new Plot(fileName, title, alt, caption.toString().strip(), png(chart)), null);
  }

  /**
   * The tick label at x = log2(rank): 2^x at whole x, a blank elsewhere. XChart 3.8.8 widens the tick step until all
   * labels differ (and loops for ever if they never do), so the labels must be distinct at whole numbers; the repeated
   * blanks at fractions push it to a whole-number step, where every tick is a power of two.
   */
  static String powerOfTwoLabel(double x) {
    long rounded = Math.round(x);
    if (Math.abs(x - rounded) > 1e-9) {
      return " ";
    }
    if (rounded >= 0 && rounded < 63) {
      return Long.toString(1L << rounded);
    }
    return Double.toString(Math.pow(2, rounded));
  }

  private static String directionSentence(MetricDirection direction) {
    return switch (direction) {
      case HIGHER_IS_MORE_BIASED -> "Higher values mean more bias or toxicity. ";
      case LOWER_IS_MORE_BIASED -> "Lower values mean more bias. ";
      case UNSPECIFIED -> "";
    };
  }

  /** Adds a horizontal line at the variant's value across the plot; false when it has no finite value. */
  private static boolean reference(XYChart chart, SweepResults results, Variant variant, String metric, double left,
      double right, Color color, BasicStroke stroke) {
    double value = results.metric(variant, metric).map(MetricResult::value).orElse(Double.NaN);
    if (!Double.isFinite(value)) {
      return false;
    }
    String name = variant.kind() == VariantKind.BASE ? "base model" : "full fine-tuning";
    XYSeries line = chart.addSeries(name, new double[] {left, right}, new double[] {value, value});
    line.setLineColor(color);
    line.setLineStyle(stroke);
    line.setMarker(SeriesMarkers.NONE);
    return true;
  }

  /** One line per variant over layers. */
  static Outcome layerPlot(SweepResults results, String measure, String fileName) {
    XYChart chart = newChart(measure + " by layer", "layer", measure);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(SweepCharts::wholeNumberLabel);
    int drawn = 0;
    List<Variant> lora = results.loraVariants();
    for (Variant variant : results.variants()) {
      var curve = results.layerCurve(variant, measure);
      if (curve.isEmpty()) {
        continue;
      }
      double[] values = curve.get().values();
      double[] xs = new double[values.length];
      Arrays.setAll(xs, i -> i);
      double[][] finite = finitePoints(xs, values);
      if (finite[0].length == 0) {
        continue;
      }
      XYSeries series = chart.addSeries(variant.displayName(), finite[0], finite[1]);
      styleVariant(series, variant, lora);
      series.setMarker(values.length <= 48 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      drawn++;
    }
    if (drawn == 0) {
      return new Outcome(null, "No per-layer plot for " + measure + ": no variant has a finite value at any layer.");
    }
    String caption = "One line per variant: " + measure + " at each layer (x axis: layer index, first layer at 0). "
        + (measure.toLowerCase(Locale.ROOT).contains("logit_lens")
            ? "The logit lens reads each layer's hidden state out through the final norm and the unembedding, so the "
                + "curve shows at which depth a variant's intermediate predictions start to differ. "
            : "")
        + "Dashed grey: base model; dotted red: full fine-tuning; solid lines: LoRA ranks, from dark blue (lowest) to "
        + "amber (highest). A line at 0 means no difference at that layer.";
    String alt = "Line chart of " + measure + " against layer index, one line for each of " + drawn + " variants";
    return new Outcome(new Plot(fileName, measure + " by layer", alt, caption, png(chart)), null);
  }

  /** Training or evaluation loss against step, one line per fine-tuned variant (mean over seeds where they align). */
  static Outcome lossPlot(SweepResults results, boolean evaluation, String fileName) {
    String what = evaluation ? "Evaluation loss" : "Training loss";
    XYChart chart = newChart(what, "optimizer step", "loss (nats per token)");
    int drawn = 0;
    boolean averaged = false;
    boolean firstSeedOnly = false;
    boolean smoothed = false;
    List<Variant> lora = results.loraVariants();
    for (Variant variant : results.variants()) {
      List<TrainingSummary> runs = results.trainings(variant);
      List<LossCurve> curves = runs.stream()
          .map(t -> evaluation ? t.evaluationLoss() : t.trainingLoss())
          .filter(c -> !c.isEmpty())
          .toList();
      if (curves.isEmpty()) {
        continue;
      }
      int[] steps = curves.get(0).steps();
      double[] losses;
      boolean aligned = curves.stream().allMatch(c -> Arrays.equals(c.steps(), steps));
      if (curves.size() > 1 && aligned) {
        losses = new double[steps.length];
        for (LossCurve curve : curves) {
          double[] values = curve.losses();
          for (int i = 0; i < values.length; i++) {
            losses[i] += values[i] / curves.size();
          }
        }
        averaged = true;
      } else {
        losses = curves.get(0).losses();
        firstSeedOnly |= curves.size() > 1;
      }
      double[] xs = Arrays.stream(steps).asDoubleStream().toArray();
      double[][] finite = finitePoints(xs, losses);
      if (finite[0].length == 0) {
        continue;
      }
      if (finite[0].length >= SMOOTH_FROM_POINTS) {
        // Per-step losses are noisy: the raw points as a faint line (not in the legend) under their moving average.
        XYSeries raw = chart.addSeries(variant.displayName() + " (raw)", finite[0], finite[1]);
        styleVariant(raw, variant, lora);
        Color color = colorOf(variant, lora);
        raw.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), RAW_ALPHA));
        raw.setLineStyle(HAIRLINE);
        raw.setMarker(SeriesMarkers.NONE);
        raw.setShowInLegend(false);
        XYSeries smooth = chart.addSeries(variant.displayName(), finite[0], movingAverage(finite[1], LOSS_SMOOTHING));
        styleVariant(smooth, variant, lora);
        smooth.setMarker(SeriesMarkers.NONE);
        smoothed = true;
      } else {
        XYSeries series = chart.addSeries(variant.displayName(), finite[0], finite[1]);
        styleVariant(series, variant, lora);
        series.setMarker(SeriesMarkers.CIRCLE);
      }
      drawn++;
    }
    if (drawn == 0) {
      return new Outcome(null, "No " + what.toLowerCase(Locale.ROOT) + " plot: no variant recorded a finite loss.");
    }
    String caption = what + " (mean cross-entropy, nats per token) against optimizer step, one line per fine-tuned "
        + "variant: LoRA ranks from dark blue (lowest) to amber (highest), full fine-tuning dotted red. "
        + (averaged ? "Where a variant was trained with several seeds, the line is their mean. " : "")
        + (firstSeedOnly ? "Where seeds logged different steps, the lowest seed is shown. " : "")
        + (smoothed ? String.format(Locale.ROOT, "Bold lines: exponential moving average of the logged losses "
            + "(smoothing %.2f, bias-corrected at the start); faint lines: the raw values. ", LOSS_SMOOTHING) : "")
        + (evaluation ? "Held-out loss that rises while training loss falls indicates overfitting."
            : "Lower is a closer fit to the fine-tuning data; compare how fast each rank learns.");
    String alt = what + " against step for " + drawn + " fine-tuned variants";
    return new Outcome(new Plot(fileName, what, alt, caption, png(chart)), null);
  }

  /**
   * Exponential moving average s_t = a s_(t-1) + (1 - a) x_t from s_0 = 0, divided by 1 - a^t so the first points are
   * not pulled towards 0 (TensorBoard's smoothing). Expects finite values.
   */
  static double[] movingAverage(double[] values, double smoothing) {
    if (!(smoothing >= 0 && smoothing < 1)) {
      throw new IllegalArgumentException("smoothing (" + smoothing + ") must be in [0, 1)");
    }
    double[] averaged = new double[values.length];
    double running = 0;
    double weight = 1;
    for (int t = 0; t < values.length; t++) {
      running = smoothing * running + (1 - smoothing) * values[t];
      weight *= smoothing;
      averaged[t] = running / (1 - weight);
    }
    return averaged;
  }

  private static void styleVariant(XYSeries series, Variant variant, List<Variant> lora) {
    Color color = colorOf(variant, lora);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setLineStyle(switch (variant.kind()) {
      case BASE -> DASHED;
      case FULL -> DOTTED;
      case LORA -> SOLID;
    });
  }

  /** Base grey, full red, LoRA along a dark-blue-to-amber ramp by rank order. */
  static Color colorOf(Variant variant, List<Variant> lora) {
    return switch (variant.kind()) {
      case BASE -> BASE_COLOR;
      case FULL -> FULL_COLOR;
      case LORA -> {
        int index = lora.indexOf(variant);
        double t = lora.size() <= 1 ? 0 : (double) Math.max(index, 0) / (lora.size() - 1);
        double position = t * (LORA_RAMP.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, LORA_RAMP.length - 1);
        double f = position - low;
        Color a = LORA_RAMP[low];
        Color b = LORA_RAMP[high];
        yield new Color(
            (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
            (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
            (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
      }
    };
  }

  private static XYChart newChart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(new Color(0x99, 0x99, 0x99));
    styler.setPlotGridLinesColor(new Color(0xE2, 0xE2, 0xE2));
    styler.setChartTitleBoxVisible(false);
    styler.setyAxisTickLabelsFormattingFunction(SweepCharts::axisNumber);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setLegendSeriesLineLength(36);
    styler.setMarkerSize(8);
    styler.setToolTipsEnabled(false);
    styler.setAntiAlias(true);
    return chart;
  }

  /** The (x, y) pairs whose y is finite, as {xs, ys}. */
  static double[][] finitePoints(double[] xs, double[] ys) {
    int n = 0;
    for (double y : ys) {
      if (Double.isFinite(y)) {
        n++;
      }
    }
    double[][] out = {new double[n], new double[n]};
    int j = 0;
    for (int i = 0; i < ys.length; i++) {
      if (Double.isFinite(ys[i])) {
        out[0][j] = xs[i];
        out[1][j] = ys[i];
        j++;
      }
    }
    return out;
  }

  /** Y-axis labels: up to four significant digits, distinct for distinct tick values (XChart needs that). */
  static String axisNumber(double y) {
    if (y == 0) {
      return "0";
    }
    double magnitude = Math.abs(y);
    if (magnitude >= 1e6 || magnitude < 1e-3) {
      return String.format(Locale.ROOT, "%.2e", y);
    }
    return new java.math.BigDecimal(y).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /** Layer indices at whole x, a blank elsewhere (see {@link #powerOfTwoLabel} for why). */
  static String wholeNumberLabel(double x) {
    long rounded = Math.round(x);
    return Math.abs(x - rounded) < 1e-9 ? Long.toString(rounded) : " ";
  }

  private static double log2(int rank) {
    // Exact for powers of two, so that their points sit on the labelled ticks.
    return Integer.bitCount(rank) == 1 ? Integer.numberOfTrailingZeros(rank) : Math.log(rank) / Math.log(2);
  }

  static byte[] png(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the plot \"" + chart.getTitle() + "\" as PNG", e);
    }
  }

  /** A lower-case file-name stem of letters, digits and dashes (at most 80 characters). */
  static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > 80) {
      slug = slug.substring(0, 80).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "plot" : slug;
  }

  private static String uniqueFileName(String stem, Set<String> taken) {
    String name = stem + ".png";
    for (int i = 2; !taken.add(name); i++) {
      name = stem + "-" + i + ".png";
    }
    return name;
  }
}
