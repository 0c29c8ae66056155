package io.github.fairlora.sweep;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one variant of a sweep measured, saved as soon as that variant finishes so that an interrupted sweep can resume
 * (see {@link SweepResultsJson#writeVariant} and {@link SweepResults.Builder#add}).
 *
 * @param variant the variant every row belongs to
 * @param settings the sweep's settings when this variant ran, so that a resumed sweep can check it runs with the same
 *     ones
 * @param metrics the variant's metric rows
 * @param layerCurves the variant's per-layer curves
 * @param trainings the variant's training summaries (none for the base model)
 * @param notes free-text notes about this variant
 * @param startedAt when work on this variant started
 * @param finishedAt when work on this variant finished
 */
public record VariantResults(
    Variant variant,
    Map<String, String> settings,
    List<MetricResult> metrics,
    List<LayerCurve> layerCurves,
    List<TrainingSummary> trainings,
    List<String> notes,
    Instant startedAt,
    Instant finishedAt) {

  /** Checks that every row belongs to {@code variant} and none is repeated; copies the collections. */
  public VariantResults {
    Objects.requireNonNull(variant, "variant");
    settings = Checks.settings(settings);
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(layerCurves, "layerCurves");
    Objects.requireNonNull(trainings, "trainings");
    Checks.rows(Set.of(variant), metrics, layerCurves, trainings);
    metrics = List.copyOf(metrics);
    layerCurves = List.copyOf(layerCurves);
    trainings = List.copyOf(trainings);
    notes = Checks.notes(notes);
    Checks.times(startedAt, finishedAt);
  }
}
