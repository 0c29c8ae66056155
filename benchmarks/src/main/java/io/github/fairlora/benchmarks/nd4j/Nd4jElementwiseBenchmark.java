package io.github.fairlora.benchmarks.nd4j;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
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
 * ND4J's own elementwise kernels, where its CPU builds differ (the default linux-x86_64 build and the AVX2 one; BLAS
 * is the same OpenBLAS in both): tanh and add over float32 arrays, into preallocated outputs. Run with each build on
 * the class path to compare them (benchmarks/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class Nd4jElementwiseBenchmark {

  /** Elements per array: 64×64 (dispatch-bound) and 4 Mi (throughput-bound). */
  @Param({"4096", "4194304"})
  public int length;

  private INDArray x;
  private INDArray y;
  private INDArray out;

  /** Random inputs in [-1, 1). */
  @Setup
  public void setUp() {
    Nd4j.getRandom().setSeed(3);
    x = Nd4j.rand(DataType.FLOAT, length).muli(2).subi(1);
    y = Nd4j.rand(DataType.FLOAT, length).muli(2).subi(1);
    out = Nd4j.zeros(DataType.FLOAT, length);
  }

  /** out = tanh(x). */
  @Benchmark
  public INDArray tanh() {
    Nd4j.exec(new Tanh(x, out));
    return out;
  }

  /** out = x + y. */
  @Benchmark
  public INDArray add() {
    return x.addi(y, out);
  }
}
