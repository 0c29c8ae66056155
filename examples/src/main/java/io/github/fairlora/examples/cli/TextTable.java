package io.github.fairlora.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table for the terminal: the first column left-aligned, the others right-aligned. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... headers) {
    this.columns = headers.length;
    rows.add(headers.clone());
  }

  /** Adds a row of exactly as many cells as there are headers. */
  TextTable row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row needs " + columns + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  /** The table, a header underlined with dashes, each line ending in a newline. */
  String render() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      line(out, rows.get(r), widths);
      if (r == 0) {
        String[] rule = new String[columns];
        for (int c = 0; c < columns; c++) {
          rule[c] = "-".repeat(widths[c]);
        }
        line(out, rule, widths);
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(widths[c] - cells[c].length());
      line.append(c == 0 ? cells[c] + pad : pad + cells[c]);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** Four significant digits (plain notation between 0.001 and 10^6), "n/a" for NaN, "inf" for infinities. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    if (magnitude < 1e-3 || magnitude >= 1e6) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(magnitude)));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** "[lower, upper]", or "" when there is no interval. */
  static String interval(double lower, double upper) {
    if (Double.isNaN(lower) || Double.isNaN(upper)) {
      return "";
    }
    return "[" + number(lower) + ", " + number(upper) + "]";
  }

  /** Bytes in B, KiB or MiB. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
