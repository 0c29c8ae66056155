package io.github.fairlora.benchmarks.training;

import io.github.fairlora.benchmarks.jmh.MemoryProfiler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decoder training step (zero gradients, forward, backward, clipping, AdamW) per invocation, timed one step at a
 * time: a step is long (tens of milliseconds to seconds), so single-shot timing adds no measurable overhead. Run it
 * with {@link MemoryProfiler} for the memory each setting holds (the fork pre-touches a fixed heap for that).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-Dorg.bytedeco.javacpp.maxbytes=8G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=14G"})
public class TrainingStepBenchmark {

  /** Model shape. */
  @Param({"SMALL", "GPT2_SMALL"})
  public TrainingShape shape;

  /** Full fine-tuning or LoRA of a rank. */
  @Param({"FULL", "LORA_R4", "LORA_R16", "LORA_R64"})
  public TrainingMode mode;

  private TrainingFixture fixture;

  /** Builds the model, optimizer and batch (after marking the memory baseline). */
  @Setup
  public void setUp() {
    MemoryProfiler.markBaseline();
    fixture = new TrainingFixture(shape, mode, 1234);
  }

  /** One training step; returns the loss. */
  @Benchmark
  public double step() {
    return fixture.step();
  }
}
