package io.github.fairlora.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Status;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Target;
import io.github.fairlora.benchmarks.training.StackSampler;
import io.github.fairlora.benchmarks.training.StepBreakdown;
import io.github.fairlora.benchmarks.training.TrainingFlops;
import io.github.fairlora.benchmarks.training.TrainingMode;
import io.github.fairlora.benchmarks.training.TrainingShape;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The report's arithmetic and verdicts on made-up measurements whose ratios are worked out by hand. */
class ReportBuilderTest {
  private static final Offset<Double> CLOSE = Offset.offset(1e-9);

  private static Measurement m(String benchmark, Map<String, String> params, String unit, double median) {
    return new Measurement(benchmark, params, unit, median, median, median * 0.01, List.of(median), Map.of());
  }

  private static Map<String, String> shape(int tokens, int size) {
    return Map.of("tokens", String.valueOf(tokens), "size", String.valueOf(size));
  }

  private static Map<String, String> shape(int tokens, int size, int rank) {
    return Map.of("tokens", String.valueOf(tokens), "size", String.valueOf(size), "rank", String.valueOf(rank));
  }

  private static Map<String, String> step(TrainingShape shape, TrainingMode mode) {
    return Map.of("shape", shape.name(), "mode", mode.name());
  }

  private final List<Measurement> measurements = List.of(
      // 2·1024³ = 2 147 483 648 FLOPs in 10 ms: 214.75 GFLOP/s, the ceiling.
      m("GemmCeilingBenchmark.squareGemm", Map.of("size", "1024"), "us/op", 10_000),
      // 2·2048·768² = 2 415 919 104 FLOPs in 15 ms: 161.06 GFLOP/s.
      m("DenseKernelBenchmark.gemm", shape(2048, 768), "us/op", 15_000),
      m("DenseKernelBenchmark.dense", shape(2048, 768), "us/op", 16_000),
      m("DenseKernelBenchmark.fullForwardBackward", shape(2048, 768), "us/op", 45_000),
      m("LoraKernelBenchmark.loraForward", shape(2048, 768, 16), "us/op", 17_000),
      m("LoraKernelBenchmark.mergedForward", shape(2048, 768, 16), "us/op", 16_100),
      m("LoraKernelBenchmark.loraForwardBackward", shape(2048, 768, 16), "us/op", 35_000),
      m("TrainingStepBenchmark.step", step(TrainingShape.GPT2_SMALL, TrainingMode.FULL), "ms/op", 2_000),
      m("TrainingStepBenchmark.step", step(TrainingShape.GPT2_SMALL, TrainingMode.LORA_R16), "ms/op", 1_800),
      m("UncachedGenerationBenchmark.generateUncached", Map.of("model", "STORIES260K"), "ms/op", 40),
      m("Nd4jElementwiseBenchmark.tanh", Map.of("length", "4194304"), "us/op", 4_000));

  private final List<Measurement> avx2 = List.of(
      m("Nd4jElementwiseBenchmark.tanh", Map.of("length", "4194304"), "us/op", 800));

  private JsonNode pytorchJson() throws Exception {
    return new ObjectMapper().readTree("""
        {"engine": "PyTorch", "version": "2.7.1",
         "linear": {"tokens": 2048, "size": 768, "rank": 16, "scale": 2.0,
           "denseForward": {"medianMillis": 20.0}, "loraForward": {"medianMillis": 40.0},
           "loraForwardBackward": {"medianMillis": 80.0}, "fullForwardBackward": {"medianMillis": 60.0}},
         "training": [{"mode": "full", "medianMillis": 2500.0}, {"mode": "lora r=16", "medianMillis": 2400.0}]}
        """);
  }

  private StepBreakdown breakdown() {
    return new StepBreakdown(TrainingShape.GPT2_SMALL, TrainingMode.LORA_R16, 3, 1, 700, 900, 10, 5, 0.4,
        List.of(new StackSampler.Hotspot(StackSampler.BLAS + "Linear.forward", 0.4),
            new StackSampler.Hotspot("CrossEntropy.forwardBackward", 0.35)), 500);
  }

  private BenchmarkReport build() throws Exception {
    BenchmarkReport.Machine machine = new BenchmarkReport.Machine("test cpu", 2, 24, "os", "jvm", "nd4j", "lib.so",
        "blas", 1.0, 1.5);
    return ReportBuilder.build(new ReportBuilder.Inputs("2026-01-01T00:00:00Z", "quick", 60, machine, measurements,
        List.of(breakdown()), avx2, "avx2.so", pytorchJson(), "ran", (s, mode) -> new long[] {10, 100}));
  }

  private static Target target(BenchmarkReport report, String name) {
    return report.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void ceilingIsTheBestPlainGemm() throws Exception {
    BenchmarkReport report = build();
    assertThat(report.ceiling().gflops()).isCloseTo(214.748364800, Offset.offset(1e-6));
    assertThat(report.ceiling().source()).isEqualTo("square gemm 1024³");
  }

  @Test
  void kernelRowsAreRatiosToDenseAtTheSameShape() throws Exception {
    BenchmarkReport report = build();
    BenchmarkReport.KernelRow lora = ReportBuilder.findKernel(report.kernels(), KernelVariant.LORA_UNMERGED, 2048, 768,
        16).orElseThrow();
    assertThat(lora.ratioToDense()).isCloseTo(17_000.0 / 16_000.0, CLOSE);
    // (2 415 919 104 + 100 663 296) FLOPs in 17 ms = 148.034 GFLOP/s.
    assertThat(lora.gflops()).isCloseTo(2516582400.0 / 17e6, CLOSE);
    assertThat(lora.shareOfCeiling()).isCloseTo(lora.gflops() / report.ceiling().gflops(), CLOSE);
    BenchmarkReport.KernelRow gemm = ReportBuilder.findKernel(report.kernels(), KernelVariant.GEMM, 2048, 768, 0)
        .orElseThrow();
    assertThat(gemm.ratioToDense()).isCloseTo(15.0 / 16.0, CLOSE);
  }

  @Test
  void trainingRowsCarryTokensPerSecondCeilingShareAndRatioToFull() throws Exception {
    BenchmarkReport report = build();
    BenchmarkReport.TrainingRow lora = ReportBuilder.findTraining(report.training(), TrainingShape.GPT2_SMALL,
        TrainingMode.LORA_R16).orElseThrow();
    // 512 tokens in 1.8 s.
    assertThat(lora.tokensPerSecond()).isCloseTo(512 / 1.8, CLOSE);
    assertThat(lora.ratioToFull()).isCloseTo(0.9, CLOSE);
    double flops = TrainingFlops.perStep(TrainingShape.GPT2_SMALL, TrainingMode.LORA_R16).total();
    assertThat(lora.gflops()).isCloseTo(flops / 1.8e9, Offset.offset(1e-6));
    assertThat(lora.trainableParameters()).isEqualTo(10);
  }

  @Test
  void targetsAreJudgedWithByHowMuchAndWhy() throws Exception {
    BenchmarkReport report = build();
    assertThat(report.targets()).hasSize(7);
    // 17/16 = 1.0625 ≤ 1.10.
    assertThat(target(report, "LoRA forward overhead").status()).isEqualTo(Status.MET);
    // 16.1/16 = 1.00625, within the 3% floor.
    assertThat(target(report, "merged forward").status()).isEqualTo(Status.MET);
    Target efficiency = target(report, "step efficiency, full");
    assertThat(efficiency.status()).isEqualTo(Status.MISSED);
    assertThat(efficiency.detail()).contains("percentage points").contains("no breakdown was measured");
    // LoRA 1800 / full 2000 = 0.9 > 0.85: missed by 0.9/0.85 − 1 = 5.9%.
    Target loraVsFull = target(report, "LoRA vs full step");
    assertThat(loraVsFull.status()).isEqualTo(Status.MISSED);
    assertThat(loraVsFull.detail()).contains("missed by 5.9%").contains("CrossEntropy.forwardBackward 35.0%");
    // PyTorch 80 ms vs 35 ms: 2.29× ≥ 2.
    assertThat(target(report, "LoRA linear vs PyTorch").status()).isEqualTo(Status.MET);
    // 2400 / 1800 = 1.333× < 1.5: short by 1 − 1.333/1.5 = 11.1%.
    Target step = target(report, "LoRA step vs PyTorch");
    assertThat(step.status()).isEqualTo(Status.MISSED);
    assertThat(step.detail()).contains("faster, but short of 1.5× by 11.1%");
  }

  @Test
  void nd4jBuildsAndPyTorchRowsAreSideBySide() throws Exception {
    BenchmarkReport report = build();
    assertThat(report.nd4jBuilds().measured()).isTrue();
    assertThat(report.nd4jBuilds().rows()).hasSize(1);
    assertThat(report.nd4jBuilds().rows().get(0).avx2OverDefault()).isCloseTo(0.2, CLOSE);
    assertThat(report.nd4jBuilds().verdict()).contains("AVX2 build faster").contains("tanh length=4194304 (0.20×)");
    assertThat(report.pytorch().engine()).isEqualTo("PyTorch 2.7.1");
    assertThat(report.pytorch().rows()).extracting(BenchmarkReport.PyTorchRow::speedup)
        .containsExactly(20.0 / 16.0, 40.0 / 17.0, 80.0 / 35.0, 60.0 / 45.0, 2500.0 / 2000.0, 2400.0 / 1800.0);
    assertThat(report.generation()).singleElement().satisfies(g -> {
      assertThat(g.label()).isEqualTo("uncached");
      // 16 tokens in 40 ms.
      assertThat(g.tokensPerSecond()).isCloseTo(400.0, CLOSE);
    });
  }

  @Test
  void missingPartsAreReportedAsNotMeasured() {
    BenchmarkReport.Machine machine = new BenchmarkReport.Machine("cpu", 2, 24, "os", "jvm", "nd4j", "lib", "blas", 0,
        0);
    BenchmarkReport report = ReportBuilder.build(new ReportBuilder.Inputs("d", "quick", 1, machine, List.of(),
        List.of(), List.of(), "no AVX2 jar", null, "Not run: no jar", (s, mode) -> new long[] {0, 0}));
    assertThat(report.targets()).allMatch(t -> t.status() == Status.NOT_MEASURED);
    assertThat(report.pytorch().measured()).isFalse();
    assertThat(report.nd4jBuilds().verdict()).contains("no AVX2 jar");
  }

  @Test
  void aFailedPeerSaysWhy() throws Exception {
    JsonNode failed = new ObjectMapper().readTree("{\"error\": \"java.lang.UnsatisfiedLinkError: no torch\"}");
    BenchmarkReport.PyTorchComparison comparison = ReportBuilder.pytorch(failed, "ran offline.", List.of(), List.of());
    assertThat(comparison.measured()).isFalse();
    assertThat(comparison.note()).contains("UnsatisfiedLinkError: no torch");
  }

  @Test
  void markdownAndJsonCarryEverySection() throws Exception {
    BenchmarkReport report = build();
    String markdown = MarkdownReport.render(report);
    assertThat(markdown).contains("# fairlora benchmark report", "**Caveat.**", "## Targets", "**MISSED**",
        "## Adapter kernels", "## Training step", "## Where the step time goes", "## Generation (UNCACHED)",
        "## ND4J CPU builds", "## PyTorch peer", "test cpu");
    JsonNode json = new ObjectMapper().readTree(MarkdownReport.json(report));
    assertThat(json.path("targets")).hasSize(7);
    assertThat(json.path("caveat").asText()).contains("shared");
    assertThat(json.path("measurements")).hasSize(measurements.size());
  }
}
