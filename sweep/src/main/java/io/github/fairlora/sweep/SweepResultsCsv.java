package io.github.fairlora.sweep;

import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a sweep's metric rows as CSV (RFC 4180, UTF-8, a header row), one row per variant and metric, for
 * spreadsheets and data-frame libraries. Numbers are written in full precision; NaN, Infinity and -Infinity as those
 * words, except undefined values (NaN), which are empty cells; the rank cell is empty for the base model and the full
 * fine-tune. {@code degenerate} is true for a variant whose training collapsed (its values describe the collapse);
 * {@code seed_values} lists the per-seed values separated by spaces (NA where undefined).
 *
 * <p>As in the report's bias-retention table and verdict: {@code retention}, {@code retention_lower} and
 * {@code retention_upper} hold, on a LoRA variant's row of a measured metric, that variant's retention of the base
 * model's bias on it (the {@code retention.<metric>} row's value and interval, which stays a row of its own), empty
 * where retention is undefined or not computed; {@code verdict} holds the sweep's verdict trend ({@code falls},
 * {@code no_clear_trend}, {@code rises}, {@code undefined}, as in results.json) on every row of the metric the verdict
 * reads, empty on the others.
 */
public final class SweepResultsCsv {
  /** The header row. */
  public static final List<String> HEADER =
      List.of("variant", "kind", "rank", "degenerate", "metric", "value", "lower", "upper", "seeds", "seed_std",
          "seed_values", "retention", "retention_lower", "retention_upper", "verdict");

  private static final String RETENTION_PREFIX = "retention.";

  private SweepResultsCsv() {}

  /** Writes the metric rows of {@code results} to {@code file} atomically (parent directories are created). */
  public static void write(SweepResults results, Path file) throws IOException {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(file, "file");
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();
    AtomicFiles.write(file, out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      CSVPrinter printer = new CSVPrinter(writer, format);
      Verdict verdict = results.verdict();
      for (MetricResult row : results.metrics()) {
        Variant variant = row.variant();
        Optional<MetricResult> retention = row.metric().startsWith(RETENTION_PREFIX) ? Optional.empty()
            : results.metric(variant, RETENTION_PREFIX + row.metric());
        printer.printRecord(
            variant.displayName(),
            variant.kind().name(),
            variant.isLora() ? Integer.toString(variant.rank()) : "",
            Boolean.toString(results.isDegenerate(variant)),
            row.metric(),
            number(row.value()),
            number(row.lower()),
            number(row.upper()),
            Integer.toString(row.seeds()),
            number(row.seedStd()),
            String.join(" ", java.util.Arrays.stream(row.seedValues())
                .mapToObj(v -> Double.isNaN(v) ? "NA" : Double.toString(v)).toList()),
            retention.map(r -> number(r.value())).orElse(""),
            retention.map(r -> number(r.lower())).orElse(""),
            retention.map(r -> number(r.upper())).orElse(""),
            verdict != null && verdict.metric().equals(row.metric())
                ? verdict.trend().name().toLowerCase(Locale.ROOT) : "");
      }
      // Flush, not close: AtomicFiles closes the stream once the content is complete.
      printer.flush();
    });
  }

  /** Full precision; NaN (undefined) as an empty cell. */
  private static String number(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }
}
