package io.github.fairlora.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Everything a rank sweep measured: the base model, LoRA variants at several ranks and the full fine-tune, each
 * evaluated with the same metrics. This is what {@link SweepResultsJson} stores and {@link SweepReport} renders.
 *
 * @param title a one-line title for the report
 * @param settings what the sweep ran with, in display order (model, data, steps, learning rate, seeds, ranks, ...)
 * @param variants the variants, in sweep order (base, LoRA by ascending rank, full); the constructor sorts them
 * @param metrics one row per variant and metric, in the order given (the report's columns follow first appearance)
 * @param layerCurves per-layer measures, e.g. logit-lens divergence, one per variant and measure
 * @param trainings one summary per trained variant and seed
 * @param notes free-text findings, e.g. "bias did not decrease with rank"
 * @param startedAt when the sweep started
 * @param finishedAt when the sweep finished (not before {@code startedAt})
 * @param degenerate the variants whose training collapsed, with the reason; they are left out of retention, trend
 *     and verdict
 * @param verdict the answer of the sweep (null when it has no retention analysis, e.g. without full fine-tuning)
 */
public record SweepResults(
    String title,
    Map<String, String> settings,
    List<Variant> variants,
    List<MetricResult> metrics,
    List<LayerCurve> layerCurves,
    List<TrainingSummary> trainings,
    List<String> notes,
    Instant startedAt,
    Instant finishedAt,
    Map<Variant, String> degenerate,
    Verdict verdict) {

  /**
   * Sorts the variants into sweep order and checks that they are distinct, that every row refers to one of them, that
   * no row is repeated (same variant and metric, measure or seed) and that a metric has one direction.
   */
  public SweepResults {
    Objects.requireNonNull(title, "title");
    if (title.isBlank()) {
      throw new IllegalArgumentException("title must not be blank");
    }
    settings = Checks.settings(settings);
    Objects.requireNonNull(variants, "variants");
    TreeSet<Variant> sorted = new TreeSet<>();
    for (Variant variant : variants) {
      if (!sorted.add(Objects.requireNonNull(variant, "variant"))) {
        throw new IllegalArgumentException("variant " + variant + " is listed twice");
      }
    }
    variants = List.copyOf(sorted);
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(layerCurves, "layerCurves");
    Objects.requireNonNull(trainings, "trainings");
    Checks.rows(sorted, metrics, layerCurves, trainings);
    metrics = List.copyOf(metrics);
    layerCurves = List.copyOf(layerCurves);
    trainings = List.copyOf(trainings);
    notes = Checks.notes(notes);
    Checks.times(startedAt, finishedAt);
    degenerate = Map.copyOf(degenerate == null ? Map.of() : degenerate);
    for (Variant variant : degenerate.keySet()) {
      if (!sorted.contains(variant)) {
        throw new IllegalArgumentException("degenerate variant " + variant + " is not in the sweep " + sorted);
      }
    }
  }

  /** Results without degenerate variants and without a verdict. */
  public SweepResults(String title, Map<String, String> settings, List<Variant> variants, List<MetricResult> metrics,
      List<LayerCurve> layerCurves, List<TrainingSummary> trainings, List<String> notes, Instant startedAt,
      Instant finishedAt) {
    this(title, settings, variants, metrics, layerCurves, trainings, notes, startedAt, finishedAt, Map.of(), null);
  }

  /** Whether {@code variant}'s training collapsed (in any seed). */
  public boolean isDegenerate(Variant variant) {
    return degenerate.containsKey(variant);
  }

  /** A builder for results with the given title. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** The metric names in order of first appearance among the rows. */
  public List<String> metricNames() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    metrics.forEach(row -> names.add(row.metric()));
    return List.copyOf(names);
  }

  /** The row of {@code metric} for {@code variant}, if measured. */
  public Optional<MetricResult> metric(Variant variant, String metric) {
    return metrics.stream().filter(r -> r.variant().equals(variant) && r.metric().equals(metric)).findFirst();
  }

  /** The direction of {@code metric}, or empty when no row has that metric. */
  public Optional<MetricDirection> direction(String metric) {
    return metrics.stream().filter(r -> r.metric().equals(metric)).map(MetricResult::direction).findFirst();
  }

  /** The LoRA variants by ascending rank. */
  public List<Variant> loraVariants() {
    return variants.stream().filter(Variant::isLora).toList();
  }

  /** The layer measure names in order of first appearance. */
  public List<String> layerMeasures() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    layerCurves.forEach(curve -> names.add(curve.measure()));
    return List.copyOf(names);
  }

  /** The curve of {@code measure} for {@code variant}, if measured. */
  public Optional<LayerCurve> layerCurve(Variant variant, String measure) {
    return layerCurves.stream().filter(c -> c.variant().equals(variant) && c.measure().equals(measure)).findFirst();
  }

  /** The training summaries of {@code variant}, by ascending seed. */
  public List<TrainingSummary> trainings(Variant variant) {
    return trainings.stream()
        .filter(t -> t.variant().equals(variant))
        .sorted((a, b) -> Long.compare(a.seed(), b.seed()))
        .toList();
  }

  /** Wall-clock time from start to finish. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /**
   * How much of the base model's value of {@code metric} the variant kept, measured against full fine-tuning:
   * {@code (variant - full) / (base - full)}. 1 means the variant still has the base model's value, 0 that it moved as
   * far as full fine-tuning, values outside [0, 1] that it went past either. For a bias metric this is the share of the
   * base model's bias (relative to what full fine-tuning left) that the variant retained.
   *
   * @return the ratio, or empty when the variant, the base model or the full fine-tune lacks a finite value of the
   *     metric, or when base and full have the same value (the ratio is then undefined)
   */
  public OptionalDouble retention(Variant variant, String metric) {
    Optional<MetricResult> row = metric(variant, metric);
    Optional<MetricResult> base = metric(Variant.base(), metric);
    Optional<MetricResult> full = metric(Variant.full(), metric);
    if (row.isEmpty() || base.isEmpty() || full.isEmpty()) {
      return OptionalDouble.empty();
    }
    double v = row.get().value();
    double b = base.get().value();
    double f = full.get().value();
    if (!Double.isFinite(v) || !Double.isFinite(b) || !Double.isFinite(f) || b == f) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((v - f) / (b - f));
  }

  /** The rows of one variant as partial results (with this sweep's settings, notes left out and the sweep's times). */
  public VariantResults variantResults(Variant variant) {
    if (!variants.contains(variant)) {
      throw new IllegalArgumentException("variant " + variant + " is not in this sweep " + variants);
    }
    return new VariantResults(
        variant,
        settings,
        metrics.stream().filter(r -> r.variant().equals(variant)).toList(),
        layerCurves.stream().filter(c -> c.variant().equals(variant)).toList(),
        trainings.stream().filter(t -> t.variant().equals(variant)).toList(),
        List.of(),
        startedAt,
        finishedAt);
  }

  /**
   * Collects the parts of a {@link SweepResults}. Variants named by rows are added to the variant list automatically.
   * Not thread-safe.
   */
  public static final class Builder {
    private final String title;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final LinkedHashSet<Variant> variants = new LinkedHashSet<>();
    private final List<MetricResult> metrics = new ArrayList<>();
    private final List<LayerCurve> layerCurves = new ArrayList<>();
    private final List<TrainingSummary> trainings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Instant startedAt;
    private Instant finishedAt;
    private final Map<Variant, String> degenerate = new LinkedHashMap<>();
    private Verdict verdict;

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** Adds a setting; settings keep the order they were added in. A name can be set once. */
    public Builder setting(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, () -> "value of setting " + name);
      if (settings.containsKey(name)) {
        throw new IllegalStateException("setting " + name + " is already set (to \"" + settings.get(name) + "\")");
      }
      settings.put(name, value);
      return this;
    }

    /** Adds every setting of {@code more}, in its iteration order. */
    public Builder settings(Map<String, String> more) {
      Objects.requireNonNull(more, "settings").forEach(this::setting);
      return this;
    }

    /** Adds a variant (also done automatically by the row methods). */
    public Builder variant(Variant variant) {
      variants.add(Objects.requireNonNull(variant, "variant"));
      return this;
    }

    /** Adds a metric row. */
    public Builder metric(MetricResult row) {
      variant(Objects.requireNonNull(row, "row").variant());
      metrics.add(row);
      return this;
    }

    /** Adds a per-layer curve. */
    public Builder layerCurve(LayerCurve curve) {
      variant(Objects.requireNonNull(curve, "curve").variant());
      layerCurves.add(curve);
      return this;
    }

    /** Adds a training summary. */
    public Builder training(TrainingSummary training) {
      variant(Objects.requireNonNull(training, "training").variant());
      trainings.add(training);
      return this;
    }

    /** Adds a free-text note. */
    public Builder note(String note) {
      notes.add(Objects.requireNonNull(note, "note"));
      return this;
    }

    /**
     * Adds one variant's partial results: its variant, rows and notes. Its settings and times are not used; the caller
     * compares settings when resuming.
     */
    public Builder add(VariantResults partial) {
      Objects.requireNonNull(partial, "partial");
      variant(partial.variant());
      partial.metrics().forEach(this::metric);
      partial.layerCurves().forEach(this::layerCurve);
      partial.trainings().forEach(this::training);
      partial.notes().forEach(this::note);
      return this;
    }

    /** Marks variants as degenerate, with the reason. */
    public Builder degenerate(Map<Variant, String> reasons) {
      reasons.forEach((variant, reason) -> degenerate.put(Objects.requireNonNull(variant, "variant"),
          Objects.requireNonNull(reason, "reason")));
      return this;
    }

    /** Sets the verdict. */
    public Builder verdict(Verdict value) {
      this.verdict = Objects.requireNonNull(value, "verdict");
      return this;
    }

    /** Sets the verdict from an analysis. */
    Builder verdict(RetentionAnalysis.Result result) {
      return verdict(Verdict.of(result));
    }

    /** Records an analysis of one measure: a note when its retention is undefined. */
    Builder analysis(RetentionAnalysis.Result result) {
      if (!result.retentionDefined()) {
        notes.add("retention undefined: " + result.statement());
      }
      return this;
    }

    /** The variants added so far, in sweep order. */
    List<Variant> variantsSoFar() {
      return new ArrayList<>(new TreeSet<>(variants));
    }

    /** Sets when the sweep started. */
    public Builder startedAt(Instant instant) {
      this.startedAt = Objects.requireNonNull(instant, "startedAt");
      return this;
    }

    /** Sets when the sweep finished. */
    public Builder finishedAt(Instant instant) {
      this.finishedAt = Objects.requireNonNull(instant, "finishedAt");
      return this;
    }

    /**
     * Builds the results.
     *
     * @throws IllegalStateException when a time was not set
     * @throws IllegalArgumentException when the rows break a rule of {@link SweepResults}
     */
    public SweepResults build() {
      if (startedAt == null || finishedAt == null) {
        throw new IllegalStateException("startedAt and finishedAt must both be set before build()");
      }
      return new SweepResults(
          title,
          settings,
          new ArrayList<>(variants),
          metrics,
          layerCurves,
          trainings,
          notes,
          startedAt,
          finishedAt,
          degenerate,
          verdict);
    }
  }
}
