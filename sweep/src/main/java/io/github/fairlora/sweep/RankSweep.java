package io.github.fairlora.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.AdaptedModel;
import io.github.fairlora.FineTune;
import io.github.fairlora.FitDefaults;
import io.github.fairlora.FitBuilder;
import io.github.fairlora.LoRA;
import io.github.fairlora.io.AtomicFiles;
import io.github.fairlora.io.Safetensors;
import io.github.fairlora.io.TensorData;
import io.github.fairlora.lora.Target;
import io.github.fairlora.metrics.shift.DivergenceResult;
import io.github.fairlora.metrics.shift.LogitLensAnalysis;
import io.github.fairlora.metrics.shift.LogitLensComparison;
import io.github.fairlora.metrics.shift.NextTokenDivergence;
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
  /**
   * Ranks swept when none are given, cut to those at most a quarter of the model's width (and at most its smallest
   * targeted projection): beyond that a "low-rank" update is not low-rank for the model.
   */
  public static final List<Integer> DEFAULT_RANKS = List.of(1, 2, 4, 8, 16, 32, 64);
  /** Training seeds when none are given. */
  public static final List<Long> DEFAULT_SEEDS = List.of(0L, 1L, 2L);
  /** Bootstrap replicates of the intervals. */
  public static final int DEFAULT_RESAMPLES = 1000;
  /** Confidence of the intervals. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RankSweep.class);

  private final Builder settings;
  /** Records of the runs done or read in this process. */
  private final Map<Run, RunRecord> memory = new LinkedHashMap<>();

  private RankSweep(Builder settings) {
    this.settings = settings;
  }

  /**
   * Starts a sweep of {@code base}, whose texts and probes go through the model's own tokenizer.
   *
   * @throws IllegalStateException when the model carries no tokenizer
   */
  public static Builder builder(Decoder base) {
    return builder(base, Objects.requireNonNull(base, "base").requireTokenizer("RankSweep.builder(base)"));
  }

  /** A sweep of {@code base} whose texts and probes go through {@code tokenizer} (instead of the model's own). */
  public static Builder builder(Decoder base, Tokenizer tokenizer) {
    return new Builder(base, tokenizer);
  }

  /** Settings of a sweep; every method validates its argument and names the rule it broke. */
  public static final class Builder {
    private final Decoder base;
    private final Tokenizer tokenizer;
    private TrainingData data;
    private String title = "LoRA rank sweep";
    private List<Integer> ranks;
    private boolean includeFull = true;
    private List<Long> seeds = DEFAULT_SEEDS;
    private String verdictMetric;
    private int resamples = DEFAULT_RESAMPLES;
    private double confidence = DEFAULT_CONFIDENCE;
    private Set<Target> targets = EnumSet.copyOf(FitDefaults.TARGETS);
    private double alphaPerRank = FitDefaults.ALPHA_PER_RANK;
    private boolean rankStabilized;
    private double learningRate = FitDefaults.LEARNING_RATE;
    private Double fullLearningRate;
    private int epochs = FitDefaults.EPOCHS;
    private int maxSteps;
    private int batchSize = FitDefaults.BATCH_SIZE;
    private LearningRateSchedule.Shape schedule = FitDefaults.SCHEDULE;
    private final List<SweepProbe> probes = new ArrayList<>();
    private List<String> shiftTexts;
    private int shiftTextLimit = 64;
    private Path outputDirectory;
    private final Map<String, String> extraSettings = new LinkedHashMap<>();
    private PrintStream progress;
    private boolean progressBars;

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

    /**
     * The bias measure the verdict reads (a metric name with items, e.g. "bias.gender-occupation.pct_stereotype").
     * Default: the first stereotype percentage measured.
     */
    public Builder verdictMetric(String metric) {
      this.verdictMetric = Objects.requireNonNull(metric, "verdict metric");
      return this;
    }

    /** Bootstrap replicates of every interval (at least 100). Default 1000. */
    public Builder resamples(int value) {
      if (value < 100) {
        throw new IllegalArgumentException("resamples (" + value + ") must be at least 100");
      }
      this.resamples = value;
      return this;
    }

    /** Confidence of every interval, in (0, 1). Default 0.95. */
    public Builder confidence(double value) {
      if (!(value > 0 && value < 1)) {
        throw new IllegalArgumentException("confidence (" + value + ") must be in (0, 1)");
      }
      this.confidence = value;
      return this;
    }

    /** Training seeds; results report the mean and spread over seeds. Default {0, 1, 2}. */
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

    /**
     * Where progress goes and whether to draw bars in place. Default: nowhere but the SLF4J logger of this class
     * (INFO), and no training progress.
     */
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
      if (ranks == null) {
        int limit = Math.min(smallest, Math.max(1, base.config().width() / 4));
        ranks = DEFAULT_RANKS.stream().filter(r -> r <= limit).toList();
      }
      if (verdictMetric != null && probes.isEmpty()) {
        throw new IllegalStateException("verdict metric " + verdictMetric + " is set but no probe is");
      }
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
      map.put("confidence", String.valueOf(confidence));
      map.put("bootstrap resamples", String.valueOf(resamples));
      if (verdictMetric != null) {
        map.put("verdict metric", verdictMetric);
      }
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
    java.util.Collection<Target> chosen = targets.isEmpty() ? FitDefaults.TARGETS : targets;
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

  /**
   * One unit of work of a sweep: one variant trained (if it is trained) and measured with one seed. The base model is
   * measured once, with the first seed. Runs are independent except that a LoRA run needs the full fine-tune of the
   * same seed (for KL to full): run the base and full runs first.
   *
   * @param variant the variant
   * @param seed the training seed
   */
  public record Run(Variant variant, long seed) {
    public Run {
      Objects.requireNonNull(variant, "variant");
    }

    /** "lora-r4-seed1": the stem of the run's files under {@code <output>/variants}. */
    public String fileStem() {
      return variant.fileStem() + "-seed" + seed;
    }

    @Override
    public String toString() {
      return variant.displayName() + ", seed " + seed;
    }
  }

  /** What one run measured, kept in memory or in its files. */
  private record RunRecord(VariantResults results, Map<String, double[]> items, String degenerate) {}

  /** Every run of this sweep, in the order {@link #run()} executes them: base, full by seed, then LoRA. */
  public List<Run> runs() {
    Builder s = settings;
    List<Run> runs = new ArrayList<>();
    runs.add(new Run(Variant.base(), s.seeds.get(0)));
    if (s.includeFull) {
      s.seeds.forEach(seed -> runs.add(new Run(Variant.full(), seed)));
    }
    for (int rank : s.ranks) {
      s.seeds.forEach(seed -> runs.add(new Run(Variant.lora(rank), seed)));
    }
    return runs;
  }

  /** Runs (or resumes) the whole sweep and returns every variant's results: {@link #execute} then assemble. */
  public SweepResults run() throws IOException {
    Instant start = Instant.now();
    execute(runs());
    return assemble(start);
  }

  /**
   * Executes {@code subset} of {@link #runs()} (for example on several machines, one subset each, sharing the output
   * directory), skipping every run whose files in {@code <output>/variants} are complete and were made with the same
   * settings; a file that is missing, empty, truncated or malformed is reported and its run done again. LoRA runs of
   * a seed need the full fine-tune of that seed: put the base and full runs in an earlier batch, or in this one.
   *
   * @throws IllegalStateException when no output directory is set, a run is not part of this sweep, a finished run
   *     was made with other settings, or a LoRA run's full fine-tune is missing
   */
  public void execute(java.util.Collection<Run> subset) throws IOException {
    Builder s = settings;
    requireOutputForSubset(subset);
    List<Run> all = runs();
    for (Run run : subset) {
      if (!all.contains(run)) {
        throw new IllegalArgumentException("run (" + run + ") is not part of this sweep; its runs are " + all);
      }
    }
    removeTemporaryFiles();
    Map<String, String> recorded = s.recorded();
    List<int[]> shiftSequences = shiftSequences();
    Map<Long, Decoder> fullModels = new LinkedHashMap<>();
    for (Run run : all) {
      if (!subset.contains(run)) {
        continue;
      }
      if (reuse(run, recorded) != null) {
        say("resumed " + run.variant().displayName() + (s.seeds.size() > 1 ? ", seed " + run.seed() : "") + " from "
            + runFile(run));
        continue;
      }
      RunRecord done = runOne(run, recorded, shiftSequences, fullModels);
      save(run, done);
    }
  }

  /**
   * Assembles the results of a sweep whose runs are all done, from {@code <output>/variants} (or from memory after
   * {@link #run()} without an output directory): means over seeds with intervals from a hierarchical bootstrap over
   * seeds and items, retention of each rank against full fine-tuning, its trend over rank and the verdict.
   *
   * @throws IllegalStateException naming the runs that are missing or unusable
   */
  public SweepResults assemble() throws IOException {
    return assemble(null);
  }

  private SweepResults assemble(Instant started) throws IOException {
    Builder s = settings;
    Map<String, String> recorded = s.recorded();
    Map<Run, RunRecord> records = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Run run : runs()) {
      RunRecord record = memory.containsKey(run) ? memory.get(run) : reuse(run, recorded);
      if (record == null) {
        missing.add(run.toString());
      } else {
        records.put(run, record);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cannot assemble the sweep: " + missing.size() + " run(s) are not done ("
          + String.join("; ", missing) + ")" + (s.outputDirectory == null ? "" : " in " + variantsDirectory()));
    }
    Instant first = records.values().stream().map(r -> r.results().startedAt()).min(Instant::compareTo)
        .orElse(Instant.now());
    Instant last = records.values().stream().map(r -> r.results().finishedAt()).max(Instant::compareTo)
        .orElse(Instant.now());
    SweepResults.Builder results = SweepResults.builder(s.title).settings(recorded)
        .startedAt(started != null && started.isBefore(first) ? started : first);
    Map<Variant, Map<String, double[][]>> itemsBySeed = new LinkedHashMap<>();
    Map<Variant, String> degenerate = new LinkedHashMap<>();
    List<Variant> variants = new ArrayList<>();
    runs().forEach(run -> {
      if (!variants.contains(run.variant())) {
        variants.add(run.variant());
      }
    });
    for (Variant variant : variants) {
      List<RunRecord> perSeed = records.entrySet().stream().filter(e -> e.getKey().variant().equals(variant))
          .map(Map.Entry::getValue).toList();
      List<String> reasons = new ArrayList<>();
      List<Run> variantRuns = records.keySet().stream().filter(r -> r.variant().equals(variant)).toList();
      for (int i = 0; i < perSeed.size(); i++) {
        if (perSeed.get(i).degenerate() != null) {
          reasons.add("seed " + variantRuns.get(i).seed() + ": " + perSeed.get(i).degenerate());
        }
      }
      if (!reasons.isEmpty()) {
        degenerate.put(variant, String.join("; ", reasons));
      }
      results.add(combine(variant, perSeed, itemsBySeed));
    }
    results.degenerate(degenerate);
    analyze(results, itemsBySeed, degenerate);
    Instant finished = started != null ? Instant.now() : last;
    // Runs that started before this call: reused from the files of an earlier session.
    long reused = started == null ? 0 : records.values().stream()
        .filter(r -> r.results().startedAt().isBefore(started)).count();
    if (reused > 0) {
      // Start and finish span every session; say how much of it was spent running.
      Instant from = started.isBefore(first) ? started : first;
      results.note(String.format(java.util.Locale.ROOT, "Resumed sweep: %d of %d runs were reused from an earlier "
          + "session. Started to finished is %s, including the time between sessions; the runs themselves ran %s "
          + "(wall clock, overlapping runs counted once).", reused, records.size(),
          SweepReport.duration(java.time.Duration.between(from, finished)),
          SweepReport.duration(runningTime(records.values().stream()
              .map(r -> new Instant[] {r.results().startedAt(), r.results().finishedAt()}).toList()))));
    }
    return results.finishedAt(finished).build();
  }

  /** The length of the union of {@code runs}' {start, finish} intervals. */
  static java.time.Duration runningTime(List<Instant[]> runs) {
    List<Instant[]> intervals = runs.stream().sorted((a, b) -> a[0].compareTo(b[0])).toList();
    java.time.Duration total = java.time.Duration.ZERO;
    Instant from = null;
    Instant to = null;
    for (Instant[] interval : intervals) {
      if (to == null || interval[0].isAfter(to)) {
        if (to != null) {
          total = total.plus(java.time.Duration.between(from, to));
        }
        from = interval[0];
        to = interval[1];
      } else if (interval[1].isAfter(to)) {
        to = interval[1];
      }
    }
    return to == null ? total : total.plus(java.time.Duration.between(from, to));
  }

  /** Means over seeds, with hierarchical-bootstrap intervals for itemised measures, and mean layer curves. */
  private VariantResults combine(Variant variant, List<RunRecord> perSeed,
      Map<Variant, Map<String, double[][]>> itemsBySeed) {
    Builder s = settings;
    Map<String, List<MetricResult>> rows = new LinkedHashMap<>();
    perSeed.forEach(r -> r.results().metrics().forEach(m -> rows.computeIfAbsent(m.metric(),
        k -> new ArrayList<>()).add(m)));
    List<MetricResult> combined = new ArrayList<>();
    Map<String, double[][]> variantItems = new LinkedHashMap<>();
    for (Map.Entry<String, List<MetricResult>> entry : rows.entrySet()) {
      List<MetricResult> values = entry.getValue();
      double[] seedValues = values.stream().mapToDouble(MetricResult::value).toArray();
      double[][] items = new double[perSeed.size()][];
      boolean itemised = values.size() == perSeed.size();
      for (int i = 0; i < perSeed.size() && itemised; i++) {
        items[i] = perSeed.get(i).items().get(entry.getKey());
        itemised = items[i] != null && items[i].length > 0 && items[i].length == items[0].length;
      }
      double lower;
      double upper;
      if (itemised) {
        variantItems.put(entry.getKey(), items);
        RetentionAnalysis.Estimate interval = RetentionAnalysis.hierarchicalMean(items, s.resamples, s.confidence,
            0xB007);
        lower = interval.lower();
        upper = interval.upper();
      } else {
        lower = values.stream().mapToDouble(MetricResult::lower).average().orElse(Double.NaN);
        upper = values.stream().mapToDouble(MetricResult::upper).average().orElse(Double.NaN);
      }
      if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
        lower = Double.NaN;
        upper = Double.NaN;
      }
      combined.add(MetricResult.acrossSeeds(variant, entry.getKey(), values.get(0).direction(), seedValues, lower,
          upper));
    }
    itemsBySeed.put(variant, variantItems);
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    perSeed.forEach(r -> r.results().layerCurves().forEach(c -> curves.computeIfAbsent(c.measure(),
        k -> new ArrayList<>()).add(c.values())));
    List<LayerCurve> layerCurves = new ArrayList<>();
    curves.forEach((measure, list) -> layerCurves.add(new LayerCurve(variant, measure, meanOf(list))));
    List<TrainingSummary> trainings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    perSeed.forEach(r -> {
      trainings.addAll(r.results().trainings());
      r.results().notes().stream().filter(n -> !notes.contains(n)).forEach(notes::add);
    });
    Instant started = perSeed.stream().map(r -> r.results().startedAt()).min(Instant::compareTo).orElseThrow();
    Instant finished = perSeed.stream().map(r -> r.results().finishedAt()).max(Instant::compareTo).orElseThrow();
    return new VariantResults(variant, settings.recorded(), combined, layerCurves, trainings, notes, started,
        finished);
  }

  /** Retention rows, the trend and the verdict of every bias measure with items; degenerate variants left out. */
  private void analyze(SweepResults.Builder results, Map<Variant, Map<String, double[][]>> items,
      Map<Variant, String> degenerate) {
    Builder s = settings;
    if (!s.includeFull) {
      return;
    }
    degenerate.forEach((variant, reason) -> results.note(variant.displayName() + " is degenerate and left out of "
        + "retention, trend and verdict (" + reason + ")"));
    Map<String, double[][]> base = items.getOrDefault(Variant.base(), Map.of());
    Map<String, double[][]> full = items.getOrDefault(Variant.full(), Map.of());
    String verdictMetric = s.verdictMetric;
    RetentionAnalysis.Result verdict = null;
    for (Map.Entry<String, double[][]> entry : base.entrySet()) {
      String metric = entry.getKey();
      java.util.Optional<BiasMagnitude> magnitude = BiasMagnitude.forMetric(metric);
      if (magnitude.isEmpty() || !full.containsKey(metric)) {
        continue;
      }
      if (verdictMetric == null && metric.endsWith(".pct_stereotype")) {
        verdictMetric = metric;
      }
      RetentionAnalysis.Result result;
      if (degenerate.containsKey(Variant.full())) {
        result = new RetentionAnalysis.Result(metric, null, false, List.of(), null, new double[0],
            RetentionAnalysis.Trend.UNDEFINED, "No verdict on " + metric + ": full fine-tuning is degenerate, so "
            + "retention (measured against it) is undefined.");
      } else {
        RetentionAnalysis.Input input = new RetentionAnalysis.Input(metric, magnitude.get(), entry.getValue()[0],
            full.get(metric));
        for (Variant variant : results.variantsSoFar()) {
          if (variant.isLora() && !degenerate.containsKey(variant)
              && items.getOrDefault(variant, Map.of()).containsKey(metric)) {
            input.rank(variant.rank(), items.get(variant).get(metric));
          }
        }
        result = RetentionAnalysis.analyze(input, s.resamples, s.confidence, 0x5EED);
      }
      for (RetentionAnalysis.RankRetention rank : result.ranks()) {
        double[] perSeed = rank.perSeed();
        double std = Double.NaN;
        if (perSeed.length > 1) {
          double mean = java.util.Arrays.stream(perSeed).average().orElse(Double.NaN);
          std = Math.sqrt(java.util.Arrays.stream(perSeed).map(v -> (v - mean) * (v - mean)).sum()
              / (perSeed.length - 1));
          std = Double.isFinite(std) ? std : Double.NaN;
        }
        RetentionAnalysis.Estimate e = rank.retention();
        results.metric(new MetricResult(Variant.lora(rank.rank()), "retention." + metric,
            MetricDirection.HIGHER_IS_MORE_BIASED, e.estimate(), e.lower(), e.upper(), perSeed.length, std, perSeed));
      }
      results.analysis(result);
      if (metric.equals(verdictMetric)) {
        verdict = result;
      }
    }
    if (verdict != null) {
      results.verdict(verdict);
    }
  }

  /** Trains (unless base) and measures one run. */
  private RunRecord runOne(Run run, Map<String, String> recorded, List<int[]> shiftSequences,
      Map<Long, Decoder> fullModels) throws IOException {
    Builder s = settings;
    Variant variant = run.variant();
    long seed = run.seed();
    Instant started = Instant.now();
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    List<TrainingSummary> trainings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String degenerate = null;
    Decoder model;
    if (variant.kind() == VariantKind.BASE && s.data instanceof TrainingData.Labeled) {
      // A classifier needs a head: measure the base model with one trained on its frozen weights (a linear probe).
      say("training a classification head on the frozen base model");
      model = FineTune.classificationHead(s.base).epochs(s.epochs).batchSize(s.batchSize).seed(seed)
          .learningRate(s.fullLearningRate != null ? s.fullLearningRate : s.learningRate).schedule(s.schedule)
          .tokenizer(s.tokenizer).maxSteps(s.maxSteps > 0 ? s.maxSteps : Integer.MAX_VALUE).fit(s.data).model();
      notes.add("base: measured with a classification head trained on the frozen base weights");
    } else if (variant.kind() == VariantKind.BASE) {
      model = s.base;
    } else {
      say("training " + variant.displayName() + (s.seeds.size() > 1 ? ", seed " + seed : ""));
      AdaptedModel adapted;
      try {
        adapted = train(variant, seed);
      } catch (io.github.fairlora.train.TrainingDivergedException e) {
        // Nothing to measure: the weights are not finite. The run is recorded as degenerate, without measurements.
        String reason = "training diverged (" + e.getMessage() + ")";
        say("warning: " + variant.displayName() + ", seed " + seed + " is degenerate: " + reason);
        RunRecord record = new RunRecord(new VariantResults(variant, recorded, List.of(), List.of(), List.of(),
            List.of(), started, Instant.now()), Map.of(), reason);
        memory.put(run, record);
        return record;
      }
      model = adapted.model();
      trainings.add(summary(variant, seed, adapted.history()));
      degenerate = adapted.degenerate().orElse(null);
      if (degenerate == null && !(s.data instanceof TrainingData.Labeled)) {
        degenerate = io.github.fairlora.train.DegenerateTraining.fromOutput(model,
            shiftSequences.subList(0, Math.min(8, shiftSequences.size()))).orElse(null);
      }
      if (degenerate != null) {
        say("warning: " + variant.displayName() + ", seed " + seed + " is degenerate: " + degenerate);
      }
      if (variant.kind() == VariantKind.FULL) {
        fullModels.put(seed, model);
        saveFullModel(seed, model);
      }
    }
    say("evaluating " + variant.displayName() + (s.seeds.size() > 1 && variant.kind() != VariantKind.BASE
        ? ", seed " + seed : ""));
    List<SweepProbe.Measurement> measured = new ArrayList<>();
    for (SweepProbe probe : s.probes) {
      measured.addAll(probe.evaluate(model, s.tokenizer, seed));
    }
    measured.addAll(shift(variant, model, seed, shiftSequences, fullModels, curves));
    List<MetricResult> rows = new ArrayList<>();
    Map<String, double[]> items = new LinkedHashMap<>();
    for (SweepProbe.Measurement m : measured) {
      rows.add(MetricResult.of(variant, m.metric(), m.direction(), m.value()));
      if (m.items().length > 0) {
        items.put(m.metric(), m.items());
      }
    }
    if (variant.kind() != VariantKind.FULL) {
      model.setTraining(false);
    }
    List<LayerCurve> layerCurves = new ArrayList<>();
    curves.forEach((measure, list) -> layerCurves.add(new LayerCurve(variant, measure, meanOf(list))));
    RunRecord record = new RunRecord(new VariantResults(variant, recorded, rows, layerCurves, trainings, notes,
        started, Instant.now()), items, degenerate);
    memory.put(run, record);
    return record;
  }

  private List<int[]> shiftSequences() {
    Builder s = settings;
    List<int[]> sequences = s.shiftTexts.stream().map(t -> s.tokenizer.encode(t, true, false))
        .filter(ids -> ids.length <= s.base.config().contextLength()).toList();
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("no shift text fits the model's context of "
          + s.base.config().contextLength());
    }
    return sequences;
  }

  private void say(String message) {
    if (settings.progress != null) {
      settings.progress.println(message);
    } else {
      LOG.info(message);
    }
  }

  private AdaptedModel train(Variant variant, long seed) {
    Builder s = settings;
    TrainingListener listener = s.progress == null ? TrainingListener.silent()
        : new ProgressListener(s.progress, s.progressBars, variant.displayName(), 10);
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
        RunRecord fullRun = memory.get(new Run(Variant.full(), seed));
        if (fullRun != null && fullRun.degenerate() != null
            && (s.outputDirectory == null || !Files.exists(fullModelFile(seed)))) {
          return out; // full fine-tuning diverged: there is no model to compare with
        }
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

  private static double[] meanOf(List<double[]> curves) {
    double[] mean = new double[curves.get(0).length];
    for (double[] curve : curves) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += curve[i] / curves.size();
      }
    }
    return mean;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Persistence for resuming: per run, <output>/variants/<stem>-seed<S>.items.json (items and the degenerate flag),
  // then <stem>-seed<S>.json (the measurements; its presence marks the run done).

  private Path variantsDirectory() {
    return settings.outputDirectory.resolve("variants");
  }

  private Path runFile(Run run) {
    return variantsDirectory().resolve(run.fileStem() + ".json");
  }

  private Path itemsFile(Run run) {
    return variantsDirectory().resolve(run.fileStem() + ".items.json");
  }

  private Path fullModelFile(long seed) {
    return settings.outputDirectory.resolve("checkpoints").resolve("full-seed" + seed + ".safetensors");
  }

  private void requireOutputForSubset(java.util.Collection<Run> subset) {
    if (settings.outputDirectory == null && !subset.containsAll(runs())) {
      throw new IllegalStateException("running a subset of the runs needs an output directory: the others' results "
          + "are read from it when the sweep is assembled");
    }
  }

  /** Deletes the hidden temporary files an interrupted atomic write leaves ({@code .name.123.tmp}). */
  private void removeTemporaryFiles() throws IOException {
    if (settings.outputDirectory == null) {
      return;
    }
    for (Path directory : List.of(settings.outputDirectory, variantsDirectory(),
        settings.outputDirectory.resolve("checkpoints"), settings.outputDirectory.resolve("plots"))) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (java.util.stream.Stream<Path> files = Files.list(directory)) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(file)) {
            Files.delete(file);
            say("removed " + file + ", left by an interrupted write");
          }
        }
      }
    }
  }

  private void save(Run run, RunRecord record) throws IOException {
    if (settings.outputDirectory == null) {
      return;
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("format", "fairlora-sweep-run-items");
    root.put("variant", run.variant().displayName());
    root.put("seed", run.seed());
    if (record.degenerate() == null) {
      root.putNull("degenerate");
    } else {
      root.put("degenerate", record.degenerate());
    }
    ObjectNode items = root.putObject("items");
    record.items().forEach((metric, values) -> {
      ArrayNode array = items.putArray(metric);
      for (double v : values) {
        array.add(v);
      }
    });
    // Items first: a run counts as done only once its results file exists.
    AtomicFiles.writeString(itemsFile(run), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    SweepResultsJson.writeVariant(record.results(), runFile(run));
  }

  /**
   * The finished run's record, or null when it has not run (no results file) or its files cannot be used (then it is
   * reported and the files are removed, so that the run is done again).
   *
   * @throws IllegalStateException when the run was done with other settings
   */
  private RunRecord reuse(Run run, Map<String, String> recorded) throws IOException {
    if (settings.outputDirectory == null) {
      return memory.get(run);
    }
    Path file = runFile(run);
    if (!Files.exists(file)) {
      return null;
    }
    VariantResults done;
    Map<String, double[]> items = new LinkedHashMap<>();
    String degenerate;
    try {
      done = SweepResultsJson.readVariant(file);
      if (!done.variant().equals(run.variant())) {
        throw new IOException(file + ": holds variant " + done.variant() + ", expected " + run.variant());
      }
      checkSameSettings(file, done.settings(), recorded);
      Path itemsPath = itemsFile(run);
      if (!Files.exists(itemsPath)) {
        throw new IOException(itemsPath + " is missing");
      }
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(itemsPath.toFile());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IOException(itemsPath + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
      }
      if (root == null || root.isMissingNode() || !root.path("items").isObject()
          || root.path("seed").asLong(Long.MIN_VALUE) != run.seed()
          || !run.variant().displayName().equals(root.path("variant").asText())) {
        throw new IOException(itemsPath + ": empty, or not the items of " + run);
      }
      degenerate = root.path("degenerate").isTextual() ? root.get("degenerate").asText() : null;
      java.util.Iterator<Map.Entry<String, JsonNode>> fields = root.get("items").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getValue().isArray() || field.getValue().isEmpty()) {
          throw new IOException(itemsPath + ": items of " + field.getKey() + " are not a non-empty array");
        }
        double[] values = new double[field.getValue().size()];
        for (int i = 0; i < values.length; i++) {
          JsonNode value = field.getValue().get(i);
          if (!value.isNumber()) {
            throw new IOException(itemsPath + ": item " + i + " of " + field.getKey() + " is not a number");
          }
          values[i] = value.asDouble();
        }
        items.put(field.getKey(), values);
      }
      for (MetricResult row : done.metrics()) {
        if (BiasMagnitude.forMetric(row.metric()).isPresent() && row.metric().startsWith("bias.")
            && !items.containsKey(row.metric())) {
          throw new IOException(itemsPath + ": the items of " + row.metric() + " are missing");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().startsWith("cannot resume")) {
        throw (IllegalStateException) e;
      }
      say("cannot reuse the finished run " + run + ": " + e.getMessage() + "; running it again");
      Files.deleteIfExists(file);
      Files.deleteIfExists(itemsFile(run));
      return null;
    }
    RunRecord record = new RunRecord(done, items, degenerate);
    memory.put(run, record);
    return record;
  }

  /** Settings that only change how finished runs are analysed, not the runs: resuming ignores them. */
  private static final java.util.Set<String> ANALYSIS_SETTINGS = java.util.Set.of("confidence", "bootstrap resamples",
      "verdict metric");

  private static void checkSameSettings(Path file, Map<String, String> found, Map<String, String> recorded) {
    Map<String, String> foundRuns = new LinkedHashMap<>(found);
    Map<String, String> recordedRuns = new LinkedHashMap<>(recorded);
    foundRuns.keySet().removeAll(ANALYSIS_SETTINGS);
    recordedRuns.keySet().removeAll(ANALYSIS_SETTINGS);
    if (foundRuns.equals(recordedRuns)) {
      return;
    }
    found = foundRuns;
    recorded = recordedRuns;
    List<String> differing = new ArrayList<>();
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(recorded.keySet());
    keys.addAll(found.keySet());
    for (String key : keys) {
      if (!Objects.equals(recorded.get(key), found.get(key))) {
        differing.add(key + " (was " + found.get(key) + ", now " + recorded.get(key) + ")");
      }
    }
    throw new IllegalStateException("cannot resume: " + file + " was computed with other settings: "
        + String.join("; ", differing) + ". Use another output directory or delete it to start over.");
  }

  private void saveFullModel(long seed, Decoder model) throws IOException {
    if (settings.outputDirectory != null) {
      ModelFiles.save(model, fullModelFile(seed));
    }
  }

  private Decoder loadFullModel(long seed) throws IOException {
    Path file = settings.outputDirectory == null ? null : fullModelFile(seed);
    if (file == null || !Files.exists(file)) {
      throw new IllegalStateException("the full fine-tune of seed " + seed + " is needed for KL to full but "
          + (file == null ? "no output directory was set" : file + " is missing") + "; run (full, seed " + seed
          + ") first, or delete its results in " + (file == null ? "the variants directory" : variantsDirectory())
          + " to recompute it");
    }
    Decoder model = settings.base.copy();
    ModelFiles.load(model, file);
    return model;
  }
}
