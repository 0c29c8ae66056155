package io.github.fairlora.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in a real headless browser (Chromium): it must render (a screenshot that is not blank), send
 * nothing to the console, load nothing from outside the page, and decode every embedded plot. Skipped when Chromium is
 * not installed; .ci/run installs it.
 */
class SweepReportBrowserTest {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final String POLICY = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      + "img-src data:; style-src 'unsafe-inline'\">";
  /** Collects load errors (capture phase), the state of every image, and every fetched resource into a pre. */
  private static final String PROBE = "<script>\n"
      + "var probeErrors = [];\n"
      + "window.addEventListener('error', function (e) {\n"
      + "  var t = e.target;\n"
      + "  probeErrors.push(t && t.tagName ? 'load ' + t.tagName + ' ' + String(t.src || t.href).slice(0, 80)\n"
      + "      : 'script ' + e.message);\n"
      + "}, true);\n"
      + "window.addEventListener('load', function () {\n"
      + "  var lines = ['images ' + document.images.length];\n"
      + "  for (var i = 0; i < document.images.length; i++) {\n"
      + "    var im = document.images[i];\n"
      + "    lines.push('image ' + i + ' complete=' + im.complete + ' width=' + im.naturalWidth\n"
      + "        + ' height=' + im.naturalHeight);\n"
      + "  }\n"
      + "  performance.getEntriesByType('resource').forEach(function (r) { lines.push('resource ' + r.name); });\n"
      + "  probeErrors.forEach(function (e) { lines.push('error ' + e); });\n"
      + "  var pre = document.createElement('pre');\n"
      + "  pre.id = 'fairlora-probe';\n"
      + "  pre.textContent = lines.join('\\n');\n"
      + "  document.body.appendChild(pre);\n"
      + "});\n"
      + "</script>\n";

  @TempDir static Path directory;

  private static HeadlessChromium chromium;
  private static SweepReport.ReportFiles files;

  @BeforeAll
  static void setUp() throws IOException {
    chromium = HeadlessChromium.find().orElse(null);
    assumeTrue(chromium != null, "skipped: chromium is not installed (no /usr/bin/chromium and none on the PATH); "
        + ".ci/run installs it with apt-get install chromium");
    System.setProperty("java.awt.headless", "true");
    files = SweepReport.write(SweepFixtures.synthetic(), directory.resolve("report"));
  }

  @Test
  void reportRendersWithoutConsoleMessagesAndIsNotBlank() throws Exception {
    Path screenshot = directory.resolve("screenshot.png");
    HeadlessChromium.Run run =
        chromium.run(files.html(), LIMIT, "--screenshot=" + screenshot, "--window-size=1280,2000");
    assertThat(run.exitCode()).as("chromium exit code; stderr:\n%s", run.stderr()).isZero();
    assertThat(HeadlessChromium.pageProblems(run.stderr() + run.stdout())).as("console lines from the page").isEmpty();

    assertThat(screenshot).isRegularFile();
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(image.getHeight()).isEqualTo(2000);
    double sum = 0;
    double squares = 0;
    int dark = 0;
    int n = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y);
        double luminance = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
        sum += luminance;
        squares += luminance * luminance;
        if (luminance < 128) {
          dark++;
        }
        n++;
      }
    }
    double mean = sum / n;
    double std = Math.sqrt(squares / n - mean * mean);
    // A white page with text and tables: mostly light, with a real share of dark pixels and a wide spread.
    assertThat(std).as("luminance standard deviation").isGreaterThan(20);
    assertThat((double) dark / n).as("share of dark pixels").isBetween(0.005, 0.5);
  }

  @Test
  void everyPlotDecodesInTheBrowserAndNothingIsFetched() throws Exception {
    String html = Files.readString(files.html(), StandardCharsets.UTF_8);
    assertThat(html).contains(POLICY).contains("<head>\n");
    // The page's policy forbids scripts, so the probe runs in a copy without it.
    String probed = html.replace(POLICY, "").replace("<head>\n", "<head>\n" + PROBE);
    Path copy = Files.writeString(files.html().resolveSibling("probed.html"), probed, StandardCharsets.UTF_8);

    HeadlessChromium.Run run = chromium.run(copy, LIMIT, "--dump-dom", "--virtual-time-budget=10000");
    assertThat(run.exitCode()).as("chromium exit code; stderr:\n%s", run.stderr()).isZero();
    Matcher matcher = Pattern.compile("<pre id=\"fairlora-probe\">(.*?)</pre>", Pattern.DOTALL).matcher(run.stdout());
    assertThat(matcher.find()).as("probe output in the DOM:\n%s", tail(run.stdout())).isTrue();
    List<String> lines = matcher.group(1).lines().toList();

    int plots = files.plots().size();
    assertThat(lines).first().isEqualTo("images " + plots);
    for (int i = 0; i < plots; i++) {
      assertThat(lines).contains("image " + i + " complete=true width=" + SweepCharts.WIDTH + " height="
          + SweepCharts.HEIGHT);
    }
    assertThat(lines).noneMatch(line -> line.startsWith("error ") || line.startsWith("resource "));
    assertThat(HeadlessChromium.pageProblems(run.stderr())).isEmpty();
  }

  /** In the rendered page, the verdict and the headline plot come before every other section and image. */
  @Test
  void theVerdictAndHeadlinePlotAreAtTheTopOfTheRenderedPage() throws Exception {
    SweepReport.ReportFiles withVerdict = SweepReport.write(SweepFixtures.withVerdict(), directory.resolve("verdict"));
    HeadlessChromium.Run run = chromium.run(withVerdict.html(), LIMIT, "--dump-dom", "--virtual-time-budget=5000");
    assertThat(run.exitCode()).as("chromium exit code; stderr:\n%s", run.stderr()).isZero();
    String dom = run.stdout();
    int verdict = dom.indexOf("<h2>Verdict</h2>");
    int statement = dom.indexOf(SweepReport.escape(SweepFixtures.VERDICT_STATEMENT).replace("&#39;", "'"));
    int headline = dom.indexOf("<figure id=\"headline\">");
    assertThat(verdict).as("verdict heading in the DOM:\n%s", tail(dom)).isPositive();
    assertThat(dom.indexOf("<h2")).isEqualTo(verdict);
    assertThat(statement).isGreaterThan(verdict);
    assertThat(headline).isGreaterThan(statement);
    assertThat(dom.indexOf("<img")).isGreaterThan(headline).isLessThan(dom.indexOf("<h2", verdict + 1));
  }

  @Test
  void theChecksCatchABrokenPage() throws Exception {
    // Same policy as the report; an inline script that throws and an external image must both show up.
    Path bad = Files.writeString(directory.resolve("bad.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        + "script-src 'unsafe-inline'\"><title>bad</title></head><body><p>bad page</p>"
        + "<img src=\"https://example.invalid/x.png\" alt=\"x\">"
        + "<script>throw new Error('deliberate');</script></body></html>", StandardCharsets.UTF_8);
    HeadlessChromium.Run run = chromium.run(bad, LIMIT, "--dump-dom", "--virtual-time-budget=5000");
    List<String> problems = HeadlessChromium.pageProblems(run.stderr());
    assertThat(problems).anyMatch(line -> line.contains("Uncaught Error: deliberate"));
    assertThat(problems).anyMatch(line -> line.contains("example.invalid") && line.contains("Content Security Policy"));
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
  }
}
