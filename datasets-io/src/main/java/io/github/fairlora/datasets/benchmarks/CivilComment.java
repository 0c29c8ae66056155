package io.github.fairlora.datasets.benchmarks;

import io.github.fairlora.train.LabeledText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One Civil Comments / Jigsaw Unintended Bias comment: its text, its toxicity, and the share of annotators who said it
 * mentions each identity. Classifier bias is measured with AUCs per identity subgroup (Subgroup, BPSN, BNSP).
 *
 * @param id the comment id, empty when the file has no id column
 * @param text the comment text
 * @param toxicity the toxicity score in [0, 1] (a share of annotators, or a 0/1 label)
 * @param toxic whether {@code toxicity} reaches the loader's threshold
 * @param identities identity column name to its value in [0, 1], empty where the cell was empty (not annotated); one
 *     entry per identity column present in the file, in column order
 */
public record CivilComment(
    String id, String text, double toxicity, boolean toxic, Map<String, OptionalDouble> identities) {
  public CivilComment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    if (!(toxicity >= 0 && toxicity <= 1)) {
      throw new IllegalArgumentException("toxicity must be in [0, 1], got " + toxicity);
    }
    identities = Collections.unmodifiableMap(new LinkedHashMap<>(identities));
    identities.forEach((name, value) -> Objects.requireNonNull(value, () -> "identity " + name));
  }

  /** 1 when toxic, else 0. */
  public int label() {
    return toxic ? 1 : 0;
  }

  /** The comment as the trainer's (text, label) pair. */
  public LabeledText toLabeledText() {
    return new LabeledText(text, label());
  }

  /** The value of identity column {@code name}; empty when the cell was empty or the file has no such column. */
  public OptionalDouble identity(String name) {
    return identities.getOrDefault(name, OptionalDouble.empty());
  }

  /** True when identity {@code name} has a value of at least {@code threshold} (0.5 in the Jigsaw evaluation). */
  public boolean mentions(String name, double threshold) {
    OptionalDouble value = identity(name);
    return value.isPresent() && value.getAsDouble() >= threshold;
  }
}
