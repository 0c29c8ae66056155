package io.github.fairlora.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.testing.SharedFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepReportTest {
  private static final Pattern IMAGE = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]*)\"");
  private static final int FULL_RED = 0xC0392B;
  private static final int BASE_GREY = 0x333333;

  @TempDir Path directory;

  private static SweepResults results;
  private static SweepReport.ReportFiles files;

  /** Draws the synthetic sweep's report once (plots take a while); the tests read it. */
  @BeforeAll
  static void writeReport() throws IOException {
    System.setProperty("java.awt.headless", "true");
    results = SweepFixtures.synthetic();
    // Kept under target/ so that a person can open the report after the build.
    files = SweepReport.write(results, SharedFiles.outputDirectory("sweep-report"));
  }

  @Test
  void writesEveryFileAndTheyReadBack() throws IOException {
    Path out = SharedFiles.outputDirectory("sweep-report");

    assertThat(files.all()).allSatisfy(path -> assertThat(path).isRegularFile().isNotEmptyFile());
    assertThat(files.json()).isEqualTo(out.resolve("results.json"));
    assertThat(files.csv()).isEqualTo(out.resolve("results.csv"));
    assertThat(files.html()).isEqualTo(out.resolve("report.html"));
    assertThat(SweepResultsJson.read(files.json())).isEqualTo(results);

    // One value-versus-rank plot per plottable metric (winobias.gap has no finite value), one layer plot, training
    // and evaluation loss.
    assertThat(files.plots()).extracting(p -> p.getFileName().toString()).containsExactly(
        "rank-counterfactual-pct-stereotype.png", "rank-toxicity-expected-max.png", "rank-kl-to-base.png",
        "rank-kl-to-full.png", "rank-bbq-s-amb-ambiguous-quoted.png", "layers-logit-lens-kl-to-base.png",
        "training-loss.png", "evaluation-loss.png");
    for (Path plot : files.plots()) {
      BufferedImage image = ImageIO.read(plot.toFile());
      assertThat(image).as(plot.toString()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(SweepCharts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(SweepCharts.HEIGHT);
      assertThat(distinctColours(image)).as("colours in " + plot).isGreaterThan(20);
    }
  }

  /** A CSV number cell: empty means undefined (NaN). */
  private static Double cell(String text) {
    return text.isEmpty() ? Double.NaN : Double.valueOf(text);
  }

  @Test
  void csvHasOneRowPerVariantAndMetric() throws IOException {
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(files.csv(), StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      assertThat(parser.getHeaderNames()).isEqualTo(SweepResultsCsv.HEADER);
      records = parser.getRecords();
    }
    assertThat(records).hasSize(results.metrics().size());
    Set<String> keys = new HashSet<>();
    for (CSVRecord record : records) {
      Variant variant = Variant.parse(record.get("variant"));
      MetricResult row = results.metric(variant, record.get("metric")).orElseThrow();
      keys.add(variant + "|" + row.metric());
      assertThat(record.get("kind")).isEqualTo(variant.kind().name());
      assertThat(record.get("rank")).isEqualTo(variant.isLora() ? Integer.toString(variant.rank()) : "");
      assertThat(cell(record.get("value"))).isEqualTo(Double.valueOf(row.value()));
      assertThat(cell(record.get("lower"))).isEqualTo(Double.valueOf(row.lower()));
      assertThat(cell(record.get("upper"))).isEqualTo(Double.valueOf(row.upper()));
      assertThat(Integer.parseInt(record.get("seeds"))).isEqualTo(row.seeds());
      assertThat(cell(record.get("seed_std"))).isEqualTo(Double.valueOf(row.seedStd()));
      assertThat(record.get("degenerate")).isEqualTo("false");
      assertThat(row.seedValues().length == 0 ? 0 : record.get("seed_values").split(" ", -1).length)
          .isEqualTo(row.seedValues().length);
    }
    // Boxed comparison: Double.equals treats NaN as equal to NaN. Every measured (variant, metric) pair is there once,
    // and the odd name with quotes survives CSV quoting.
    assertThat(keys).hasSize(results.metrics().size());
    assertThat(records).anySatisfy(r -> assertThat(r.get("metric")).isEqualTo(SweepFixtures.ODD));
  }

  @Test
  void csvCarriesEachLoraRowsRetentionAndTheVerdictOnTheVerdictsMetric() throws IOException {
    SweepResults withVerdict = SweepFixtures.withVerdict();
    Path csv = directory.resolve("results.csv");
    SweepResultsCsv.write(withVerdict, csv);
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      records = parser.getRecords();
    }
    assertThat(records).hasSize(withVerdict.metrics().size());
    for (CSVRecord record : records) {
      String metric = record.get("metric");
      String variant = record.get("variant");
      // The fixture's retention rows: r=1 0.95 [0.80, 1.05], r=4 0.70 [0.55, 0.85], r=16 0.37 [0.20, 0.55].
      if (metric.equals(SweepFixtures.STEREOTYPE) && variant.equals(Variant.lora(1).displayName())) {
        assertThat(List.of(record.get("retention"), record.get("retention_lower"), record.get("retention_upper")))
            .containsExactly("0.95", "0.8", "1.05");
      } else if (metric.equals(SweepFixtures.STEREOTYPE) && variant.equals(Variant.lora(16).displayName())) {
        assertThat(record.get("retention")).isEqualTo("0.37");
      } else if (!(metric.equals(SweepFixtures.STEREOTYPE) && variant.equals(Variant.lora(4).displayName()))) {
        // Base, full, other metrics and the retention rows themselves: no retention cell.
        assertThat(record.get("retention")).as(variant + " " + metric).isEmpty();
      }
      assertThat(record.get("verdict")).as(variant + " " + metric)
          .isEqualTo(metric.equals(SweepFixtures.STEREOTYPE) ? "falls" : "");
    }
    assertThat(records).filteredOn(r -> r.get("metric").equals(SweepFixtures.STEREOTYPE)).hasSizeGreaterThan(3);
  }

  @Test
  void htmlIsSelfContainedEscapedAndEmbedsEveryPlot() throws IOException {
    String html = Files.readString(files.html(), StandardCharsets.UTF_8);

    for (Variant variant : results.variants()) {
      assertThat(html).contains("<th scope=\"col\">" + variant.displayName() + "</th>");
    }
    // Text from the results is escaped: no raw markup from metric names, settings, notes or the title.
    assertThat(html).doesNotContain("<script", "<ambiguous>", "<stories260K>", "<all samples");
    assertThat(html).contains("bbq.s_amb &lt;ambiguous&gt; &amp; &quot;quoted&quot;",
        "injection &lt;script&gt;alert(1)&lt;/script&gt;", "a &amp; b &lt; c",
        "<title>Rank sweep &lt;stories260K&gt; &amp; friends</title>");
    for (String note : results.notes()) {
      assertThat(html).contains(SweepReport.escape(note));
    }
    results.settings().forEach((name, value) ->
        assertThat(html).contains("<th scope=\"row\">" + SweepReport.escape(name) + "</th><td>"
            + SweepReport.escape(value) + "</td>"));
    // No external resources: only data URIs as image sources, no stylesheets or scripts from elsewhere.
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(html).doesNotContainPattern("<link|<script|@import|url\\(");

    // Values, intervals and seed spread appear as documented: r=4 stereotype is 59 [55, 63.5] ± 1.414 sd, 2 seeds.
    assertThat(html).contains("<span class=\"value\">59</span><br><span class=\"interval\">[55, 63.5]</span>"
        + "<br><span class=\"spread\">&#177; 1.414 sd, 2 seeds</span>");
    assertThat(html).contains("<span class=\"value\">n/a</span>");  // NaN toxicity of r=4
    assertThat(html).contains("<span class=\"value\">\u221e</span>");  // infinite KL of base to full
    // Retention is shown only as the sweep's analysis computed it (with its interval); these results have none.
    assertThat(html).doesNotContain("<h2 id=\"retention\">");

    List<byte[]> embedded = new ArrayList<>();
    Matcher matcher = IMAGE.matcher(html);
    while (matcher.find()) {
      embedded.add(Base64.getDecoder().decode(matcher.group(1)));
    }
    assertThat(html.split("<img ", -1)).hasSize(files.plots().size() + 1);
    assertThat(embedded).hasSize(files.plots().size());
    for (int i = 0; i < embedded.size(); i++) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(embedded.get(i)));
      assertThat(image).as("embedded image " + i).isNotNull();
      assertThat(image.getWidth()).isEqualTo(SweepCharts.WIDTH);
      assertThat(embedded.get(i)).isEqualTo(Files.readAllBytes(files.plots().get(i)));
    }
    assertThat(html).contains("alt=\"Line chart of toxicity.expected_max against LoRA rank for ranks [1, 4, 16]");
    assertThat(html).containsPattern("<figcaption><strong>[^<]+</strong> [^<]*(how|line)[^<]*</figcaption>");
    assertThat(html).contains("No value-versus-rank plot for winobias.gap: no LoRA variant has a finite value.");
  }

  @Test
  void referenceLinesAppearOnlyWhereBaseAndFullHaveFiniteValues() throws IOException {
    // Toxicity: base and full finite, so both reference colours are drawn.
    BufferedImage toxicity = ImageIO.read(plot("rank-toxicity-expected-max.png").toFile());
    assertThat(count(toxicity, FULL_RED)).isGreaterThan(50);
    assertThat(count(toxicity, BASE_GREY)).isGreaterThan(50);
    // KL to full: the base value is infinite, so there is no base line (grey appears only in text, not as a line);
    // full's line is there.
    BufferedImage klFull = ImageIO.read(plot("rank-kl-to-full.png").toFile());
    assertThat(count(klFull, FULL_RED)).isGreaterThan(50);
    assertThat(longestRun(klFull, BASE_GREY)).isLessThan(40);
    assertThat(longestRun(toxicity, BASE_GREY)).isGreaterThan(40);
    assertThat(files.plots()).hasSize(8);
  }

  @Test
  void aSweepWithOneLoraRankStillPlots() throws IOException {
    SweepReport.ReportFiles files = SweepReport.write(SweepFixtures.singleRank(), directory);
    assertThat(files.plots()).extracting(p -> p.getFileName().toString())
        .containsExactly("rank-toxicity-expected-max.png");
    BufferedImage image = ImageIO.read(files.plots().get(0).toFile());
    assertThat(image.getWidth()).isEqualTo(SweepCharts.WIDTH);
    assertThat(count(image, FULL_RED)).isGreaterThan(50);
    String html = Files.readString(files.html());
    assertThat(html).contains("<th scope=\"col\">lora r=8</th>").doesNotContain("<h2 id=\"training\">");
  }

  @Test
  void aSweepWithNothingToPlotStillWritesAPage() throws IOException {
    SweepResults results = SweepResults.builder("empty")
        .variant(Variant.base())
        .startedAt(java.time.Instant.EPOCH)
        .finishedAt(java.time.Instant.EPOCH)
        .build();
    SweepReport.ReportFiles files = SweepReport.write(results, directory);
    assertThat(files.plots()).isEmpty();
    assertThat(Files.readString(files.html())).contains("No metrics were recorded.", "Nothing to plot.");
    assertThat(SweepResultsJson.read(files.json())).isEqualTo(results);
  }

  @Test
  void anOutputPathThatIsAFileIsRejected() throws IOException {
    Path file = Files.writeString(directory.resolve("taken"), "x");
    assertThatThrownBy(() -> SweepReport.write(SweepFixtures.singleRank(), file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file + " exists and is not a directory");
  }

  @Test
  void numbersAreFormattedToFourSignificantDigits() {
    assertThat(SweepReport.number(0.123456)).isEqualTo("0.1235");
    assertThat(SweepReport.number(59.0)).isEqualTo("59");
    assertThat(SweepReport.number(-12345.678)).isEqualTo("-12350");
    assertThat(SweepReport.number(0.0004567)).isEqualTo("4.567e-04");
    assertThat(SweepReport.number(Double.NaN)).isEqualTo("n/a");
    assertThat(SweepReport.number(Double.NEGATIVE_INFINITY)).isEqualTo("\u2212\u221e");
    assertThat(SweepReport.escape("<a href='x'>&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    assertThat(SweepCharts.slug("bbq.s_amb <ambiguous>")).isEqualTo("bbq-s-amb-ambiguous");
  }

  private static Path plot(String name) {
    return files.plots().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return colours.size();
  }

  private static int count(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  /** The longest horizontal run of pixels of exactly one colour (a reference line spans the plot). */
  private static int longestRun(BufferedImage image, int rgb) {
    int longest = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      int start = -1;
      int last = -1;
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          if (start < 0 || x - last > 8) {
            start = x;  // dashes leave gaps of a few pixels; a longer gap ends the run
          }
          last = x;
          longest = Math.max(longest, last - start + 1);
        }
      }
    }
    return longest;
  }

  @Test
  void theVerdictAndTheHeadlinePlotOpenThePage() {
    SweepResults results = SweepFixtures.withVerdict();
    String html = SweepReport.html(results);
    int verdict = html.indexOf("<section id=\"verdict\">");
    int headline = html.indexOf("<figure id=\"headline\">");
    int settings = html.indexOf("id=\"settings\"");
    assertThat(verdict).isPositive();
    assertThat(headline).isGreaterThan(verdict).isLessThan(settings);
    assertThat(html.indexOf("<img")).isEqualTo(html.indexOf("<img", headline));
    assertThat(html.substring(verdict, headline)).contains(SweepReport.escape(SweepFixtures.VERDICT_STATEMENT))
        .contains("lora r=16: seed 2: training collapsed");
    // Retention in long format (one row per measure and variant), the same numbers as the rows, past-the-end marked.
    assertThat(html).contains("<td>lora r=4</td><td>0.7</td><td>[0.55, 0.85]</td>");
    assertThat(html).doesNotContain("class=\"scroll\"><table class=\"retention\"");
  }
}
