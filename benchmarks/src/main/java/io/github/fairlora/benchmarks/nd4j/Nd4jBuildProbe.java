package io.github.fairlora.benchmarks.nd4j;

import io.github.fairlora.benchmarks.paired.PairedRatio;
import io.github.fairlora.benchmarks.training.TrainingFixture;
import io.github.fairlora.benchmarks.training.TrainingMode;
import io.github.fairlora.benchmarks.training.TrainingShape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A short, self-contained measurement of what differs between ND4J's CPU builds, run once per process: ND4J's own
 * elementwise kernels (the same ops as {@link Nd4jElementwiseBenchmark}) and the SMALL training step. The suite runs
 * it in alternating child processes, one per build (default, AVX2, default, AVX2, ...), and compares each adjacent
 * pair, because the two builds cannot share a JVM and the machine's load drifts between runs.
 */
public final class Nd4jBuildProbe {
  private Nd4jBuildProbe() {}

  /** Median milliseconds per operation, by operation name, in a fixed order. */
  public static Map<String, Double> measure(int rounds, long roundMillis, int steps) {
    Map<String, Double> medians = new LinkedHashMap<>();
    for (int length : new int[] {4096, 4 * 1024 * 1024}) {
      Nd4j.getRandom().setSeed(3);
      INDArray x = Nd4j.rand(DataType.FLOAT, length).muli(2).subi(1);
      INDArray y = Nd4j.rand(DataType.FLOAT, length).muli(2).subi(1);
      INDArray out = Nd4j.zeros(DataType.FLOAT, length);
      medians.put("ND4J tanh, " + length + " floats", perCall(() -> Nd4j.getExecutioner().exec(new Tanh(x, out)),
          rounds, roundMillis));
      medians.put("ND4J add, " + length + " floats", perCall(() -> x.addi(y, out), rounds, roundMillis));
    }
    for (TrainingMode mode : new TrainingMode[] {TrainingMode.FULL, TrainingMode.LORA_R16}) {
      TrainingFixture fixture = new TrainingFixture(TrainingShape.SMALL, mode, 1234);
      fixture.step();
      double[] times = new double[steps];
      for (int i = 0; i < steps; i++) {
        long start = System.nanoTime();
        fixture.step();
        times[i] = (System.nanoTime() - start) / 1e6;
      }
      medians.put("training step SMALL, " + mode.label(), PairedRatio.quantile(times, 0.5));
    }
    return medians;
  }

  /** Median over rounds of the mean time per call within a round of at least {@code roundMillis}, after a warm-up. */
  private static double perCall(Runnable operation, int rounds, long roundMillis) {
    double[] perRound = new double[rounds];
    for (int r = -1; r < rounds; r++) {
      long start = System.nanoTime();
      long deadline = start + roundMillis * 1_000_000L;
      int calls = 0;
      long now;
      do {
        operation.run();
        calls++;
        now = System.nanoTime();
      } while (now < deadline);
      if (r >= 0) {
        perRound[r] = (now - start) / 1e6 / calls;
      }
    }
    return PairedRatio.quantile(perRound, 0.5);
  }
}
