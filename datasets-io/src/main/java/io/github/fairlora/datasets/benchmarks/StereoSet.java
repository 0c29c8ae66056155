package io.github.fairlora.datasets.benchmarks;

import io.github.fairlora.datasets.ReadReport;
import java.util.List;
import java.util.Objects;

/**
 * A whole StereoSet file: its version and its examples of both tasks.
 *
 * @param version the file's "version" value (empty when absent)
 * @param examples the examples of both tasks, in file order
 * @param report what was read and skipped
 */
public record StereoSet(String version, List<StereoSetExample> examples, ReadReport report) {
  public StereoSet {
    Objects.requireNonNull(version, "version");
    examples = List.copyOf(examples);
    Objects.requireNonNull(report, "report");
  }

  /** The examples of {@code task}, in file order. */
  public List<StereoSetExample> examples(StereoSetExample.Task task) {
    return examples.stream().filter(example -> example.task() == task).toList();
  }
}
