package io.github.fairlora.sweep;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Validation shared by {@link SweepResults} and {@link VariantResults}. */
final class Checks {
  private Checks() {}

  /** An unmodifiable copy of {@code settings} in the same order; keys are names, values non-null. */
  static Map<String, String> settings(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    Map<String, String> copy = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      MetricResult.checkName(key, "setting name");
      copy.put(key, Objects.requireNonNull(value, () -> "value of setting " + key));
    });
    return Collections.unmodifiableMap(copy);
  }

  /** An unmodifiable copy of the notes, each non-blank. */
  static List<String> notes(List<String> notes) {
    Objects.requireNonNull(notes, "notes");
    for (int i = 0; i < notes.size(); i++) {
      String note = Objects.requireNonNull(notes.get(i), "note " + i);
      if (note.isBlank()) {
        throw new IllegalArgumentException("note " + i + " is blank");
      }
    }
    return List.copyOf(notes);
  }

  static void times(Instant startedAt, Instant finishedAt) {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if (finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("finishedAt (" + finishedAt + ") is before startedAt (" + startedAt + ")");
    }
  }

  /**
   * Checks that every row names a variant in {@code variants}, that no (variant, metric), (variant, measure) or
   * (variant, seed) appears twice, and that a metric has one direction across variants.
   */
  static void rows(
      Set<Variant> variants, List<MetricResult> metrics, List<LayerCurve> curves, List<TrainingSummary> trainings) {
    Map<String, MetricDirection> directions = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < metrics.size(); i++) {
      MetricResult row = Objects.requireNonNull(metrics.get(i), "metric row " + i);
      known(variants, row.variant(), "metric row " + i + " (" + row.metric() + ")");
      if (!seen.add(row.variant() + "\n" + row.metric())) {
        throw new IllegalArgumentException(
            "metric " + row.metric() + " appears twice for variant " + row.variant() + " (second at row " + i + ")");
      }
      MetricDirection earlier = directions.putIfAbsent(row.metric(), row.direction());
      if (earlier != null && earlier != row.direction()) {
        throw new IllegalArgumentException("metric " + row.metric() + " has direction " + earlier
            + " on one variant but " + row.direction() + " on " + row.variant() + " (row " + i + ")");
      }
    }
    seen.clear();
    for (int i = 0; i < curves.size(); i++) {
      LayerCurve curve = Objects.requireNonNull(curves.get(i), "layer curve " + i);
      known(variants, curve.variant(), "layer curve " + i + " (" + curve.measure() + ")");
      if (!seen.add(curve.variant() + "\n" + curve.measure())) {
        throw new IllegalArgumentException("layer measure " + curve.measure() + " appears twice for variant "
            + curve.variant() + " (second at curve " + i + ")");
      }
    }
    seen.clear();
    for (int i = 0; i < trainings.size(); i++) {
      TrainingSummary training = Objects.requireNonNull(trainings.get(i), "training summary " + i);
      known(variants, training.variant(), "training summary " + i);
      if (!seen.add(training.variant() + "\n" + training.seed())) {
        throw new IllegalArgumentException("variant " + training.variant() + " has two training summaries for seed "
            + training.seed() + " (second at summary " + i + ")");
      }
    }
  }

  private static void known(Set<Variant> variants, Variant variant, String where) {
    if (!variants.contains(variant)) {
      throw new IllegalArgumentException(where + " refers to variant " + variant
          + ", which is not in the variant list " + variants);
    }
  }
}
