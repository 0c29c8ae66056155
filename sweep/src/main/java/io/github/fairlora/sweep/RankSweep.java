package io.github.fairlora.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.AdaptedModel;
import io.github.fairlora.FineTune;
import io.github.fairlora.FitBuilder;
import io.github.fairlora.LoRA;
import io.github.fairlora.io.AtomicFiles;
import io.github.fairlora.io.Safetensors;
import io.github.fairlora.io.TensorData;
import io.github.fairlora.lora.Target;
import io.github.fairlora.metrics.bias.BootstrapSettings;
import io.github.fairlora.metrics.shift.BiasRetention;
import io.github.fairlora.metrics.shift.DivergenceResult;
import io.github.fairlora.metrics.shift.LogitLensAnalysis;
import io.github.fairlora.metrics.shift.LogitLensComparison;
import io.github.fairlora.metrics.shift.NextTokenDivergence;
import io.github.fairlora.metrics.shift.RetentionResult;
import io.github.fairlora.metrics.stats.Bootstrap;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.text.Tokenizer;
import io.github.fairlora.train.FitHistory;
import io.github.fairlora.train.LearningRateSchedule;
import io.github.fairlora.train.ProgressListener;
import io.github.fairlora.train.TrainingData;
import io.github.fairlora.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rank-sweep audit: fine-tune one base model with LoRA at each rank of a list and with full fine-tuning, on the
 * same data with the same steps, schedule and seed; evaluate the base model and every variant with the chosen probes
 * and with the shift measures (KL to the base and to the full fine-tune, per-layer logit-lens divergence); report how
 * much bias each variant kept (the retention ratio, 1 = all of the base model's, 0 = as little as full fine-tuning).
 *
 * <p>With an output directory, each variant's results are written as soon as it finishes (and each full fine-tune's
 * weights, which the LoRA variants are compared against), so an interrupted sweep resumes where it stopped.
 */
public final class RankSweep {
  /** Ranks swept when none are given. */
  public static final List<Integer> DEFAULT_RANKS = List.of(1, 2, 4, 8, 16, 32, 64);

  private final Builder settings;

  private RankSweep(Builder settings) {
    this.settings = settings;
  }

  /** Starts a sweep of {@code base}, whose texts are tokenised with {@code tokenizer}. */
  public static Builder builder(Decoder base, Tokenizer tokenizer) {
    return new Builder(base, tokenizer);
  }

  /** Settings of a sweep; every method validates its argument and names the rule it broke. */
  public static final class Builder {
    private final Decoder base;
    private final Tokenizer tokenizer;
    private TrainingData data;
    private String title = "LoRA rank sweep";
    private List<Integer> ranks = DEFAULT_RANKS;
    private boolean includeFull = true;
    private List<Long> seeds = List.of(0L);
    private Set<Target> targets = EnumSet.of(Target.ALL_LINEAR);
    private double alphaPerRank = 2.0;
    private boolean rankStabilized;
    private double learningRate = 1e-3;
    private Double fullLearningRate;
    private int epochs = 2;
    private int maxSteps;
    private int batchSize = 32;
    private LearningRateSchedule.Shape schedule = LearningRateSchedule.Shape.COSINE;
    private final List<SweepProbe> probes = new ArrayList<>();
    private List<String> shiftTexts;
    private int shiftTextLimit = 64;
    private Path outputDirectory;
    private final Map<String, String> extraSettings = new LinkedHashMap<>();
    private PrintStream progress = System.err;
    private boolean progressBars = System.console() != null;

    private Builder(Decoder base, Tokenizer tokenizer) {
      this.base = Objects.requireNonNull(base, "base model");
      this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** Fine-tuning texts (language modeling). */
    public Builder fineTuningTexts(List<String> texts) {
      return fineTuningData(TrainingData.texts(texts));
    }

    /** Fine-tuning data of any kind. */
    public Builder fineTuningData(TrainingData value) {
      Objects.requireNonNull(value, "fine-tuning data");
      if (value.size() == 0) {
        throw new IllegalArgumentException("fine-tuning data is empty");
      }
      this.data = value;
      return this;
    }

    public Builder title(String value) {
      this.title = Objects.requireNonNull(value, "title");
      return this;
    }

    /** LoRA ranks to sweep (each ≥ 1, no duplicates). Default 1, 2, 4, 8, 16, 32, 64. */
    public Builder ranks(int... values) {
      if (values.length == 0) {
        throw new IllegalArgumentException("ranks needs at least one rank");
      }
      int[] sorted = values.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        if (sorted[i] < 1) {
          throw new IllegalArgumentException("rank (" + sorted[i] + ") must be positive");
        }
        if (i > 0 && sorted[i] == sorted[i - 1]) {
          throw new IllegalArgumentException("rank " + sorted[i] + " is listed twice");
        }
      }
      this.ranks = Arrays.stream(sorted).boxed().toList();
      return this;
    }

    /** Whether to train the full fine-tuning baseline (default true; retention and KL to full need it). */
    public Builder includeFull(boolean value) {
      this.includeFull = value;
      return this;
    }

    /** Training seeds; results report the mean and spread over seeds. Default {0}. */
    public Builder seeds(long... values) {
      if (values.length == 0) {
        throw new IllegalArgumentException("seeds needs at least one seed");
      }
      if (Arrays.stream(values).distinct().count() != values.length) {
        throw new IllegalArgumentException("seeds " + Arrays.toString(values) + " contain a duplicate");
      }
      this.seeds = Arrays.stream(values).boxed().toList();
      return this;
    }

    /** LoRA targets. Default all linear projections. */
    public Builder targets(Target... values) {
      if (values.length == 0) {
        throw new IllegalArgumentException("targets needs at least one target");
      }
      this.targets = EnumSet.copyOf(Arrays.asList(values));
      return this;
    }

    /** alpha = factor · rank, so the scale s = alpha / r is the same at every rank. Default 2. */
    public Builder alphaPerRank(double factor) {
      if (!(factor > 0) || !Double.isFinite(factor)) {
        throw new IllegalArgumentException("alpha per rank (" + factor + ") must be positive and finite");
      }
      this.alphaPerRank = factor;
      return this;
    }

    /** Use rsLoRA scaling (alpha / √r). */
    public Builder rankStabilized(boolean value) {
      this.rankStabilized = value;
      return this;
    }

    /** Peak learning rate of the LoRA runs (and of full fine-tuning unless set apart). Default 1e-3. */
    public Builder learningRate(double value) {
      if (!(value > 0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException("learning rate (" + value + ") must be positive and finite");
      }
      this.learningRate = value;
      return this;
    }

    /** A separate peak learning rate for full fine-tuning. Default: the LoRA rate. */
    public Builder fullLearningRate(double value) {
      if (!(value > 0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException("full learning rate (" + value + ") must be positive and finite");
      }
      this.fullLearningRate = value;
      return this;
    }

    /** Epochs over the fine-tuning data. Default 2. */
    public Builder epochs(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("epochs (" + value + ") must be >= 1");
      }
      this.epochs = value;
      return this;
    }

    /** Cap on optimizer steps per run (0 = none). */
    public Builder maxSteps(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("max steps (" + value + ") must be >= 0");
      }
      this.maxSteps = value;
      return this;
    }

    /** Sequences per step. Default 32. */
    public Builder batchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("batch size (" + value + ") must be >= 1");
      }
      this.batchSize = value;
      return this;
    }

    public Builder schedule(LearningRateSchedule.Shape value) {
      this.schedule = Objects.requireNonNull(value, "schedule");
      return this;
    }

    /** Adds an evaluation. */
    public Builder probe(SweepProbe probe) {
      probes.add(Objects.requireNonNull(probe, "probe"));
      return this;
    }

    /** Texts on which next-token KL and the logit lens are measured. Default: the first 64 fine-tuning texts. */
    public Builder shiftTexts(List<String> texts) {
      if (texts.isEmpty()) {
        throw new IllegalArgumentException("shift texts must not be empty");
      }
      this.shiftTexts = List.copyOf(texts);
      return this;
    }

    /** Where per-variant results go as they finish, for resuming. Default: none (no resume). */
    public Builder outputDirectory(Path directory) {
      this.outputDirectory = Objects.requireNonNull(directory, "output directory");
      return this;
    }

    /** A setting recorded in the results (e.g. where the data came from). */
    public Builder setting(String name, String value) {
      extraSettings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Where progress goes (default System.err) and whether to draw bars in place. */
    public Builder progress(PrintStream out, boolean bars) {
      this.progress = Objects.requireNonNull(out, "progress stream");
      this.progressBars = bars;
      return this;
    }

    public RankSweep build() {
      if (data == null) {
        throw new IllegalStateException("no fine-tuning data: call fineTuningTexts(...) or fineTuningData(...)");
      }
      if (shiftTexts == null) {
        List<String> available;
        if (data instanceof TrainingData.Texts texts) {
          available = texts.texts();
        } else if (data instanceof TrainingData.Labeled labeled) {
          available = labeled.examples().stream().map(io.github.fairlora.train.LabeledText::text).toList();
        } else {
          throw new IllegalStateException("token-sequence data needs shiftTexts(...) for the KL measures");
        }
        shiftTexts = available.subList(0, Math.min(shiftTextLimit, available.size()));
      }
      int smallest = largestRank(base, targets);
      for (int rank : ranks) {
        if (rank > smallest) {
          throw new IllegalArgumentException("rank " + rank + " exceeds the smallest targeted layer dimension ("
              + smallest + ") of this model; drop it from the ranks");
        }
      }
      return new RankSweep(this);
    }

    /** Every setting that determines the results, in a fixed order (resuming requires them to be equal). */
    Map<String, String> recorded() {
      Map<String, String> map = new LinkedHashMap<>();
      map.put("model", base.config().family() + " width " + base.config().width() + ", " + base.config().numberOfLayers()
          + " layers, " + base.config().numberOfHeads() + " heads, vocabulary " + base.config().vocabularySize()
          + ", " + String.format(Locale.ROOT, "%,d", base.parameterCount()) + " parameters");
      map.put("fine-tuning examples", data.size() + (data instanceof TrainingData.Labeled
          ? " labeled (classification; the base model is measured with a classification head trained on its frozen "
              + "weights)" : ""));
      map.put("ranks", ranks.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      map.put("full fine-tuning", String.valueOf(includeFull));
      map.put("seeds", seeds.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      map.put("targets", targets.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
      map.put("alpha", rankStabilized ? alphaPerRank + " x rank, rsLoRA scale alpha/sqrt(r)"
          : alphaPerRank + " x rank (scale alpha/r = " + alphaPerRank + ")");
      map.put("learning rate", String.valueOf(learningRate));
      map.put("full learning rate", String.valueOf(fullLearningRate != null ? fullLearningRate : learningRate));
      map.put("epochs", String.valueOf(epochs));
      map.put("max steps", maxSteps == 0 ? "none" : String.valueOf(maxSteps));
      map.put("batch size", String.valueOf(batchSize));
      map.put("schedule", schedule.name().toLowerCase(Locale.ROOT) + ", 5% warmup");
      map.put("probes", probes.stream().map(SweepProbe::name).collect(Collectors.joining(", ")));
      map.put("shift texts", String.valueOf(shiftTexts.size()));
      map.putAll(extraSettings);
      return map;
    }
  }

  /**
   * The largest LoRA rank {@code model} accepts for {@code targets} (all linear projections when empty): the smallest
   * side of any targeted projection, since every block has the same shapes.
   *
   * @throws IllegalArgumentException for a target the model's family lacks
   */
  public static int largestRank(Decoder model, java.util.Collection<Target> targets) {
    java.util.Collection<Target> chosen = targets.isEmpty() ? List.of(Target.ALL_LINEAR) : targets;
    int smallest = Integer.MAX_VALUE;
    io.github.fairlora.model.Block first = model.blocks().get(0);
    for (Target target : chosen) {
      for (io.github.fairlora.model.Projection projection : target.resolve(model.config().family())) {
        io.github.fairlora.nn.LinearLayer layer = first.projection(projection);
        smallest = Math.min(smallest, Math.min(layer.inputSize(), layer.outputSize()));
      }
    }
    return smallest;
  }

  /** Runs (or resumes) the sweep and returns every variant's results. */
  public SweepResults run() throws IOException {
    Builder s = settings;
    Map<String, String> recorded = s.recorded();
    Instant start = Instant.now();
    SweepResults.Builder results = SweepResults.builder(s.title).settings(recorded).startedAt(start);
    List<Variant> variants = new ArrayList<>();
    variants.add(Variant.base());
    if (s.includeFull) {
      variants.add(Variant.full());
    }
    s.ranks.forEach(r -> variants.add(Variant.lora(r)));
    variants.forEach(results::variant);

    List<int[]> shiftSequences = s.shiftTexts.stream().map(t -> s.tokenizer.encode(t, true, false))
        .filter(ids -> ids.length <= s.base.config().contextLength()).toList();
    if (shiftSequences.isEmpty()) {
      throw new IllegalArgumentException("no shift text fits the model's context of " + s.base.config().contextLength());
    }
    // Per variant, per metric: per-seed items (for retention); base and full kept for the ratio.
    Map<Variant, Map<String, List<double[]>>> items = new LinkedHashMap<>();
    Map<Long, Decoder> fullModels = new LinkedHashMap<>();
    Map<Variant, VariantResults> finished = new LinkedHashMap<>();

    for (Variant variant : variants) {
      VariantResults done = resume(variant, recorded, items);
      if (done == null) {
        done = runVariant(variant, recorded, shiftSequences, fullModels, items);
        save(variant, done, items.get(variant));
      } else {
        s.progress.println("resumed " + variant.displayName() + " from " + variantFile(variant));
      }
      finished.put(variant, done);
    }
    // Retention intervals need base, variant and full items of the same metric.
    Map<Variant, VariantResults> complete = new LinkedHashMap<>();
    for (Variant variant : variants) {
      VariantResults done = finished.get(variant);
      List<MetricResult> extra = variant.isLora() && s.includeFull ? retention(variant, items) : List.of();
      if (!extra.isEmpty()) {
        List<MetricResult> rows = new ArrayList<>(done.metrics());
        rows.addAll(extra);
        done = new VariantResults(variant, done.settings(), rows, done.layerCurves(), done.trainings(), done.notes(),
            done.startedAt(), done.finishedAt());
      }
      results.add(done);
      complete.put(variant, done);
    }
    for (String note : interpretation(complete)) {
      results.note(note);
    }
    return results.finishedAt(Instant.now()).build();
  }

  /**
   * Every variant this sweep measures, in the order {@link #run()} measures them: base, full (when included), then
   * LoRA by ascending rank.
   */
  public List<Variant> variants() {
    List<Variant> variants = new ArrayList<>();
    variants.add(Variant.base());
    if (settings.includeFull) {
      variants.add(Variant.full());
    }
    settings.ranks.forEach(r -> variants.add(Variant.lora(r)));
    return List.copyOf(variants);
  }

  /**
   * Runs only the variants in {@code only} (all seeds of each) that are not finished in the output directory yet,
   * writing each one's files there as it finishes, exactly as {@link #run()} does, and assembles nothing. This is the
   * hook for running one sweep's variants on several machines (fairlora-spark): run disjoint subsets into copies of
   * the output directory, gather their files into one directory, then {@link #run()} on it assembles the results from
   * the finished files without training anything.
   *
   * <p>With full fine-tuning included, a LoRA variant's KL-to-full measures read the full fine-tune's checkpoints
   * ({@code checkpoints/full-seed<seed>.safetensors}) from the output directory, so full must have run first.
   *
   * @throws IllegalStateException when no output directory is set, a variant is not one of {@link #variants()}, or a
   *     finished variant's file was computed with other settings
   */
  public void runVariants(java.util.Collection<Variant> only) throws IOException {
    Builder s = settings;
    if (s.outputDirectory == null) {
      throw new IllegalStateException("runVariants needs an output directory (outputDirectory(...)): the variants' "
          + "results are written there");
    }
    List<Variant> all = variants();
    for (Variant variant : only) {
      if (!all.contains(variant)) {
        throw new IllegalStateException("variant " + variant + " is not part of this sweep " + all);
      }
    }
    Map<String, String> recorded = s.recorded();
    List<int[]> shiftSequences = s.shiftTexts.stream().map(t -> s.tokenizer.encode(t, true, false))
        .filter(ids -> ids.length <= s.base.config().contextLength()).toList();
    if (shiftSequences.isEmpty()) {
      throw new IllegalArgumentException("no shift text fits the model's context of " + s.base.config().contextLength());
    }
    for (Variant variant : all) {
      if (!only.contains(variant)) {
        continue;
      }
      Map<Variant, Map<String, List<double[]>>> items = new LinkedHashMap<>();
      if (resume(variant, recorded, items) != null) {
        s.progress.println("already finished: " + variant.displayName() + " in " + variantFile(variant));
        continue;
      }
      VariantResults done = runVariant(variant, recorded, shiftSequences, new LinkedHashMap<>(), items);
      save(variant, done, items.get(variant));
    }
  }

  private VariantResults runVariant(Variant variant, Map<String, String> recorded, List<int[]> shiftSequences,
      Map<Long, Decoder> fullModels, Map<Variant, Map<String, List<double[]>>> items) throws IOException {
    Builder s = settings;
    Instant started = Instant.now();
    Map<String, List<SweepProbe.Measurement>> perSeed = new LinkedHashMap<>();
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    List<TrainingSummary> trainings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Long> seeds = variant.kind() == VariantKind.BASE ? List.of(s.seeds.get(0)) : s.seeds;
    for (long seed : seeds) {
      Decoder model;
      if (variant.kind() == VariantKind.BASE && s.data instanceof TrainingData.Labeled) {
        // A classifier needs a head: measure the base model with one trained on its frozen weights (a linear probe).
        s.progress.println("training a classification head on the frozen base model");
        model = FineTune.classificationHead(s.base).epochs(s.epochs).batchSize(s.batchSize).seed(seed)
            .learningRate(s.fullLearningRate != null ? s.fullLearningRate : s.learningRate).schedule(s.schedule)
            .tokenizer(s.tokenizer).maxSteps(s.maxSteps > 0 ? s.maxSteps : Integer.MAX_VALUE).fit(s.data).model();
        notes.add("base: measured with a classification head trained on the frozen base weights");
      } else if (variant.kind() == VariantKind.BASE) {
        model = s.base;
      } else {
        s.progress.println("training " + variant.displayName() + (s.seeds.size() > 1 ? ", seed " + seed : ""));
        AdaptedModel adapted = train(variant, seed);
        model = adapted.model();
        trainings.add(summary(variant, seed, adapted.history()));
        if (variant.kind() == VariantKind.FULL) {
          fullModels.put(seed, model);
          saveFullModel(seed, model);
        }
      }
      s.progress.println("evaluating " + variant.displayName());
      List<SweepProbe.Measurement> measured = new ArrayList<>();
      for (SweepProbe probe : s.probes) {
        measured.addAll(probe.evaluate(model, s.tokenizer, seed));
      }
      measured.addAll(shift(variant, model, seed, shiftSequences, fullModels, curves));
      for (SweepProbe.Measurement m : measured) {
        perSeed.computeIfAbsent(m.metric(), k -> new ArrayList<>()).add(m);
        if (m.items().length > 0) {
          items.computeIfAbsent(variant, k -> new LinkedHashMap<>())
              .computeIfAbsent(m.metric(), k -> new ArrayList<>()).add(m.items());
        }
      }
      if (variant.kind() != VariantKind.FULL) {
        model.setTraining(false);
      }
    }
    List<MetricResult> rows = new ArrayList<>();
    for (Map.Entry<String, List<SweepProbe.Measurement>> entry : perSeed.entrySet()) {
      rows.add(aggregate(variant, entry.getKey(), entry.getValue()));
    }
    List<LayerCurve> layerCurves = new ArrayList<>();
    curves.forEach((measure, perSeedCurves) -> layerCurves.add(new LayerCurve(variant, measure,
        meanOf(perSeedCurves))));
    return new VariantResults(variant, recorded, rows, layerCurves, trainings, notes, started, Instant.now());
  }

  private AdaptedModel train(Variant variant, long seed) {
    Builder s = settings;
    TrainingListener listener = new ProgressListener(s.progress, s.progressBars, variant.displayName(), 10);
    FitBuilder<?> builder;
    if (variant.kind() == VariantKind.FULL) {
      builder = FineTune.full(s.base).learningRate(s.fullLearningRate != null ? s.fullLearningRate : s.learningRate);
    } else {
      LoRA lora = LoRA.adapt(s.base).rank(variant.rank()).alpha(s.alphaPerRank * variant.rank())
          .targets(s.targets.toArray(Target[]::new)).learningRate(s.learningRate);
      builder = s.rankStabilized ? lora.rankStabilized() : lora;
    }
    builder.epochs(s.epochs).batchSize(s.batchSize).seed(seed).schedule(s.schedule).listener(listener)
        .tokenizer(s.tokenizer);
    if (s.maxSteps > 0) {
      builder.maxSteps(s.maxSteps);
    }
    return builder.fit(s.data);
  }

  private static TrainingSummary summary(Variant variant, long seed, FitHistory history) {
    double[] losses = history.stepLosses().stream().mapToDouble(Double::doubleValue).toArray();
    return new TrainingSummary(variant, seed, LossCurve.everyStep(losses), LossCurve.empty(),
        history.trainableParameters(), history.totalParameters(), history.seconds(), history.tokensPerSecond());
  }

  /** KL/JS to the base and to the full fine-tune of the same seed; logit-lens curves. */
  private List<SweepProbe.Measurement> shift(Variant variant, Decoder model, long seed, List<int[]> sequences,
      Map<Long, Decoder> fullModels, Map<String, List<double[]>> curves) throws IOException {
    Builder s = settings;
    List<SweepProbe.Measurement> out = new ArrayList<>();
    curves.computeIfAbsent("logit_lens.kl_to_final", k -> new ArrayList<>())
        .add(LogitLensAnalysis.analyze(model, sequences).klFromFinal());
    if (variant.kind() == VariantKind.BASE) {
      return out;
    }
    DivergenceResult toBase = NextTokenDivergence.compare(model, s.base, sequences);
    out.add(SweepProbe.Measurement.of("shift.kl_to_base", MetricDirection.UNSPECIFIED, toBase.klPQ()));
    out.add(SweepProbe.Measurement.of("shift.kl_base_to_variant", MetricDirection.UNSPECIFIED, toBase.klQP()));
    out.add(SweepProbe.Measurement.of("shift.js_to_base", MetricDirection.UNSPECIFIED, toBase.jensenShannon()));
    LogitLensComparison lens = LogitLensAnalysis.compare(s.base, model, sequences);
    curves.computeIfAbsent("logit_lens.kl_to_base", k -> new ArrayList<>()).add(lens.klAdaptedToBase());
    if (variant.isLora() && s.includeFull) {
      Decoder full = fullModels.get(seed);
      if (full == null) {
        full = loadFullModel(seed);
        fullModels.put(seed, full);
      }
      DivergenceResult toFull = NextTokenDivergence.compare(model, full, sequences);
      out.add(SweepProbe.Measurement.of("shift.kl_to_full", MetricDirection.UNSPECIFIED, toFull.klPQ()));
      LogitLensComparison lensToFull = LogitLensAnalysis.compare(full, model, sequences);
      curves.computeIfAbsent("logit_lens.kl_to_full", k -> new ArrayList<>()).add(lensToFull.klAdaptedToBase());
    }
    return out;
  }

  /** Mean over seeds; the interval is the mean of the per-seed bootstrap bounds; the spread is the seeds' std. */
  private static MetricResult aggregate(Variant variant, String metric, List<SweepProbe.Measurement> perSeed) {
    int n = perSeed.size();
    double[] values = perSeed.stream().mapToDouble(m -> m.value().estimate()).toArray();
    double mean = Arrays.stream(values).average().orElse(Double.NaN);
    double lower = perSeed.stream().mapToDouble(m -> m.value().lower()).average().orElse(Double.NaN);
    double upper = perSeed.stream().mapToDouble(m -> m.value().upper()).average().orElse(Double.NaN);
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
      lower = Double.NaN;
      upper = Double.NaN;
    }
    double std = Double.NaN;
    if (n > 1) {
      double sum = 0;
      for (double v : values) {
        sum += (v - mean) * (v - mean);
      }
      std = Math.sqrt(sum / (n - 1));
    }
    return new MetricResult(variant, metric, perSeed.get(0).direction(), mean, lower, upper, n, std, values);
  }

  /** Retention of every itemised metric: (variant − full) / (base − full), with a joint bootstrap over items. */
  private List<MetricResult> retention(Variant variant, Map<Variant, Map<String, List<double[]>>> items) {
    Map<String, List<double[]>> baseItems = items.getOrDefault(Variant.base(), Map.of());
    Map<String, List<double[]>> fullItems = items.getOrDefault(Variant.full(), Map.of());
    Map<String, List<double[]>> variantItems = items.getOrDefault(variant, Map.of());
    List<MetricResult> out = new ArrayList<>();
    for (Map.Entry<String, List<double[]>> entry : variantItems.entrySet()) {
      String metric = entry.getKey();
      if (!baseItems.containsKey(metric) || !fullItems.containsKey(metric)) {
        continue;
      }
      double[] base = baseItems.get(metric).get(0);
      List<RetentionResult> perSeed = new ArrayList<>();
      for (int seedIndex = 0; seedIndex < entry.getValue().size(); seedIndex++) {
        double[] variantValues = entry.getValue().get(seedIndex);
        double[] full = fullItems.get(metric).get(Math.min(seedIndex, fullItems.get(metric).size() - 1));
        if (variantValues.length != base.length || full.length != base.length) {
          continue;
        }
        perSeed.add(BiasRetention.fromItems(base, variantValues, full, BootstrapSettings.defaults()));
      }
      if (perSeed.isEmpty()) {
        continue;
      }
      List<SweepProbe.Measurement> asMeasurements = perSeed.stream()
          .map(r -> SweepProbe.Measurement.of("retention." + metric, MetricDirection.HIGHER_IS_MORE_BIASED,
              r.ratio()))
          .toList();
      out.add(aggregate(variant, "retention." + metric, asMeasurements));
    }
    return out;
  }

  private static double[] meanOf(List<double[]> curves) {
    double[] mean = new double[curves.get(0).length];
    for (double[] curve : curves) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += curve[i] / curves.size();
      }
    }
    return mean;
  }

  /** Plain-language reading of the result: does bias fall with rank, and does LoRA stay closer to the base? */
  private List<String> interpretation(Map<Variant, VariantResults> finished) {
    List<String> notes = new ArrayList<>();
    Map<Integer, Double> retentionByRank = new TreeMap<>();
    String retentionMetric = null;
    for (VariantResults done : finished.values()) {
      for (MetricResult row : done.metrics()) {
        if (row.metric().startsWith("retention.") && row.metric().endsWith(".pct_stereotype")) {
          if (retentionMetric == null) {
            retentionMetric = row.metric();
          }
          if (row.metric().equals(retentionMetric)) {
            retentionByRank.put(done.variant().rank(), row.value());
          }
        }
      }
    }
    if (retentionMetric != null && retentionByRank.size() >= 2) {
      List<Double> values = new ArrayList<>(retentionByRank.values());
      int lowest = retentionByRank.keySet().iterator().next();
      int highest = new ArrayList<>(retentionByRank.keySet()).get(retentionByRank.size() - 1);
      double first = values.get(0);
      double last = values.get(values.size() - 1);
      String metric = retentionMetric.substring("retention.".length());
      if (first > last + 0.1) {
        notes.add(String.format(Locale.ROOT, "Low ranks keep more of the base model's bias on %s: retention %.2f at "
            + "r=%d against %.2f at r=%d (1 = all of the base model's bias, 0 = as little as full fine-tuning).",
            metric, first, lowest, last, highest));
      } else {
        notes.add(String.format(Locale.ROOT, "On %s, retention does not fall clearly with rank in this run (%.2f at "
            + "r=%d, %.2f at r=%d): the expected low-rank effect is not shown here.", metric, first, lowest, last,
            highest));
      }
    }
    return notes;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Persistence for resuming

  private Path variantFile(Variant variant) {
    return settings.outputDirectory.resolve("variants").resolve(variant.fileStem() + ".json");
  }

  private Path itemsFile(Variant variant) {
    return settings.outputDirectory.resolve("variants").resolve(variant.fileStem() + ".items.json");
  }

  private Path fullModelFile(long seed) {
    return settings.outputDirectory.resolve("checkpoints").resolve("full-seed" + seed + ".safetensors");
  }

  private void save(Variant variant, VariantResults done, Map<String, List<double[]>> variantItems)
      throws IOException {
    if (settings.outputDirectory == null) {
      return;
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    if (variantItems != null) {
      variantItems.forEach((metric, perSeed) -> {
        ArrayNode seeds = root.putArray(metric);
        for (double[] values : perSeed) {
          ArrayNode array = seeds.addArray();
          for (double v : values) {
            array.add(v);
          }
        }
      });
    }
    // Items first: a variant counts as finished only once its results file exists.
    AtomicFiles.writeString(itemsFile(variant), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    SweepResultsJson.writeVariant(done, variantFile(variant));
  }

  private VariantResults resume(Variant variant, Map<String, String> recorded,
      Map<Variant, Map<String, List<double[]>>> items) throws IOException {
    if (settings.outputDirectory == null || !Files.exists(variantFile(variant))) {
      return null;
    }
    VariantResults done = SweepResultsJson.readVariant(variantFile(variant));
    if (!done.settings().equals(recorded)) {
      List<String> differing = new ArrayList<>();
      for (String key : recorded.keySet()) {
        if (!Objects.equals(recorded.get(key), done.settings().get(key))) {
          differing.add(key + " (was " + done.settings().get(key) + ", now " + recorded.get(key) + ")");
        }
      }
      throw new IllegalStateException("cannot resume: " + variantFile(variant) + " was computed with other settings: "
          + String.join("; ", differing) + ". Use another output directory or delete it to start over.");
    }
    if (Files.exists(itemsFile(variant))) {
      JsonNode root = new ObjectMapper().readTree(itemsFile(variant).toFile());
      Map<String, List<double[]>> variantItems = new LinkedHashMap<>();
      root.fields().forEachRemaining(field -> {
        List<double[]> perSeed = new ArrayList<>();
        for (JsonNode seed : field.getValue()) {
          double[] values = new double[seed.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = seed.get(i).asDouble();
          }
          perSeed.add(values);
        }
        variantItems.put(field.getKey(), perSeed);
      });
      items.put(variant, variantItems);
    }
    return done;
  }

  private void saveFullModel(long seed, Decoder model) throws IOException {
    if (settings.outputDirectory == null) {
      return;
    }
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    for (Parameter p : model.parameters().values()) {
      tensors.put(p.name(), TensorData.of(p.value().shape(), p.value().toArray()));
    }
    Safetensors.write(fullModelFile(seed), tensors, Map.of("format", "fairlora"), Safetensors.DataType.F32);
  }

  private Decoder loadFullModel(long seed) throws IOException {
    Path file = settings.outputDirectory == null ? null : fullModelFile(seed);
    if (file == null || !Files.exists(file)) {
      throw new IllegalStateException("the full fine-tune of seed " + seed + " is needed for KL to full but "
          + (file == null ? "no output directory was set" : file + " is missing") + "; delete the variants directory "
          + "to recompute");
    }
    Decoder model = settings.base.copy();
    Map<String, TensorData> tensors = Safetensors.read(file).tensors();
    for (Parameter p : model.parameters().values()) {
      TensorData data = tensors.get(p.name());
      if (data == null || data.values().length != p.size()) {
        throw new IOException(file + ": tensor " + p.name() + " is missing or has the wrong size");
      }
      p.value().put(0, data.values());
    }
    return model;
  }
}
