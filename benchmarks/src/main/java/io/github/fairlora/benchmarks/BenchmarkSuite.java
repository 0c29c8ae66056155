package io.github.fairlora.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.fairlora.benchmarks.SuiteOptions.Part;
import io.github.fairlora.benchmarks.generation.UncachedGenerationBenchmark;
import io.github.fairlora.benchmarks.jmh.JmhRuns;
import io.github.fairlora.benchmarks.jmh.MemoryProfiler;
import io.github.fairlora.benchmarks.kernels.AdapterKernels;
import io.github.fairlora.benchmarks.kernels.DenseKernelBenchmark;
import io.github.fairlora.benchmarks.kernels.GemmCeilingBenchmark;
import io.github.fairlora.benchmarks.kernels.LoraKernelBenchmark;
import io.github.fairlora.benchmarks.nd4j.Nd4jBuildProbe;
import io.github.fairlora.benchmarks.paired.PairedRatio;
import io.github.fairlora.benchmarks.report.BenchmarkReport;
import io.github.fairlora.benchmarks.report.MachineInfo;
import io.github.fairlora.benchmarks.report.MarkdownReport;
import io.github.fairlora.benchmarks.report.Measurement;
import io.github.fairlora.benchmarks.report.ReportBuilder;
import io.github.fairlora.benchmarks.training.StepBreakdown;
import io.github.fairlora.benchmarks.training.TrainingFixture;
import io.github.fairlora.benchmarks.training.TrainingMode;
import io.github.fairlora.benchmarks.training.TrainingShape;
import io.github.fairlora.benchmarks.training.TrainingStepBenchmark;
import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The benchmark suite's entry point (the main class of benchmarks.jar): runs the parts of a {@link RunPlan} through
 * JMH, the step breakdowns in-process, the ND4J AVX2 build and the PyTorch peer as child processes, and writes
 * REPORT.md and REPORT.json. {@code jmh ARGS} hands over to JMH's own command line instead.
 */
public final class BenchmarkSuite {
  private final SuiteOptions options;
  private final RunPlan plan;
  private final PrintStream out = System.out;
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final List<PairedRatio> paired = new ArrayList<>();

  private BenchmarkSuite(SuiteOptions options) {
    this.options = options;
    this.plan = options.plan();
  }

  /** Entry point; see {@link SuiteOptions#USAGE}. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(SuiteOptions.USAGE);
      return;
    }
    SuiteOptions options;
    try {
      options = SuiteOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    BenchmarkSuite suite = new BenchmarkSuite(options);
    if (options.rejudge() != null) {
      BenchmarkReport read = suite.mapper.readValue(options.rejudge().toFile(), BenchmarkReport.class);
      Path written = MarkdownReport.write(ReportBuilder.rejudge(read), options.output());
      System.out.println("Targets judged again; written to " + written);
    } else if (options.childJson() != null) {
      suite.runNd4jBuildChild(options.childJson());
    } else {
      suite.run();
    }
    // JMH and ND4J leave non-daemon threads behind.
    System.exit(0);
  }

  private void run() throws IOException, InterruptedException {
    waitForLoad();
    double loadBefore = MachineInfo.loadAverage();
    long start = System.nanoTime();
    String date = DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0)
        .toInstant());
    out.println("fairlora benchmarks, " + plan.name() + " run, parts " + options.parts() + ", load average "
        + ReportBuilder.fixed(loadBefore, 2));
    List<Measurement> measurements = new ArrayList<>();
    if (options.parts().contains(Part.KERNELS)) {
      measurements.addAll(kernels());
    }
    if (options.parts().contains(Part.TRAINING)) {
      measurements.addAll(training(plan.trainingModes(), plan.trainingModes()));
    }
    if (options.parts().contains(Part.GENERATION)) {
      section("uncached generation");
      measurements.addAll(JmhRuns.run(UncachedGenerationBenchmark.class, List.of(), Map.of(), plan.generationTiming(),
          null, out));
      section("cached generation");
      measurements.addAll(JmhRuns.run(io.github.fairlora.benchmarks.generation.CachedGenerationBenchmark.class,
          List.of(), Map.of(), plan.generationTiming(), null, out));
    }
    ReportBuilder.Nd4jRuns nd4jRuns = options.parts().contains(Part.ND4J) ? compareNd4jBuilds()
        : new ReportBuilder.Nd4jRuns("", "", List.of(), List.of(), "The nd4j part was not run.");
    List<StepBreakdown> breakdowns = options.parts().contains(Part.BREAKDOWN) ? breakdowns() : List.of();
    JsonNode pytorch = null;
    String pytorchNote;
    if (options.parts().contains(Part.PYTORCH)) {
      PeerRun peer = runPyTorch();
      pytorch = peer.json();
      pytorchNote = peer.note();
    } else {
      pytorchNote = "The pytorch part was not run.";
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    BenchmarkReport report = ReportBuilder.build(new ReportBuilder.Inputs(date, plan.name(), seconds,
        MachineInfo.collect(loadBefore), measurements, breakdowns, paired, nd4jRuns, pytorch, pytorchNote,
        TrainingFixture::parameterCounts));
    Path written = MarkdownReport.write(report, options.output());
    out.println();
    out.println("Targets:");
    for (BenchmarkReport.Target t : report.targets()) {
      out.println("  " + t.status() + "  " + t.requirement() + ": " + t.measured());
    }
    out.println("Report written to " + written + " and REPORT.json beside it (" + ReportBuilder.fixed(seconds / 60, 1)
        + " minutes).");
  }

  private void waitForLoad() throws InterruptedException {
    if (options.maxLoad() <= 0) {
      return;
    }
    long deadline = System.nanoTime() + 3_600_000_000_000L;
    double load = MachineInfo.loadAverage();
    while (load >= options.maxLoad() && System.nanoTime() < deadline) {
      out.println("load average " + ReportBuilder.fixed(load, 2) + " ≥ " + options.maxLoad() + "; waiting 30 s");
      Thread.sleep(30_000);
      load = MachineInfo.loadAverage();
    }
    if (load >= options.maxLoad()) {
      out.println("load average still " + ReportBuilder.fixed(load, 2) + " after an hour; running anyway");
    }
  }

  private long sectionStart = System.nanoTime();

  private void section(String name) {
    long now = System.nanoTime();
    out.println("== " + name + " (" + ReportBuilder.fixed((now - sectionStart) / 1e9, 0)
        + " s since the last section)");
    sectionStart = now;
  }

  private List<Measurement> kernels() {
    List<Measurement> list = new ArrayList<>();
    section("gemm ceiling");
    list.addAll(JmhRuns.run(GemmCeilingBenchmark.class, List.of(), Map.of("size", plan.ceilingSizes()),
        plan.kernelTiming(), null, out));
    section("adapter kernels: dense variants");
    list.addAll(JmhRuns.run(DenseKernelBenchmark.class, List.of(), Map.of("tokens", plan.kernelTokens(), "size",
        plan.kernelSizes()), plan.kernelTiming(), null, out));
    section("adapter kernels: LoRA variants");
    list.addAll(JmhRuns.run(LoraKernelBenchmark.class, List.of(), Map.of("tokens", plan.kernelTokens(), "size",
        plan.kernelSizes(), "rank", plan.kernelRanks()), plan.kernelTiming(), null, out));
    if (!plan.rankSweep().isEmpty()) {
      section("adapter kernels: ranks at the target shape");
      list.addAll(JmhRuns.run(LoraKernelBenchmark.class, List.of("loraForward", "loraForwardBackward"),
          Map.of("tokens", List.of(String.valueOf(ReportBuilder.TARGET_TOKENS)), "size",
              List.of(String.valueOf(ReportBuilder.TARGET_SIZE)), "rank", plan.rankSweep()), plan.kernelTiming(), null,
          out));
    }
    pairedKernels();
    return list;
  }

  /** Interleaved ratios at the target shape, in this JVM. */
  private void pairedKernels() {
    section("paired kernel ratios at the target shape (in-process)");
    AdapterKernels k = new AdapterKernels(ReportBuilder.TARGET_TOKENS, ReportBuilder.TARGET_SIZE,
        ReportBuilder.TARGET_RANK, 42);
    int rounds = plan.pairedKernelRounds();
    int warmup = Math.max(5, rounds / 10);
    report(PairedRatio.measure(ReportBuilder.PAIR_LORA_FORWARD, "dense forward", k::denseForward,
        "LoRA forward, unmerged", k::loraForward, warmup, rounds));
    report(PairedRatio.measure(ReportBuilder.PAIR_LORA_TRAINING_FORWARD, "dense forward", k::denseForward,
        "LoRA forward, training mode", k::loraTrainingForward, warmup, rounds));
    report(PairedRatio.measure(ReportBuilder.PAIR_MERGED, "dense forward", k::denseForward, "LoRA forward, merged",
        k::mergedForward, warmup, rounds));
    report(PairedRatio.measure(ReportBuilder.PAIR_LINEAR_TRAINING, "full forward+backward", k::fullForwardBackward,
        "LoRA forward+backward", k::loraForwardBackward, warmup, rounds));
  }

  /** {@link ReportBuilder#CEILING_BLOCK_CALLS} square gemm calls of side {@link ReportBuilder#CEILING_BLOCK_SIZE}. */
  private static Runnable ceilingBlock() {
    int size = ReportBuilder.CEILING_BLOCK_SIZE;
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    io.github.fairlora.tensor.Tensor a = io.github.fairlora.tensor.Tensor.zeros(size, size);
    io.github.fairlora.tensor.Tensor b = io.github.fairlora.tensor.Tensor.zeros(size, size);
    io.github.fairlora.tensor.Tensor c = io.github.fairlora.tensor.Tensor.zeros(size, size);
    io.github.fairlora.nn.Initializers.normal(a, random, 1.0);
    io.github.fairlora.nn.Initializers.normal(b, random, 1.0);
    return () -> {
      for (int i = 0; i < ReportBuilder.CEILING_BLOCK_CALLS; i++) {
        io.github.fairlora.tensor.Gemm.gemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
      }
    };
  }

  private void report(PairedRatio ratio) {
    paired.add(ratio);
    out.println("  " + ratio.name() + ": " + ReportBuilder.fixed(ratio.ratio(), 3) + " (quartiles "
        + ReportBuilder.fixed(ratio.lowerQuartile(), 3) + "–" + ReportBuilder.fixed(ratio.upperQuartile(), 3) + ")");
  }

  /** SMALL steps in {@code smallModes}, GPT2_SMALL steps in {@code gpt2Modes}, each with the memory profiler. */
  private List<Measurement> training(List<TrainingMode> smallModes, List<TrainingMode> gpt2Modes) {
    List<Measurement> list = new ArrayList<>();
    if (!smallModes.isEmpty()) {
      section("training step: SMALL");
      list.addAll(JmhRuns.run(TrainingStepBenchmark.class, List.of(), Map.of("shape", List.of("SMALL"), "mode",
          names(smallModes)), plan.smallSteps(), MemoryProfiler.class, out));
    }
    if (!gpt2Modes.isEmpty()) {
      section("training step: GPT2_SMALL");
      list.addAll(JmhRuns.run(TrainingStepBenchmark.class, List.of(), Map.of("shape", List.of("GPT2_SMALL"), "mode",
          names(gpt2Modes)), plan.gpt2Steps(), MemoryProfiler.class, out));
    }
    return list;
  }

  private static List<String> names(List<TrainingMode> modes) {
    return modes.stream().map(Enum::name).toList();
  }

  private List<StepBreakdown> breakdowns() {
    List<StepBreakdown> list = new ArrayList<>();
    for (TrainingShape shape : List.of(TrainingShape.GPT2_SMALL, TrainingShape.SMALL)) {
      for (TrainingMode mode : plan.breakdownModes()) {
        section("step breakdown: " + shape + ", " + mode.label());
        TrainingFixture fixture = new TrainingFixture(shape, mode, 1234);
        StepBreakdown breakdown = StepBreakdown.measure(fixture, plan.breakdownWarmup(), plan.breakdownSteps(), 3);
        out.println("  step " + ReportBuilder.fixed(breakdown.stepMillis(), 1) + " ms: " + breakdown.phases().stream()
            .map(p -> p.name() + " " + ReportBuilder.fixed(p.millis(), 1) + " ms").toList());
        list.add(breakdown);
        if (shape == TrainingShape.GPT2_SMALL) {
          // The step against the ceiling gemm, interleaved, so both see the same machine load.
          report(PairedRatio.measure(ReportBuilder.PAIR_CEILING + shape.name() + ", " + mode.label(),
              ReportBuilder.CEILING_BLOCK_CALLS + " × square gemm " + ReportBuilder.CEILING_BLOCK_SIZE + "³",
              ceilingBlock(), "training step", fixture::step, 1, plan.breakdownSteps()));
        }
      }
      section("paired steps: " + shape + ", lora r=16 / full (in-process)");
      TrainingFixture full = new TrainingFixture(shape, TrainingMode.FULL, 1234);
      TrainingFixture lora = new TrainingFixture(shape, TrainingMode.LORA_R16, 1234);
      int rounds = shape == TrainingShape.SMALL ? 2 * plan.pairedStepRounds() : plan.pairedStepRounds();
      report(PairedRatio.measure(ReportBuilder.PAIR_STEP + shape.name(), "full step", full::step, "LoRA r=16 step",
          lora::step, 1, rounds));
    }
    return list;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // ND4J's two CPU builds: the probe in alternating child processes, one jar per build.

  /** What one child wrote: the native library it loaded and its medians. */
  record ChildResult(String library, Map<String, Double> medians) {}

  private ReportBuilder.Nd4jRuns compareNd4jBuilds() throws IOException, InterruptedException {
    Path self = thisJar();
    Path avx2 = options.avx2Jar() != null ? options.avx2Jar() : besideThisJar("benchmarks-avx2.jar");
    if (self == null) {
      return new ReportBuilder.Nd4jRuns("", "", List.of(), List.of(), "Not compared: the suite must run from"
          + " benchmarks.jar to start the default build's child processes.");
    }
    if (avx2 == null || !Files.isRegularFile(avx2)) {
      return new ReportBuilder.Nd4jRuns("", "", List.of(), List.of(), "Not compared: no AVX2 benchmark jar at "
          + avx2 + "; build it with: mvn -B -q -pl benchmarks -am package -P avx2 -DskipTests");
    }
    List<Map<String, Double>> defaultRuns = new ArrayList<>();
    List<Map<String, Double>> avx2Runs = new ArrayList<>();
    String defaultLibrary = "";
    String avx2Library = "";
    for (int pair = 0; pair < plan.nd4jPairs(); pair++) {
      // Alternate which build goes first, so a drift in load does not favour one side.
      for (int side = 0; side < 2; side++) {
        boolean runAvx2 = (pair + side) % 2 == 1;
        Path jar = runAvx2 ? avx2 : self;
        section("ND4J builds, pair " + (pair + 1) + ": " + (runAvx2 ? "avx2" : "default") + " (" + jar.getFileName()
            + ")");
        ChildResult result = runChild(jar);
        if (result == null) {
          return new ReportBuilder.Nd4jRuns(defaultLibrary, avx2Library, List.of(), List.of(), "Not compared: the"
              + " child process of " + jar + " failed (see the console output).");
        }
        if (runAvx2) {
          avx2Runs.add(result.medians());
          avx2Library = result.library();
        } else {
          defaultRuns.add(result.medians());
          defaultLibrary = result.library();
        }
      }
    }
    return new ReportBuilder.Nd4jRuns(defaultLibrary, avx2Library, defaultRuns, avx2Runs,
        plan.nd4jPairs() + " alternating pairs of child processes, one per build");
  }

  private ChildResult runChild(Path jar) throws IOException, InterruptedException {
    Path json = Files.createTempFile("fairlora-nd4j-", ".json");
    try {
      List<String> command = List.of(javaExecutable(), "-Xmx2g", "-jar", jar.toString(), "--" + plan.name(),
          "--nd4j-build-child", json.toString());
      int status = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (status != 0 || Files.size(json) == 0) {
        out.println("  child " + String.join(" ", command) + " exited with status " + status);
        return null;
      }
      return mapper.readValue(json.toFile(), ChildResult.class);
    } finally {
      Files.deleteIfExists(json);
    }
  }

  /** Child mode: the ND4J build probe, written to {@code json}. */
  private void runNd4jBuildChild(Path json) throws IOException {
    String library = MachineInfo.nd4jLibrary();
    Map<String, Double> medians = Nd4jBuildProbe.measure(plan.nd4jRounds(), plan.nd4jRoundMillis(), plan.nd4jSteps());
    out.println("  " + library.replaceAll(".*/bindings/", "") + ": " + medians.entrySet().stream()
        .map(e -> e.getKey() + " " + ReportBuilder.fixed(e.getValue(), 3) + " ms").toList());
    AtomicFiles.writeString(json, mapper.writeValueAsString(new ChildResult(library, medians)));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The PyTorch peer, in a child process.

  /** The peer's JSON (null when it did not run) and a note on how it ran or why not. */
  private record PeerRun(JsonNode json, String note) {}

  private PeerRun runPyTorch() throws IOException, InterruptedException {
    Path jar = options.pytorchJar();
    if (jar == null) {
      Path self = thisJar();
      jar = self == null ? Path.of("benchmarks-pytorch", "target", "benchmarks-pytorch.jar")
          : self.toAbsolutePath().getParent().getParent().getParent()
              .resolve(Path.of("benchmarks-pytorch", "target", "benchmarks-pytorch.jar"));
    }
    if (!Files.isRegularFile(jar)) {
      return new PeerRun(null, "Not run: no PyTorch peer jar at " + jar + "; build it with: mvn -B -q -P pytorch-peer"
          + " -pl benchmarks-pytorch -am package -DskipTests (downloads libtorch once).");
    }
    section("PyTorch peer (child process " + jar.getFileName() + ")");
    TrainingShape shape = TrainingShape.GPT2_SMALL;
    Path json = Files.createTempFile("fairlora-pytorch-", ".json");
    try {
      List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dai.djl.offline=true", "-Xmx3g", "-jar",
          jar.toString(), "--json", json.toString(), "--shape", shape.name(),
          "--training-ranks", String.join(",", plan.pytorchRanks().stream().map(String::valueOf).toList()),
          "--warmup", String.valueOf(plan.pytorchWarmup()), "--repeats", String.valueOf(plan.pytorchRepeats()),
          "--iteration-millis", String.valueOf(plan.pytorchIterationMillis()),
          "--paired-rounds", String.valueOf(plan.pairedKernelRounds())));
      int status = new ProcessBuilder(command).inheritIO().start().waitFor();
      JsonNode result = Files.size(json) > 0 ? mapper.readTree(json.toFile()) : null;
      String how = "Run as a child process with -Dai.djl.offline=true (" + jar + "). Every row is measured"
          + " interleaved in that one JVM: a fairlora call and a PyTorch call back to back, alternating which goes"
          + " first, " + plan.pairedKernelRounds() + " rounds per linear-layer row and " + plan.pytorchRepeats()
          + " per training step (after warm-up); speed-up is the median of the per-round ratios PyTorch / fairlora.";
      if (result == null) {
        return new PeerRun(null, "The peer exited with status " + status + " and wrote no results. " + how);
      }
      return new PeerRun(result, how);
    } finally {
      Files.deleteIfExists(json);
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The jar this class was loaded from, or null when run from classes. */
  private static Path thisJar() {
    try {
      Path location = Path.of(BenchmarkSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) ? location : null;
    } catch (URISyntaxException | SecurityException e) {
      return null;
    }
  }

  private static Path besideThisJar(String name) {
    Path self = thisJar();
    return self == null ? null : self.toAbsolutePath().getParent().resolve(name);
  }
}
