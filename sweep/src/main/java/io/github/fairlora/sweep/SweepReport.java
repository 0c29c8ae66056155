package io.github.fairlora.sweep;

import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes the report of a rank sweep into a directory: {@code results.json} (everything, for re-reading with
 * {@link SweepResultsJson#read}), {@code results.csv} (one row per variant and metric), one PNG per plot under
 * {@code plots/}, and {@code report.html}, a self-contained page (styles inline, plots embedded as base64 PNG, a
 * content-security policy that forbids loading anything else, no scripts) with the settings, the results table, the
 * bias-retention table, the training summary, the plots with captions on how to read them, and the notes.
 *
 * <p>Every file is written atomically. The plots are drawn off-screen; on a machine without a display run the JVM
 * with {@code -Djava.awt.headless=true} (the library does not set it, so as not to change an embedding application).
 * Plot files left in {@code plots/} by an earlier report with other metrics are not removed.
 */
public final class SweepReport {
  /** The name of the JSON file in the output directory. */
  public static final String JSON_FILE = "results.json";
  /** The name of the CSV file in the output directory. */
  public static final String CSV_FILE = "results.csv";
  /** The name of the HTML page in the output directory. */
  public static final String HTML_FILE = "report.html";
  /** The sub-directory of the output directory that holds the PNG plots. */
  public static final String PLOTS_DIRECTORY = "plots";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private SweepReport() {}

  /**
   * The files one report wrote.
   *
   * @param json the whole results as JSON
   * @param csv the metric rows as CSV
   * @param plots the PNG plots, in the order the page shows them
   * @param html the HTML page
   */
  public record ReportFiles(Path json, Path csv, List<Path> plots, Path html) {
    /** Copies the plot list. */
    public ReportFiles {
      Objects.requireNonNull(json, "json");
      Objects.requireNonNull(csv, "csv");
      plots = List.copyOf(plots);
      Objects.requireNonNull(html, "html");
    }

    /** Every file written: the JSON, the CSV, the plots, then the HTML page. */
    public List<Path> all() {
      List<Path> all = new ArrayList<>();
      all.add(json);
      all.add(csv);
      all.addAll(plots);
      all.add(html);
      return List.copyOf(all);
    }
  }

  /**
   * Writes the report of {@code results} into {@code outputDirectory} (created when missing); existing report files
   * there are replaced.
   *
   * @return the paths written
   * @throws IllegalArgumentException when {@code outputDirectory} exists and is not a directory
   * @throws IOException when a file cannot be written
   */
  public static ReportFiles write(SweepResults results, Path outputDirectory) throws IOException {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    if (Files.exists(outputDirectory) && !Files.isDirectory(outputDirectory)) {
      throw new IllegalArgumentException("report output " + outputDirectory + " exists and is not a directory");
    }
    Files.createDirectories(outputDirectory);
    SweepCharts.Plots plots = SweepCharts.all(results);
    List<Path> plotFiles = new ArrayList<>();
    for (SweepCharts.Plot plot : plots.plots()) {
      Path file = outputDirectory.resolve(PLOTS_DIRECTORY).resolve(plot.fileName());
      AtomicFiles.write(file, out -> out.write(plot.png()));
      plotFiles.add(file);
    }
    Path json = outputDirectory.resolve(JSON_FILE);
    SweepResultsJson.write(results, json);
    Path csv = outputDirectory.resolve(CSV_FILE);
    SweepResultsCsv.write(results, csv);
    Path html = outputDirectory.resolve(HTML_FILE);
    AtomicFiles.writeString(html, html(results, plots));
    return new ReportFiles(json, csv, plotFiles, html);
  }

  /** The HTML page for {@code results} (plots drawn and embedded), as written to {@code report.html}. */
  public static String html(SweepResults results) {
    return html(Objects.requireNonNull(results, "results"), SweepCharts.all(results));
  }

  private static String html(SweepResults results, SweepCharts.Plots plots) {
    StringBuilder page = new StringBuilder(1 << 16);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // Self-contained by construction: the browser may load nothing but the embedded images and inline styles.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
        .append("style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(results.title())).append("</title>\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");

    page.append("<h1>").append(escape(results.title())).append("</h1>\n");
    page.append("<p class=\"meta\">Started ").append(TIME.format(results.startedAt()))
        .append(", finished ").append(TIME.format(results.finishedAt()))
        .append(" (").append(escape(duration(results.duration()))).append("). Variants: ")
        .append(escape(String.join(", ", results.variants().stream().map(Variant::displayName).toList())))
        .append(". Data: <a href=\"").append(JSON_FILE).append("\">").append(JSON_FILE).append("</a>, <a href=\"")
        .append(CSV_FILE).append("\">").append(CSV_FILE).append("</a>.</p>\n");

    verdictSection(page, results, plots);
    settingsSection(page, results);
    notesSection(page, results);
    retentionSection(page, results);
    resultsSection(page, results);
    trainingSection(page, results);
    plotsSection(page, new SweepCharts.Plots(plots.plots().stream()
        .filter(p -> !p.fileName().equals(SweepCharts.HEADLINE_FILE)).toList(), plots.skipped()));
    page.append("<footer>Written by fairlora.</footer>\n</body>\n</html>\n");
    return page.toString();
  }

  /** The answer first: the verdict sentence, the headline plot, and the degenerate variants left out. */
  private static void verdictSection(StringBuilder page, SweepResults results, SweepCharts.Plots plots) {
    if (results.verdict() == null && results.degenerate().isEmpty()) {
      return;
    }
    page.append("<section id=\"verdict\">\n<h2>Verdict</h2>\n");
    if (results.verdict() != null) {
      page.append("<p class=\"verdict\">").append(escape(results.verdict().statement())).append("</p>\n");
    }
    if (!results.degenerate().isEmpty()) {
      page.append("<p class=\"degenerate\">Degenerate (training collapsed; left out of retention, trend and "
          + "verdict; their numbers below describe the collapse, not a trained model):</p>\n<ul>\n");
      results.degenerate().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> page.append("<li>")
          .append(escape(e.getKey().displayName())).append(": ").append(escape(e.getValue())).append("</li>\n"));
      page.append("</ul>\n");
    }
    for (SweepCharts.Plot plot : plots.plots()) {
      if (plot.fileName().equals(SweepCharts.HEADLINE_FILE)) {
        page.append("<figure id=\"headline\">\n<img src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(plot.png()))
            .append("\" alt=\"").append(escape(plot.altText())).append("\" width=\"").append(SweepCharts.WIDTH)
            .append("\" height=\"").append(SweepCharts.HEIGHT).append("\">\n<figcaption><strong>")
            .append(escape(plot.title())).append(".</strong> ").append(escape(plot.caption()))
            .append("</figcaption>\n</figure>\n");
      }
    }
    page.append("</section>\n");
  }

  private static void settingsSection(StringBuilder page, SweepResults results) {
    page.append("<h2 id=\"settings\">Settings</h2>\n");
    if (results.settings().isEmpty()) {
      page.append("<p>No settings were recorded.</p>\n");
      return;
    }
    page.append("<table class=\"settings\">\n<thead><tr><th scope=\"col\">setting</th><th scope=\"col\">value</th>")
        .append("</tr></thead>\n<tbody>\n");
    results.settings().forEach((name, value) -> page.append("<tr><th scope=\"row\">").append(escape(name))
        .append("</th><td>").append(escape(value)).append("</td></tr>\n"));
    page.append("</tbody>\n</table>\n");
  }

  private static void notesSection(StringBuilder page, SweepResults results) {
    page.append("<h2 id=\"notes\">Notes</h2>\n");
    if (results.notes().isEmpty()) {
      page.append("<p>No notes.</p>\n");
      return;
    }
    page.append("<ul class=\"notes\">\n");
    results.notes().forEach(note -> page.append("<li>").append(escape(note)).append("</li>\n"));
    page.append("</ul>\n");
  }

  private static void resultsSection(StringBuilder page, SweepResults results) {
    page.append("<h2 id=\"results\">Results</h2>\n");
    List<String> metrics = results.metricNames().stream().filter(m -> !m.startsWith("retention.")).toList();
    if (metrics.isEmpty()) {
      page.append("<p>No metrics were recorded.</p>\n");
      return;
    }
    List<String> unchanged = metrics.stream().filter(m -> unchanged(results, m)).toList();
    List<String> changing = metrics.stream().filter(m -> !unchanged.contains(m)).toList();
    page.append("<p class=\"how\">One row per metric, one column per variant. Each cell shows the value, its interval "
        + "in brackets when there is one (resampling seeds and items), and the standard deviation across seeds when "
        + "several seeds were run. &#8593; after a metric name: higher means more bias or toxicity; &#8595;: lower "
        + "means more bias. n/a: undefined; &#8212;: not measured.</p>\n");
    if (!changing.isEmpty()) {
      page.append("<table class=\"results\">\n<thead><tr><th scope=\"col\">metric</th>");
      for (Variant variant : results.variants()) {
        page.append("<th scope=\"col\">").append(escape(variant.displayName()))
            .append(results.isDegenerate(variant) ? " (degenerate)" : "").append("</th>");
      }
      page.append("</tr></thead>\n<tbody>\n");
      for (String metric : changing) {
        page.append("<tr><th scope=\"row\">").append(breakable(metric))
            .append(arrow(results.direction(metric).orElse(MetricDirection.UNSPECIFIED))).append("</th>");
        for (Variant variant : results.variants()) {
          Optional<MetricResult> row = results.metric(variant, metric);
          page.append("<td>");
          if (row.isEmpty()) {
            page.append("&#8212;");
          } else {
            cell(page, row.get());
          }
          page.append("</td>");
        }
        page.append("</tr>\n");
      }
      page.append("</tbody>\n</table>\n");
    }
    if (!unchanged.isEmpty()) {
      page.append("<p>The same value for every variant measured (not shown in the table):</p>\n<ul class=\"unchanged\">"
          + "\n");
      for (String metric : unchanged) {
        double value = results.metrics().stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow()
            .value();
        page.append("<li>").append(breakable(metric)).append(": ").append(escape(number(value))).append("</li>\n");
      }
      page.append("</ul>\n");
    }
  }

  /** Whether at least two variants measured {@code metric} and all have exactly the same value. */
  private static boolean unchanged(SweepResults results, String metric) {
    List<Double> values = results.metrics().stream().filter(r -> r.metric().equals(metric))
        .map(MetricResult::value).toList();
    return values.size() >= 2 && values.stream().allMatch(v -> Double.compare(v, values.get(0)) == 0);
  }

  private static void cell(StringBuilder page, MetricResult row) {
    page.append("<span class=\"value\">").append(escape(number(row.value()))).append("</span>");
    if (row.hasInterval()) {
      page.append("<br><span class=\"interval\">[").append(escape(number(row.lower()))).append(", ")
          .append(escape(number(row.upper()))).append("]</span>");
    }
    if (row.seeds() > 1) {
      page.append("<br><span class=\"spread\">&#177; ").append(escape(number(row.seedStd()))).append(" sd, ")
          .append(row.seeds()).append(" seeds</span>");
    }
  }

  private static String arrow(MetricDirection direction) {
    return switch (direction) {
      case HIGHER_IS_MORE_BIASED -> " <span title=\"higher means more bias\">&#8593;</span>";
      case LOWER_IS_MORE_BIASED -> " <span title=\"lower means more bias\">&#8595;</span>";
      case UNSPECIFIED -> "";
    };
  }

  private static void retentionSection(StringBuilder page, SweepResults results) {
    List<MetricResult> rows = results.metrics().stream().filter(r -> r.metric().startsWith("retention.")).toList();
    if (rows.isEmpty()) {
      return;
    }
    page.append("<h2 id=\"retention\">Bias retention</h2>\n");
    page.append("<p class=\"how\">Retention of a LoRA variant: (b(LoRA) &#8722; b(full)) / (b(base) &#8722; "
        + "b(full)), where b is the bias magnitude, the distance of the measure from its ideal (50% for stereotype "
        + "shares, 0 for log-likelihood gaps and rates). 1 = the base model's bias, 0 = as little as full fine-tuning; "
        + "below 0 the variant went past full fine-tuning, above 1 it became more biased than the base model. "
        + "Intervals resample training seeds and items together. Measures where base and full fine-tuning cannot be "
        + "told apart have no retention (see the notes).</p>\n");
    page.append("<table class=\"retention\">\n<thead><tr><th scope=\"col\">measure</th><th scope=\"col\">variant"
        + "</th><th scope=\"col\">retention</th><th scope=\"col\">interval</th><th scope=\"col\">per seed</th>"
        + "</tr></thead>\n<tbody>\n");
    for (MetricResult row : rows) {
      page.append("<tr><td>").append(breakable(row.metric().substring("retention.".length()))).append("</td><td>")
          .append(escape(row.variant().displayName())).append("</td><td>").append(escape(number(row.value())))
          .append(row.value() > 1 || row.value() < 0 ? " (past " + (row.value() > 1 ? "the base" : "full") + ")" : "")
          .append("</td><td>").append(row.hasInterval() ? "[" + escape(number(row.lower())) + ", "
              + escape(number(row.upper())) + "]" : "&#8212;").append("</td><td>")
          .append(escape(String.join(", ", java.util.Arrays.stream(row.seedValues()).mapToObj(SweepReport::number)
              .toList()))).append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n");
  }

  private static boolean baseAndFullOverlap(SweepResults results, String metric) {
    Optional<MetricResult> base = results.metric(Variant.base(), metric);
    Optional<MetricResult> full = results.metric(Variant.full(), metric);
    if (base.isEmpty() || full.isEmpty() || !base.get().hasInterval() || !full.get().hasInterval()) {
      return false;
    }
    return base.get().lower() <= full.get().upper() && full.get().lower() <= base.get().upper();
  }

  private static void trainingSection(StringBuilder page, SweepResults results) {
    if (results.trainings().isEmpty()) {
      return;
    }
    page.append("<h2 id=\"training\">Training</h2>\n");
    page.append("<p class=\"how\">Per fine-tuned variant; times, throughput and final losses are means over seeds. "
        + "Losses are mean cross-entropy in nats per token.</p>\n");
    page.append("<div class=\"scroll\"><table class=\"training\">\n<thead><tr>");
    for (String header : List.of("variant", "seeds", "trainable parameters", "total parameters", "trainable share",
        "training time", "tokens per second", "final training loss", "final evaluation loss")) {
      page.append("<th scope=\"col\">").append(escape(header)).append("</th>");
    }
    page.append("</tr></thead>\n<tbody>\n");
    for (Variant variant : results.variants()) {
      List<TrainingSummary> runs = results.trainings(variant);
      if (runs.isEmpty()) {
        continue;
      }
      TrainingSummary first = runs.get(0);
      page.append("<tr><th scope=\"row\">").append(escape(variant.displayName())).append("</th>")
          .append("<td>").append(runs.size()).append("</td>")
          .append("<td>").append(String.format(Locale.ROOT, "%,d", first.trainableParameters())).append("</td>")
          .append("<td>").append(String.format(Locale.ROOT, "%,d", first.totalParameters())).append("</td>")
          .append("<td>").append(escape(percent(first.trainableFraction()))).append("</td>")
          .append("<td>").append(escape(seconds(mean(runs.stream().mapToDouble(TrainingSummary::trainingSeconds)
              .toArray())))).append("</td>")
          .append("<td>").append(escape(number(mean(runs.stream().mapToDouble(TrainingSummary::tokensPerSecond)
              .toArray())))).append("</td>")
          .append("<td>").append(escape(number(mean(runs.stream().mapToDouble(t -> t.trainingLoss().last())
              .toArray())))).append("</td>")
          .append("<td>").append(escape(number(mean(runs.stream().mapToDouble(t -> t.evaluationLoss().last())
              .toArray())))).append("</td>")
          .append("</tr>\n");
    }
    page.append("</tbody>\n</table></div>\n");
  }

  private static void plotsSection(StringBuilder page, SweepCharts.Plots plots) {
    page.append("<h2 id=\"plots\">Plots</h2>\n");
    if (plots.plots().isEmpty() && plots.skipped().isEmpty()) {
      page.append("<p>Nothing to plot.</p>\n");
    }
    for (SweepCharts.Plot plot : plots.plots()) {
      page.append("<figure>\n<img src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(plot.png()))
          .append("\" alt=\"").append(escape(plot.altText())).append("\" width=\"").append(SweepCharts.WIDTH)
          .append("\" height=\"").append(SweepCharts.HEIGHT).append("\">\n<figcaption><strong>")
          .append(escape(plot.title())).append(".</strong> ").append(escape(plot.caption()))
          .append(" (File: ").append(PLOTS_DIRECTORY).append('/').append(escape(plot.fileName()))
          .append(".)</figcaption>\n</figure>\n");
    }
    if (!plots.skipped().isEmpty()) {
      page.append("<ul class=\"skipped\">\n");
      plots.skipped().forEach(reason -> page.append("<li>").append(escape(reason)).append("</li>\n"));
      page.append("</ul>\n");
    }
  }

  // ---- formatting ----

  /** Escapes text for HTML element content and double- or single-quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Escaped text with line-break opportunities after dots and underscores, for long metric names in headers. */
  static String breakable(String text) {
    return escape(text).replace(".", ".<wbr>").replace("_", "_<wbr>");
  }

  /** Four significant digits; scientific notation for very small or large magnitudes; n/a for NaN. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "\u221e" : "\u2212\u221e";
    }
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e6 || magnitude < 1e-3) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : number(100 * fraction) + " %";
  }

  private static String seconds(double seconds) {
    return Double.isNaN(seconds) ? "n/a" : duration(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  /** Mean of the non-NaN values; NaN when there are none. */
  private static double mean(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 60_000) {
      return number(millis / 1000.0) + " s";
    }
    long totalSeconds = duration.toSeconds();
    long hours = totalSeconds / 3600;
    long minutes = totalSeconds % 3600 / 60;
    long secs = totalSeconds % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d h %02d min %02d s", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d min %02d s", minutes, secs);
  }

  private static final String STYLE = String.join("\n",
      "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; margin: 2em auto;",
      "  max-width: 1200px; padding: 0 1em; color: #1b1b1b; line-height: 1.45; }",
      "h1 { font-size: 1.7em; margin-bottom: 0.2em; }",
      "h2 { font-size: 1.3em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }",
      ".meta, .how { color: #444; }",
      "table { border-collapse: collapse; margin: 0.5em 0; }",
      "th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; vertical-align: top; text-align: left; }",
      "thead th { background: #f2f2f2; }",
      "tbody th { background: #fafafa; white-space: nowrap; }",
      "table.results td, table.retention td, table.training td { text-align: right; font-variant-numeric: tabular-nums; }",
      "table.results thead th, table.retention thead th { max-width: 14em; overflow-wrap: break-word; }",
      ".interval, .spread { color: #555; font-size: 0.85em; white-space: nowrap; }",
      ".scroll { overflow-x: auto; }",
      "figure { margin: 1.5em 0; }",
      "figure img { max-width: 100%; height: auto; border: 1px solid #e5e5e5; }",
      "figcaption { color: #333; max-width: 900px; margin-top: 0.4em; }",
      "footer { margin-top: 3em; color: #777; font-size: 0.85em; }",
      "");
}
