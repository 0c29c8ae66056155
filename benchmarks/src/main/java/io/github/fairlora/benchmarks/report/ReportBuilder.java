package io.github.fairlora.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fairlora.benchmarks.generation.GenerationModel;
import io.github.fairlora.benchmarks.generation.UncachedGenerationBenchmark;
import io.github.fairlora.benchmarks.jmh.MemoryProfiler;
import io.github.fairlora.benchmarks.paired.PairedRatio;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Breakdown;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Ceiling;
import io.github.fairlora.benchmarks.report.BenchmarkReport.GenerationRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.KernelRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Nd4jBuildRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Nd4jBuilds;
import io.github.fairlora.benchmarks.report.BenchmarkReport.PyTorchComparison;
import io.github.fairlora.benchmarks.report.BenchmarkReport.PyTorchRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Status;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Target;
import io.github.fairlora.benchmarks.report.BenchmarkReport.TrainingRow;
import io.github.fairlora.benchmarks.training.StackSampler;
import io.github.fairlora.benchmarks.training.StepBreakdown;
import io.github.fairlora.benchmarks.training.TrainingFlops;
import io.github.fairlora.benchmarks.training.TrainingMode;
import io.github.fairlora.benchmarks.training.TrainingShape;
import io.github.fairlora.nn.LoraLinear;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns one run's raw measurements into the report: ratios to the dense layer and to full fine-tuning, GFLOP/s
 * against the gemm ceiling, tokens per second, the ND4J build and PyTorch comparisons, and the targets of
 * docs/performance.md, each met or missed with by how much and why.
 */
public final class ReportBuilder {
  private ReportBuilder() {}

  /** The shape the kernel targets are stated for: n = 2048 tokens, in = out = 768, r = 16. */
  public static final int TARGET_TOKENS = 2048;
  /** See {@link #TARGET_TOKENS}. */
  public static final int TARGET_SIZE = 768;
  /** See {@link #TARGET_TOKENS}. */
  public static final int TARGET_RANK = 16;
  /** Unmerged LoRA forward at most this multiple of the dense forward. */
  public static final double LORA_FORWARD_LIMIT = 1.10;
  /** "Within noise": at least this relative tolerance, or JMH's error bounds when wider. */
  public static final double NOISE_FLOOR = 0.03;
  /** Training step at least this share of the gemm ceiling. */
  public static final double TRAINING_SHARE_TARGET = 0.60;
  /** LoRA linear forward + backward at least this many times faster than PyTorch. */
  public static final double PYTORCH_LINEAR_SPEEDUP = 2.0;
  /** LoRA training step at least this many times faster than PyTorch. */
  public static final double PYTORCH_STEP_SPEEDUP = 1.5;
  /** LoRA step at most this fraction of the full fine-tuning step. */
  public static final double LORA_STEP_RATIO = 0.85;

  /** Paired ratio: unmerged LoRA forward over dense forward at the target shape. */
  public static final String PAIR_LORA_FORWARD = "LoRA forward, unmerged / dense forward";
  /** Paired ratio: unmerged LoRA forward in training mode (two rank-r products) over dense forward. */
  public static final String PAIR_LORA_TRAINING_FORWARD = "LoRA forward, training mode / dense forward";
  /** Paired ratio: merged LoRA forward over dense forward at the target shape. */
  public static final String PAIR_MERGED = "LoRA forward, merged / dense forward";
  /** Paired ratio: LoRA linear forward + backward over full forward + backward at the target shape. */
  public static final String PAIR_LINEAR_TRAINING = "LoRA forward+backward / full forward+backward";
  /** Paired ratio: LoRA r=16 step over full step, by shape name (prefix + shape). */
  public static final String PAIR_STEP = "LoRA r=16 step / full step, ";

  /**
   * Paired ratio: training step over a block of {@link #CEILING_BLOCK_CALLS} square gemm calls of side
   * {@link #CEILING_BLOCK_SIZE}, by "shape, mode" (prefix + shape name + ", " + mode label). With the FLOPs of both,
   * it gives the step's share of the ceiling measured under the same load.
   */
  public static final String PAIR_CEILING = "training step / ceiling gemm block, ";
  /** Square gemm calls in the ceiling block of {@link #PAIR_CEILING}. */
  public static final int CEILING_BLOCK_CALLS = 4;
  /** Side of the square gemm in the ceiling block. */
  public static final int CEILING_BLOCK_SIZE = 1024;

  /** Counts (trainable, total) parameters of a training setting. */
  @FunctionalInterface
  public interface ParameterCounter {
    /** {trainable, total}. */
    long[] count(TrainingShape shape, TrainingMode mode);
  }

  /**
   * What the builder needs.
   *
   * @param date            ISO date-time
   * @param runMode         quick or long
   * @param durationSeconds run wall time
   * @param machine         machine description
   * @param measurements    this process's JMH measurements (default ND4J build)
   * @param breakdowns      step breakdowns measured in-process
   * @param paired          interleaved ratios measured in-process (named by the PAIR_ constants)
   * @param nd4jRuns        the ND4J build probe's child-process results
   * @param pytorch         the PyTorch peer's JSON, or null
   * @param pytorchNote     how the peer ran, or why it did not
   * @param counter         parameter counts per training setting
   */
  public record Inputs(String date, String runMode, double durationSeconds, BenchmarkReport.Machine machine,
      List<Measurement> measurements, List<StepBreakdown> breakdowns, List<PairedRatio> paired, Nd4jRuns nd4jRuns,
      JsonNode pytorch, String pytorchNote, ParameterCounter counter) {}

  /**
   * The ND4J build probe's results: one map (operation → median ms) per child process, pair i being
   * {@code defaultRuns.get(i)} and {@code avx2Runs.get(i)}.
   *
   * @param defaultLibrary native library the default build loaded
   * @param avx2Library    native library the AVX2 build loaded
   * @param defaultRuns    per default-build process
   * @param avx2Runs       per AVX2-build process
   * @param note           how they ran, or why they did not
   */
  public record Nd4jRuns(String defaultLibrary, String avx2Library, List<Map<String, Double>> defaultRuns,
      List<Map<String, Double>> avx2Runs, String note) {}

  /** The caveat every report carries. */
  public static final String CAVEAT = "This machine is shared with other jobs and noisy: figures are medians of a"
      + " few iterations and can move by 10-30% between runs. Read them as ratios within one run (every ratio here"
      + " compares numbers measured in the same run), not as absolute promises. The quick run uses few iterations;"
      + " use --long for careful measurement.";

  /** Builds the report. */
  public static BenchmarkReport build(Inputs in) {
    List<Measurement> all = in.measurements();
    Ceiling ceiling = ceiling(all, in.paired());
    List<KernelRow> kernels = kernels(all, ceiling);
    List<TrainingRow> training = training(all, ceiling, in.counter());
    List<Breakdown> breakdowns = in.breakdowns().stream().map(b -> breakdown(b, ceiling)).toList();
    List<GenerationRow> generation = generation(all);
    Nd4jBuilds builds = nd4jBuilds(in.nd4jRuns());
    PyTorchComparison pytorch = pytorch(in.pytorch(), in.pytorchNote());
    List<Target> targets = targets(kernels, in.paired(), training, breakdowns, pytorch, ceiling);
    List<Measurement> raw = new ArrayList<>(all);
    return new BenchmarkReport(in.date(), in.runMode(), in.durationSeconds(), in.machine(), CAVEAT, ceiling, kernels,
        List.copyOf(in.paired()), training, breakdowns, generation, builds, pytorch, targets, raw);
  }

  /**
   * The same report with its targets judged again from its own rows (for a report read back from REPORT.json after
   * the target rules or texts changed; nothing is re-measured).
   */
  public static BenchmarkReport rejudge(BenchmarkReport r) {
    List<Target> targets = targets(r.kernels(), r.paired(), r.training(), r.breakdowns(), r.pytorch(), r.ceiling());
    return new BenchmarkReport(r.date(), r.runMode(), r.durationSeconds(), r.machine(), CAVEAT, r.ceiling(),
        r.kernels(), r.paired(), r.training(), r.breakdowns(), r.generation(), r.nd4jBuilds(), r.pytorch(), targets,
        r.measurements());
  }

  /**
   * The best GFLOP/s of any plain gemm of the run: the JMH square and per-shape gemm benchmarks, and the square gemm
   * blocks timed interleaved with the training steps (which run later, often under a different load).
   */
  static Ceiling ceiling(List<Measurement> all, List<PairedRatio> paired) {
    double best = Double.NaN;
    String source = "no plain gemm was measured";
    for (Measurement m : all) {
      double flops;
      String name;
      if (m.benchmark().equals("GemmCeilingBenchmark.squareGemm")) {
        int size = m.intParam("size");
        flops = 2.0 * size * size * size;
        name = "JMH square gemm " + size + "³";
      } else if (m.benchmark().equals(KernelVariant.GEMM.benchmark())) {
        int n = m.intParam("tokens");
        int size = m.intParam("size");
        flops = 2.0 * n * size * size;
        name = "JMH gemm " + n + "×" + size + "×" + size;
      } else {
        continue;
      }
      double gflops = flops / (m.medianMillis() * 1e6);
      if (Double.isNaN(best) || gflops > best) {
        best = gflops;
        source = name;
      }
    }
    for (PairedRatio p : paired) {
      if (p.name().startsWith(PAIR_CEILING)) {
        double gflops = CEILING_BLOCK_CALLS * 2.0 * Math.pow(CEILING_BLOCK_SIZE, 3) / (p.baselineMillis() * 1e6);
        if (Double.isNaN(best) || gflops > best) {
          best = gflops;
          source = "square gemm " + CEILING_BLOCK_SIZE + "³ timed between training steps ("
              + p.name().substring(PAIR_CEILING.length()) + ")";
        }
      }
    }
    return new Ceiling(best, source);
  }

  static List<KernelRow> kernels(List<Measurement> all, Ceiling ceiling) {
    Map<String, Double> denseMicros = new LinkedHashMap<>();
    for (Measurement m : all) {
      if (m.benchmark().equals(KernelVariant.DENSE.benchmark())) {
        denseMicros.put(m.intParam("tokens") + "x" + m.intParam("size"), m.medianMillis() * 1e3);
      }
    }
    List<KernelRow> rows = new ArrayList<>();
    for (Measurement m : all) {
      Optional<KernelVariant> found = KernelVariant.of(m.benchmark());
      if (found.isEmpty()) {
        continue;
      }
      KernelVariant v = found.get();
      int n = m.intParam("tokens");
      int size = m.intParam("size");
      int rank = v.ranked() ? m.intParam("rank") : 0;
      double micros = m.medianMillis() * 1e3;
      double gflops = v.flops(n, size, rank) / (micros * 1e3);
      Double dense = denseMicros.get(n + "x" + size);
      rows.add(new KernelRow(v, v.title(), n, size, rank, micros, m.relativeSpread(), gflops,
          gflops / ceiling.gflops(), dense == null ? Double.NaN : micros / dense));
    }
    rows.sort(Comparator.comparingInt(KernelRow::size).thenComparingInt(KernelRow::tokens)
        .thenComparingInt(KernelRow::rank).thenComparing(KernelRow::variant));
    return rows;
  }

  static List<TrainingRow> training(List<Measurement> all, Ceiling ceiling, ParameterCounter counter) {
    Map<TrainingShape, Double> fullMillis = new LinkedHashMap<>();
    List<Measurement> steps = all.stream().filter(m -> m.benchmark().equals("TrainingStepBenchmark.step")).toList();
    for (Measurement m : steps) {
      if (TrainingMode.valueOf(m.param("mode")) == TrainingMode.FULL) {
        fullMillis.put(TrainingShape.valueOf(m.param("shape")), m.medianMillis());
      }
    }
    List<TrainingRow> rows = new ArrayList<>();
    for (Measurement m : steps) {
      TrainingShape shape = TrainingShape.valueOf(m.param("shape"));
      TrainingMode mode = TrainingMode.valueOf(m.param("mode"));
      double millis = m.medianMillis();
      double flops = TrainingFlops.perStep(shape, mode).total();
      double gflops = flops / (millis * 1e6);
      Double full = fullMillis.get(shape);
      long[] counts = counter.count(shape, mode);
      rows.add(new TrainingRow(shape.name(), shape.describe(), mode.label(), mode.rank(), shape.tokensPerStep(), millis,
          m.relativeSpread(),
          shape.tokensPerStep() / (millis / 1e3), flops / 1e9, gflops, gflops / ceiling.gflops(),
          full == null ? Double.NaN : millis / full, counts[0], counts[1],
          m.secondary().getOrDefault(MemoryProfiler.HEAP, Double.NaN),
          m.secondary().getOrDefault(MemoryProfiler.NATIVE, Double.NaN),
          m.secondary().getOrDefault(MemoryProfiler.PHYSICAL, Double.NaN)));
    }
    rows.sort(Comparator.comparing((TrainingRow r) -> TrainingShape.valueOf(r.shape())).thenComparingInt(
        TrainingRow::rank));
    return rows;
  }

  static Breakdown breakdown(StepBreakdown b, Ceiling ceiling) {
    Map<String, Double> phases = new LinkedHashMap<>();
    for (StepBreakdown.Phase phase : b.phases()) {
      phases.put(phase.name(), phase.millis());
    }
    Map<String, Double> hotspots = new LinkedHashMap<>();
    for (StackSampler.Hotspot h : b.hotspots()) {
      hotspots.put(h.label(), h.share());
    }
    double flops = TrainingFlops.perStep(b.shape(), b.mode()).total();
    return new Breakdown(b.shape().name(), b.mode().label(), b.steps(), phases, b.stepMillis(),
        flops / (ceiling.gflops() * 1e6), b.blasShare(), hotspots);
  }

  static List<GenerationRow> generation(List<Measurement> all) {
    List<GenerationRow> rows = new ArrayList<>();
    for (Measurement m : all) {
      boolean uncached = m.benchmark().equals("UncachedGenerationBenchmark.generateUncached");
      boolean cached = m.benchmark().equals("CachedGenerationBenchmark.generateCached");
      if (uncached || cached) {
        double millis = m.medianMillis();
        rows.add(new GenerationRow(GenerationModel.valueOf(m.param("model")).name(), cached ? "KV cache" : "uncached",
            UncachedGenerationBenchmark.PROMPT_TOKENS, UncachedGenerationBenchmark.NEW_TOKENS, millis,
            UncachedGenerationBenchmark.NEW_TOKENS / (millis / 1e3)));
      }
    }
    return rows;
  }

  static Nd4jBuilds nd4jBuilds(Nd4jRuns runs) {
    int pairs = Math.min(runs.defaultRuns().size(), runs.avx2Runs().size());
    if (pairs == 0) {
      return new Nd4jBuilds(false, runs.defaultLibrary(), runs.avx2Library(), List.of(), runs.note());
    }
    List<Nd4jBuildRow> rows = new ArrayList<>();
    List<String> faster = new ArrayList<>();
    List<String> slower = new ArrayList<>();
    List<String> same = new ArrayList<>();
    for (String name : runs.defaultRuns().get(0).keySet()) {
      double[] defaults = new double[pairs];
      double[] avx2 = new double[pairs];
      double[] ratios = new double[pairs];
      for (int i = 0; i < pairs; i++) {
        defaults[i] = runs.defaultRuns().get(i).getOrDefault(name, Double.NaN);
        avx2[i] = runs.avx2Runs().get(i).getOrDefault(name, Double.NaN);
        ratios[i] = avx2[i] / defaults[i];
      }
      double ratio = PairedRatio.quantile(ratios, 0.5);
      double low = PairedRatio.quantile(ratios, 0.25);
      double high = PairedRatio.quantile(ratios, 0.75);
      rows.add(new Nd4jBuildRow(name, "ms", PairedRatio.quantile(defaults, 0.5), PairedRatio.quantile(avx2, 0.5),
          ratio, low, high, pairs));
      String label = name + " (" + fixed(ratio, 2) + "×, quartiles " + fixed(low, 2) + "–" + fixed(high, 2) + ")";
      // A difference counts when the median moves by more than 5% and the quartiles stay on that side of 1.
      if (ratio < 0.95 && high < 1) {
        faster.add(label);
      } else if (ratio > 1.05 && low > 1) {
        slower.add(label);
      } else {
        same.add(label);
      }
    }
    String verdict = "AVX2 build faster on: " + (faster.isEmpty() ? "nothing" : String.join("; ", faster))
        + ". Slower on: " + (slower.isEmpty() ? "nothing" : String.join("; ", slower))
        + ". No clear difference (within 5%, or quartiles on both sides of 1) on: "
        + (same.isEmpty() ? "nothing" : String.join("; ", same)) + ". Both builds call the same OpenBLAS for"
        + " matrix products, and fairlora's layers do their elementwise work in Java loops, so the build can only"
        + " matter where ND4J's own ops run.";
    return new Nd4jBuilds(true, runs.defaultLibrary(), runs.avx2Library(), rows, verdict);
  }

  static PyTorchComparison pytorch(JsonNode json, String note) {
    if (json == null) {
      return new PyTorchComparison(false, "", note, List.of());
    }
    if (json.hasNonNull("error")) {
      return new PyTorchComparison(false, "", note + " The peer failed: " + json.get("error").asText(), List.of());
    }
    String engine = json.path("engine").asText("PyTorch") + " " + json.path("version").asText("?");
    List<PyTorchRow> rows = new ArrayList<>();
    JsonNode linear = json.path("linear");
    String shape = " (n=" + linear.path("tokens").asInt() + ", in=out=" + linear.path("size").asInt() + ", r="
        + linear.path("rank").asInt() + ")";
    for (JsonNode pair : linear.path("pairs")) {
      rows.add(row(pair.path("name").asText() + shape, pair));
    }
    for (JsonNode pair : json.path("training")) {
      rows.add(row(pair.path("name").asText(), pair));
    }
    return new PyTorchComparison(true, engine, note, rows);
  }

  /** A row from the peer's interleaved pair: fairlora is the baseline, PyTorch the candidate. */
  private static PyTorchRow row(String what, JsonNode pair) {
    return new PyTorchRow(what, pair.path("baselineMillis").asDouble(Double.NaN),
        pair.path("candidateMillis").asDouble(Double.NaN), pair.path("ratio").asDouble(Double.NaN),
        pair.path("lowerQuartile").asDouble(Double.NaN), pair.path("upperQuartile").asDouble(Double.NaN),
        pair.path("rounds").asInt());
  }

  static Optional<KernelRow> findKernel(List<KernelRow> kernels, KernelVariant variant, int n, int size, int rank) {
    return kernels.stream().filter(k -> k.variant() == variant && k.tokens() == n && k.size() == size
        && k.rank() == (variant.ranked() ? rank : 0)).findFirst();
  }

  static Optional<TrainingRow> findTraining(List<TrainingRow> rows, TrainingShape shape, TrainingMode mode) {
    return rows.stream().filter(r -> r.shape().equals(shape.name()) && r.mode().equals(mode.label())).findFirst();
  }

  static Optional<Breakdown> findBreakdown(List<Breakdown> rows, TrainingShape shape, TrainingMode mode) {
    return rows.stream().filter(r -> r.shape().equals(shape.name()) && r.mode().equals(mode.label())).findFirst();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Targets

  static Optional<PairedRatio> findPaired(List<PairedRatio> paired, String name) {
    return paired.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private static String pairedText(PairedRatio p) {
    return fixed(p.ratio(), 3) + "× interleaved (quartiles " + fixed(p.lowerQuartile(), 3) + "–"
        + fixed(p.upperQuartile(), 3) + " over " + p.rounds() + " rounds)";
  }

  static List<Target> targets(List<KernelRow> kernels, List<PairedRatio> paired, List<TrainingRow> training,
      List<Breakdown> breakdowns, PyTorchComparison pytorch, Ceiling ceiling) {
    List<Target> targets = new ArrayList<>();
    String shape = "n=" + TARGET_TOKENS + ", in=out=" + TARGET_SIZE + ", r=" + TARGET_RANK;
    Optional<KernelRow> dense = findKernel(kernels, KernelVariant.DENSE, TARGET_TOKENS, TARGET_SIZE, 0);
    Optional<KernelRow> lora = findKernel(kernels, KernelVariant.LORA_UNMERGED, TARGET_TOKENS, TARGET_SIZE,
        TARGET_RANK);
    Optional<KernelRow> merged = findKernel(kernels, KernelVariant.LORA_MERGED, TARGET_TOKENS, TARGET_SIZE,
        TARGET_RANK);

    // 1. Unmerged LoRA forward: the interleaved ratio when measured, else the two JMH medians.
    String req1 = "unmerged LoRA forward ≤ " + fixed(LORA_FORWARD_LIMIT, 2) + "× dense forward (" + shape + ")";
    Optional<PairedRatio> loraPair = findPaired(paired, PAIR_LORA_FORWARD);
    if (loraPair.isPresent() || (dense.isPresent() && lora.isPresent())) {
      double ratio = loraPair.map(PairedRatio::ratio).orElseGet(() -> lora.get().ratioToDense());
      double denseMillis = loraPair.map(PairedRatio::baselineMillis).orElseGet(() -> dense.get().micros() / 1e3);
      double loraMillis = loraPair.map(PairedRatio::candidateMillis).orElseGet(() -> lora.get().micros() / 1e3);
      double extraMillis = loraMillis - denseMillis;
      boolean summed = LoraLinear.mergesOnTheFly(TARGET_TOKENS, TARGET_SIZE, TARGET_SIZE);
      // Outside training the layer either sums the weights for the call (in·out·r multiply-adds and one copy of W)
      // or runs two rank-r products (n·r·(in + out) multiply-adds); see LoraLinear.mergesOnTheFly.
      double adapterFlops = summed ? 2.0 * TARGET_SIZE * TARGET_SIZE * TARGET_RANK
          : 2.0 * TARGET_TOKENS * TARGET_RANK * 2 * TARGET_SIZE;
      double idealExtraMillis = adapterFlops / (ceiling.gflops() * 1e6);
      String measured = loraPair.map(ReportBuilder::pairedText).orElse(fixed(ratio, 3) + "×") + "; "
          + fixed(loraMillis, 2) + " ms vs " + fixed(denseMillis, 2) + " ms"
          + (loraPair.isPresent() && lora.isPresent() && dense.isPresent()
              ? "; separate JMH medians give " + fixed(lora.get().ratioToDense(), 3) + "×" : "");
      String path = summed
          ? "outside training the layer forms W + s·B·A for the call (" + fixed(adapterFlops / 1e9, 3)
              + " GFLOP and one copy of W) and runs one gemm"
          : "the adapter runs two rank-" + TARGET_RANK + " products (" + fixed(adapterFlops / 1e9, 3) + " GFLOP)";
      String trainingMode = findPaired(paired, PAIR_LORA_TRAINING_FORWARD)
          .map(p -> "; in training mode (two rank-" + TARGET_RANK + " products, x·Aᵀ kept for backward) the forward "
              + "measures " + pairedText(p))
          .orElse("");
      if (ratio <= LORA_FORWARD_LIMIT) {
        targets.add(new Target("LoRA forward overhead", req1, measured, Status.MET, (extraMillis > 0
            ? path + ", adding " + fixed(extraMillis, 2) + " ms; at the ceiling that work would add "
                + fixed(idealExtraMillis, 2) + " ms"
            : path + "; its extra cost is below this run's noise (measured no slower than dense)") + trainingMode));
      } else {
        targets.add(new Target("LoRA forward overhead", req1, measured, Status.MISSED, "missed by "
            + percent(ratio / LORA_FORWARD_LIMIT - 1) + " (" + fixed(ratio, 3) + "× against ≤ "
            + fixed(LORA_FORWARD_LIMIT, 2) + "×). Why: " + path + ", adding " + fixed(extraMillis, 2)
            + " ms where that work would take " + fixed(idealExtraMillis, 2) + " ms at the ceiling ("
            + fixed(adapterFlops / Math.max(extraMillis, 1e-9) / 1e6, 1) + " GFLOP/s achieved)" + trainingMode));
      }
    } else {
      targets.add(notMeasured("LoRA forward overhead", req1));
    }

    // 2. Merged forward within noise of dense.
    String req2 = "merged forward within noise of the dense forward (" + shape + ")";
    Optional<PairedRatio> mergedPair = findPaired(paired, PAIR_MERGED);
    if (mergedPair.isPresent() || (dense.isPresent() && merged.isPresent())) {
      double ratio;
      double bound;
      String measured;
      if (mergedPair.isPresent()) {
        ratio = mergedPair.get().ratio();
        bound = Math.max(NOISE_FLOOR, mergedPair.get().halfInterquartileRange());
        measured = pairedText(mergedPair.get()) + ", noise bound ±" + percent(bound);
      } else {
        ratio = merged.get().ratioToDense();
        bound = Math.max(NOISE_FLOOR, merged.get().spread() + dense.get().spread());
        measured = fixed(ratio, 3) + "× (noise bound ±" + percent(bound) + ")";
      }
      boolean met = Math.abs(ratio - 1) <= bound;
      targets.add(new Target("merged forward", req2, measured, met ? Status.MET : Status.MISSED, met
          ? "merged inference runs the dense layer's single gemm; the noise bound is the larger of "
              + percent(NOISE_FLOOR) + " and half the interquartile range of the per-round ratios"
          : "missed by " + percent(Math.abs(ratio - 1) - bound) + " beyond the noise bound. Both run one gemm on a"
              + " weight of the same shape, so the difference is the machine (other jobs on the two cores) or memory"
              + " placement; rerun with --long."));
    } else {
      targets.add(notMeasured("merged forward", req2));
    }

    // 3. Training step share of the ceiling (full and LoRA r=16): interleaved with the ceiling gemm when measured.
    for (TrainingMode mode : List.of(TrainingMode.FULL, TrainingMode.LORA_R16)) {
      String name = "step efficiency, " + mode.label();
      String req = "training step at GPT-2-small layer shapes (" + mode.label() + ") ≥ "
          + percent(TRAINING_SHARE_TARGET) + " of the gemm ceiling";
      Optional<TrainingRow> row = findTraining(training, TrainingShape.GPT2_SMALL, mode);
      Optional<PairedRatio> pair = findPaired(paired, PAIR_CEILING + TrainingShape.GPT2_SMALL.name() + ", "
          + mode.label());
      if (row.isEmpty() && pair.isEmpty()) {
        targets.add(notMeasured(name, req));
        continue;
      }
      double stepFlops = TrainingFlops.perStep(TrainingShape.GPT2_SMALL, mode).total();
      double blockFlops = CEILING_BLOCK_CALLS * 2.0 * Math.pow(CEILING_BLOCK_SIZE, 3);
      double share;
      double stepMillis;
      String measured;
      if (pair.isPresent()) {
        PairedRatio p = pair.get();
        share = stepFlops / blockFlops / p.ratio();
        stepMillis = p.candidateMillis();
        measured = percent(share) + " interleaved with the ceiling gemm (quartiles " + percent(stepFlops / blockFlops
            / p.upperQuartile()) + "–" + percent(stepFlops / blockFlops / p.lowerQuartile()) + "; step "
            + fixed(p.candidateMillis(), 0) + " ms for " + fixed(stepFlops / 1e9, 1) + " GFLOP, ceiling gemm at "
            + fixed(blockFlops / (p.baselineMillis() * 1e6), 1) + " GFLOP/s)"
            + row.map(r -> "; JMH median step against the run's best gemm: " + percent(r.shareOfCeiling())).orElse("");
      } else {
        TrainingRow r = row.get();
        share = r.shareOfCeiling();
        stepMillis = r.stepMillis();
        measured = percent(share) + " (" + fixed(r.gflops(), 1) + " of " + fixed(ceiling.gflops(), 1) + " GFLOP/s; "
            + fixed(r.gflopPerStep(), 1) + " GFLOP in " + fixed(r.stepMillis(), 0) + " ms)";
      }
      if (share >= TRAINING_SHARE_TARGET) {
        targets.add(new Target(name, req, measured, Status.MET,
            "counted matrix-product FLOPs (TrainingFlops) over the step time, against the gemm's rate"));
      } else {
        double neededMillis = stepMillis * share / TRAINING_SHARE_TARGET;
        targets.add(new Target(name, req, measured, Status.MISSED,
            "missed by " + fixed((TRAINING_SHARE_TARGET - share) * 100, 1) + " percentage points: the step takes "
                + fixed(stepMillis, 0) + " ms and would need ≤ " + fixed(neededMillis, 0) + " ms. Why: "
                + why(findBreakdown(breakdowns, TrainingShape.GPT2_SMALL, mode))));
      }
    }

    // 4. LoRA linear forward + backward against PyTorch.
    String req4 = "LoRA linear forward+backward ≥ " + fixed(PYTORCH_LINEAR_SPEEDUP, 1) + "× faster than PyTorch ("
        + shape + ")";
    Optional<PyTorchRow> linearRow = pytorch.rows().stream().filter(r -> r.what().startsWith("LoRA forward+backward"))
        .findFirst();
    Optional<PairedRatio> suiteLinear = findPaired(paired, PAIR_LINEAR_TRAINING);
    targets.add(linearRow.map(r -> speedupTarget("LoRA linear vs PyTorch", req4, r, PYTORCH_LINEAR_SPEEDUP,
        "both sides run their products in an optimised BLAS gemm, so the gap is PyTorch's autograd overhead"
            + " (intermediates allocated and freed, the adapter's thin products, the (y ⊙ G).sum() feed); the"
            + " per-round speed-ups spread over " + fixed(r.lowerQuartile(), 2) + "–" + fixed(r.upperQuartile(), 2)
            + ", and fairlora's side took " + fixed(r.fairloraMillis(), 1) + " ms in the peer's JVM"
            + suiteLinear.map(p -> " against " + fixed(p.candidateMillis(), 1) + " ms in the suite's own JVM"
                + " (without libtorch's threads beside it)").orElse("")
            + ", so part of the shortfall is the two runtimes' thread pools sharing two cores"))
        .orElseGet(() -> notMeasured("LoRA linear vs PyTorch", req4 + ": " + pytorch.note())));

    // 5. LoRA training step against PyTorch.
    String req5 = "LoRA training step (GPT-2-small shapes, r=" + TARGET_RANK + ") ≥ " + fixed(PYTORCH_STEP_SPEEDUP, 1)
        + "× faster than PyTorch";
    Optional<PyTorchRow> stepRow = pytorch.rows().stream()
        .filter(r -> r.what().equals("training step " + TrainingShape.GPT2_SMALL.name() + ", "
            + TrainingMode.LORA_R16.label())).findFirst();
    targets.add(stepRow.map(r -> speedupTarget("LoRA step vs PyTorch", req5, r, PYTORCH_STEP_SPEEDUP,
        why(findBreakdown(breakdowns, TrainingShape.GPT2_SMALL, TrainingMode.LORA_R16))))
        .orElseGet(() -> notMeasured("LoRA step vs PyTorch", req5 + ": " + pytorch.note())));

    // 6. LoRA step against the full step: the interleaved ratio when measured, else the two JMH medians.
    String req6 = "LoRA training step ≤ " + fixed(LORA_STEP_RATIO, 2) + "× the full fine-tuning step (GPT-2-small"
        + " shapes, r=" + TARGET_RANK + ")";
    Optional<TrainingRow> loraStep = findTraining(training, TrainingShape.GPT2_SMALL, TrainingMode.LORA_R16);
    Optional<TrainingRow> fullStep = findTraining(training, TrainingShape.GPT2_SMALL, TrainingMode.FULL);
    Optional<PairedRatio> stepPair = findPaired(paired, PAIR_STEP + TrainingShape.GPT2_SMALL.name());
    if (stepPair.isPresent() || (loraStep.isPresent() && fullStep.isPresent())) {
      double jmhRatio = loraStep.isPresent() && fullStep.isPresent()
          ? loraStep.get().stepMillis() / fullStep.get().stepMillis() : Double.NaN;
      double ratio = stepPair.map(PairedRatio::ratio).orElse(jmhRatio);
      double flopRatio = TrainingFlops.perStep(TrainingShape.GPT2_SMALL, TrainingMode.LORA_R16).total()
          / TrainingFlops.perStep(TrainingShape.GPT2_SMALL, TrainingMode.FULL).total();
      String measured = stepPair.map(p -> pairedText(p) + "; " + fixed(p.candidateMillis(), 0) + " ms vs "
          + fixed(p.baselineMillis(), 0) + " ms").orElse(fixed(ratio, 3) + "×")
          + (Double.isNaN(jmhRatio) ? "" : "; JMH medians " + fixed(loraStep.get().stepMillis(), 0) + " ms vs "
              + fixed(fullStep.get().stepMillis(), 0) + " ms (" + fixed(jmhRatio, 3) + "×)")
          + "; counted FLOPs ratio " + fixed(flopRatio, 3);
      if (ratio <= LORA_STEP_RATIO) {
        targets.add(new Target("LoRA vs full step", req6, measured, Status.MET,
            "LoRA skips the weight-gradient products and the optimizer work of the frozen weights"));
      } else {
        targets.add(new Target("LoRA vs full step", req6, measured, Status.MISSED, "missed by "
            + percent(ratio / LORA_STEP_RATIO - 1) + ". Why: LoRA removes " + fixed((1 - flopRatio) * 100, 0)
            + "% of the counted FLOPs, but the work that does not shrink with LoRA remains: "
            + why(findBreakdown(breakdowns, TrainingShape.GPT2_SMALL, TrainingMode.LORA_R16))));
      }
    } else {
      targets.add(notMeasured("LoRA vs full step", req6));
    }
    return targets;
  }

  private static Target speedupTarget(String name, String requirement, PyTorchRow row, double needed, String why) {
    String measured = fixed(row.speedup(), 2) + "× interleaved (quartiles " + fixed(row.lowerQuartile(), 2) + "–"
        + fixed(row.upperQuartile(), 2) + " over " + row.rounds() + " rounds; " + fixed(row.fairloraMillis(), 1)
        + " ms fairlora vs " + fixed(row.pytorchMillis(), 1) + " ms PyTorch)";
    if (row.speedup() >= needed) {
      return new Target(name, requirement, measured, Status.MET, "measured interleaved in one JVM, same shapes");
    }
    String by = row.speedup() >= 1 ? "faster, but short of " + fixed(needed, 1) + "× by "
        + percent(1 - row.speedup() / needed) : "slower than PyTorch by " + percent(1 / row.speedup() - 1);
    return new Target(name, requirement, measured, Status.MISSED, "missed: " + by + ". Why: " + why);
  }

  private static Target notMeasured(String name, String requirement) {
    return new Target(name, requirement, "not measured", Status.NOT_MEASURED,
        "this run did not measure it (see the sections below)");
  }

  /** The explanation of where a step's time goes, from its breakdown. */
  static String why(Optional<Breakdown> breakdown) {
    if (breakdown.isEmpty()) {
      return "no breakdown was measured for this setting.";
    }
    Breakdown b = breakdown.get();
    StringBuilder text = new StringBuilder();
    text.append("of a ").append(fixed(b.stepMillis(), 0)).append(" ms step (breakdown run), the matrix products need ")
        .append(fixed(b.gemmMillisAtCeiling(), 0)).append(" ms at the ceiling and ").append(percent(b.blasShare()))
        .append(" of stack samples are inside BLAS. Phases: ");
    text.append(b.phasesMillis().entrySet().stream().map(e -> e.getKey() + " " + fixed(e.getValue(), 0) + " ms")
        .collect(Collectors.joining(", ")));
    List<Map.Entry<String, Double>> outside = b.hotspots().entrySet().stream()
        .filter(e -> !e.getKey().startsWith(StackSampler.BLAS)).limit(5).toList();
    if (!outside.isEmpty()) {
      text.append(". Largest non-BLAS hotspots: ").append(outside.stream()
          .map(e -> e.getKey() + " " + percent(e.getValue())).collect(Collectors.joining(", ")));
    }
    return text.append('.').toString();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Formatting shared with the Markdown writer

  /** {@code value} with {@code digits} decimals (Locale.ROOT); "n/a" for NaN. */
  public static String fixed(double value, int digits) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  /** A fraction as a percentage with one decimal. */
  public static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
