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
 * The rank-independent kernels of one square linear layer (in = out = size) over n tokens: the plain BLAS gemm at
 * the same sizes (this shape's ceiling), the dense base layer forward (the reference every ratio is taken to), the
 * allocating {@code INDArray.mmul} path, and full fine-tuning forward + backward (dx, dW).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G"})
public class DenseKernelBenchmark {

  /** n, the token rows. */
  @Param({"1", "16", "128", "512", "2048"})
  public int tokens;

  /** in = out. */
  @Param({"256", "768", "2048"})
  public int size;

  private AdapterKernels kernels;

  /** Builds the layers (rank 1: no adapter variant runs here). */
  @Setup
  public void setUp() {
    kernels = new AdapterKernels(tokens, size, 1, 42);
  }

  /** Plain BLAS gemm [n, size] × [size, size]. */
  @Benchmark
  public Object gemm() {
    return kernels.gemm();
  }

  /** Dense base layer forward x·Wᵀ. */
  @Benchmark
  public Object dense() {
    return kernels.denseForward();
  }

  /** x.mmul(Wᵀ): allocates its result. */
  @Benchmark
  public INDArray naiveMmulDense() {
    return kernels.naiveDenseForward();
  }

  /** Full fine-tuning of the layer: forward, dx and dW. */
  @Benchmark
  public Object fullForwardBackward() {
    return kernels.fullForwardBackward();
  }
}
