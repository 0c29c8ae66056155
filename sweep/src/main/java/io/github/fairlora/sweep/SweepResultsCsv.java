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
 * words; the rank cell is empty for the base model and the full fine-tune.
 */
public final class SweepResultsCsv {
  /** The header row. */
  public static final List<String> HEADER =
      List.of("variant", "kind", "rank", "metric", "value", "lower", "upper", "seeds", "seed_std");

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
            row.metric(),
            Double.toString(row.value()),
            Double.toString(row.lower()),
            Double.toString(row.upper()),
            Integer.toString(row.seeds()),
            Double.toString(row.seedStd()));
      }
      // Flush, not close: AtomicFiles closes the stream once the content is complete.
      printer.flush();
    });
  }
}
