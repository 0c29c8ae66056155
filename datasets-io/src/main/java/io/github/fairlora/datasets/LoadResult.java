package io.github.fairlora.datasets;

import java.util.List;
import java.util.Objects;

/**
 * Everything a loader returned from a file, held in memory, with the report of the read.
 *
 * @param records the records in file order
 * @param report what was read and what was skipped
 * @param <T> the record type
 */
public record LoadResult<T>(List<T> records, ReadReport report) {
  public LoadResult {
    records = List.copyOf(records);
    Objects.requireNonNull(report, "report");
  }

  /** Number of records. */
  public int size() {
    return records.size();
  }
}
