package io.github.fairlora.benchmarks.kernels;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * The adapter variants of one square linear layer over n tokens at rank r: unmerged LoRA forward (the training-time
 * path), merge-on-the-fly (form W + s·B·A on every call), merged weights, the allocating {@code INDArray.mmul}
 * expression, and LoRA forward + backward (dx, dA, dB; W frozen). Compare with {@link DenseKernelBenchmark} at the
 * same tokens and size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G"})
public class LoraKernelBenchmark {

  /** n, the token rows. */
  @Param({"1", "16", "128", "512", "2048"})
  public int tokens;

  /** in = out. */
  @Param({"256", "768", "2048"})
  public int size;

  /** Adapter rank r. */
  @Param({"4", "8", "16", "64"})
  public int rank;

  private AdapterKernels kernels;

  /** Builds the layers. */
  @Setup
  public void setUp() {
    kernels = new AdapterKernels(tokens, size, rank, 42);
  }

  /** Unmerged LoRA forward (LoraLinear) outside training. */
  @Benchmark
  public Object loraForward() {
    return kernels.loraForward();
  }

  /** Unmerged LoRA forward in training mode (two rank-r products, x·Aᵀ kept for backward). */
  @Benchmark
  public Object loraTrainingForward() {
    return kernels.loraTrainingForward();
  }

  /** W + s·B·A formed on every call, then a dense forward. */
  @Benchmark
  public Object mergeOnTheFly() {
    return kernels.mergeOnTheFlyForward();
  }

  /** Adapter merged into the weight once; forward costs the base layer. */
  @Benchmark
  public Object mergedForward() {
    return kernels.mergedForward();
  }

  /** x.mmul(Wᵀ) + s·x.mmul(Aᵀ).mmul(Bᵀ): allocates every intermediate. */
  @Benchmark
  public INDArray naiveMmulLora() {
    return kernels.naiveLoraForward();
  }

  /** LoRA training of the layer: forward, dx, dA, dB. */
  @Benchmark
  public Object loraForwardBackward() {
    return kernels.loraForwardBackward();
  }
}
