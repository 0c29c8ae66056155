package io.github.fairlora.benchmarks.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackSamplerTest {
  private static StackTraceElement frame(String cls, String method) {
    return new StackTraceElement(cls, method, null, -1);
  }

  @Test
  void blasSamplesAreChargedToTheLayerThatCalledGemm() {
    StackTraceElement[] stack = {
        frame("org.bytedeco.openblas.global.openblas_nolapack", "cblas_sgemm"),
        frame("io.github.fairlora.tensor.Gemm", "gemm"),
        frame("io.github.fairlora.tensor.Gemm", "rows"),
        frame("io.github.fairlora.nn.Linear", "forward"),
        frame("io.github.fairlora.model.Decoder", "blockForward")};
    assertThat(StackSampler.classify(stack)).isEqualTo(StackSampler.BLAS + "Linear.forward");
  }

  @Test
  void javaLoopsAreChargedToTheirMethodNotToBufferAccessors() {
    StackTraceElement[] stack = {
        frame("java.nio.DirectFloatBufferU", "get"),
        frame("io.github.fairlora.tensor.Tensor", "get"),
        frame("java.lang.Math", "exp"),
        frame("io.github.fairlora.nn.CrossEntropy", "forwardBackward"),
        frame("io.github.fairlora.model.Decoder", "forward")};
    assertThat(StackSampler.classify(stack)).isEqualTo("CrossEntropy.forwardBackward");
  }

  @Test
  void anEmptyStackIsNotCounted() {
    assertThat(StackSampler.classify(new StackTraceElement[0])).isNull();
  }

  @Test
  void samplesOnlyWhileActiveAndReportsShares() throws InterruptedException {
    try (StackSampler sampler = new StackSampler(Thread.currentThread(), 1)) {
      Thread.sleep(20);
      assertThat(sampler.samples()).isZero();
      sampler.setActive(true);
      // Busy until a few samples arrived (bounded, so a starved sampler thread fails instead of hanging).
      long deadline = System.nanoTime() + 10_000_000_000L;
      double sink = 0;
      while (sampler.samples() < 5 && System.nanoTime() < deadline) {
        for (int i = 0; i < 100_000; i++) {
          sink += Math.sqrt(sink + i);
        }
      }
      sampler.setActive(false);
      assertThat(sink).isPositive();
      assertThat(sampler.samples()).isGreaterThanOrEqualTo(5);
      List<StackSampler.Hotspot> hotspots = sampler.hotspots(100);
      assertThat(hotspots.stream().mapToDouble(StackSampler.Hotspot::share).sum())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(hotspots).anySatisfy(h -> assertThat(h.label()).startsWith("StackSamplerTest."));
    }
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(StepBreakdown.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(StepBreakdown.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }
}
