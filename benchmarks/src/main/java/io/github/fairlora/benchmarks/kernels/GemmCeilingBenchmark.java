package io.github.fairlora.benchmarks.kernels;

import io.github.fairlora.nn.Initializers;
import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
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
 * A square single-precision gemm (size³, 2·size³ FLOPs) into a preallocated output through {@link Gemm}: the
 * machine's matrix-product ceiling, measured in the same run as everything it is compared with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class GemmCeilingBenchmark {

  /** Matrix side. */
  @Param({"1024", "2048"})
  public int size;

  private Tensor a;
  private Tensor b;
  private Tensor c;

  /** Random operands. */
  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    a = Tensor.zeros(size, size);
    b = Tensor.zeros(size, size);
    c = Tensor.zeros(size, size);
    Initializers.normal(a, random, 1.0);
    Initializers.normal(b, random, 1.0);
  }

  /** c = a · b. */
  @Benchmark
  public Object squareGemm() {
    Gemm.gemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
    return c;
  }
}
