package io.github.fairlora.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a read did: which files it read, how many records it returned, and which it skipped and why. Strict reads
 * that finish have no skips except records that are malformed in the published data itself (BOLD's empty prompts);
 * lenient reads list each skip (the first {@value #MAXIMUM_LISTED} of them, so that a
 * multi-gigabyte file with a systematic problem cannot exhaust memory) and count every skip by reason.
 *
 * @param format the format read, e.g. "CrowS-Pairs CSV"
 * @param files the files read, in reading order
 * @param recordsRead records returned to the caller
 * @param recordsSkipped malformed records left out (lenient mode; in strict mode only published gaps)
 * @param skippedByReason number of skipped records per {@link SkippedRecord#reason()}, in order of first occurrence
 * @param skipped the first {@value #MAXIMUM_LISTED} skipped records, in reading order
 */
public record ReadReport(
    String format, List<Path> files, long recordsRead, long recordsSkipped, Map<String, Long> skippedByReason,
    List<SkippedRecord> skipped) {

  /** At most this many skipped records are listed individually; all are counted. */
  public static final int MAXIMUM_LISTED = 1000;

  public ReadReport {
    Objects.requireNonNull(format, "format");
    files = List.copyOf(files);
    skippedByReason = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skippedByReason));
    skipped = List.copyOf(skipped);
    if (recordsRead < 0 || recordsSkipped < 0) {
      throw new IllegalArgumentException("record counts must be >= 0, got " + recordsRead + " and " + recordsSkipped);
    }
  }

  /** True when no record was skipped. */
  public boolean isClean() {
    return recordsSkipped == 0;
  }

  /** True when more records were skipped than {@link #skipped()} lists. */
  public boolean isListTruncated() {
    return recordsSkipped > skipped.size();
  }

  /** One line per reason, e.g. "read 1,506 CrowS-Pairs CSV records, skipped 2: 2 x field 'bias_type': expected ...". */
  public String summary() {
    StringBuilder text = new StringBuilder(String.format("read %,d %s records", recordsRead, format));
    if (recordsSkipped > 0) {
      text.append(String.format(", skipped %,d:", recordsSkipped));
      skippedByReason.forEach((reason, count) -> text.append(String.format("%n  %,d x %s", count, reason)));
    }
    return text.toString();
  }

  /** Collects a report while a reader runs; not thread-safe. */
  public static final class Builder {
    private final String format;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Long> skippedByReason = new LinkedHashMap<>();
    private final List<SkippedRecord> skipped = new ArrayList<>();
    private long recordsRead;
    private long recordsSkipped;

    /** A builder for reads of {@code format} (a display name such as "BBQ JSONL"). */
    public Builder(String format) {
      this.format = Objects.requireNonNull(format, "format");
    }

    /** Notes that {@code file} is being read. */
    public Builder file(Path file) {
      files.add(file);
      return this;
    }

    /** Counts one record returned to the caller. */
    public Builder recordRead() {
      recordsRead++;
      return this;
    }

    /** Counts (and, within the listing limit, lists) one skipped record. */
    public Builder skip(DatasetFormatException problem) {
      SkippedRecord record = SkippedRecord.of(problem);
      recordsSkipped++;
      skippedByReason.merge(record.reason(), 1L, Long::sum);
      if (skipped.size() < MAXIMUM_LISTED) {
        skipped.add(record);
      }
      return this;
    }

    /** The report so far. */
    public ReadReport build() {
      return new ReadReport(format, files, recordsRead, recordsSkipped, skippedByReason, skipped);
    }
  }
}
