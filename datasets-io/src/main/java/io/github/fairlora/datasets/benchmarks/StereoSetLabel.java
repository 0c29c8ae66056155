package io.github.fairlora.datasets.benchmarks;

import java.util.Optional;

/** A StereoSet label, as annotators and the gold standard give them to candidate sentences. */
public enum StereoSetLabel {
  /** The sentence states the stereotype. */
  STEREOTYPE("stereotype"),
  /** The sentence states its opposite. */
  ANTI_STEREOTYPE("anti-stereotype"),
  /** The sentence is meaningless in context. */
  UNRELATED("unrelated"),
  /** Related but neither (used by some annotators, never a gold label). */
  RELATED("related");

  private final String fileValue;

  StereoSetLabel(String fileValue) {
    this.fileValue = fileValue;
  }

  /** The label as written in the file, e.g. "anti-stereotype". */
  public String fileValue() {
    return fileValue;
  }

  /** The label written as {@code value} in a file, if it is one. */
  public static Optional<StereoSetLabel> fromFileValue(String value) {
    for (StereoSetLabel label : values()) {
      if (label.fileValue.equals(value)) {
        return Optional.of(label);
      }
    }
    return Optional.empty();
  }
}
