package io.github.fairlora.sweep;

import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a sweep's metric rows as CSV (RFC 4180, UTF-8, a header row), one row per variant and metric, for
 * spreadsheets and data-frame libraries. Numbers are written in full precision; NaN, Infinity and -Infinity as those
 * words, except undefined values (NaN), which are empty cells; the rank cell is empty for the base model and the full
 * fine-tune. {@code degenerate} is true for a variant whose training collapsed (its values describe the collapse);
 * {@code seed_values} lists the per-seed values separated by spaces (NA where undefined).
 */
public final class SweepResultsCsv {
  /** The header row. */
  public static final List<String> HEADER =
      List.of("variant", "kind", "rank", "degenerate", "metric", "value", "lower", "upper", "seeds", "seed_std",
          "seed_values");

  private SweepResultsCsv() {}

  /** Writes the metric rows of {@code results} to {@code file} atomically (parent directories are created). */
  public static void write(SweepResults results, Path file) throws IOException {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(file, "file");
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();
    AtomicFiles.write(file, out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      CSVPrinter printer = new CSVPrinter(writer, format);
      for (MetricResult row : results.metrics()) {
        Variant variant = row.variant();
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
                .mapToObj(v -> Double.isNaN(v) ? "NA" : Double.toString(v)).toList()));
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
