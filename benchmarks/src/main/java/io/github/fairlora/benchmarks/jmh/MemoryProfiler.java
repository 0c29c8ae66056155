package io.github.fairlora.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler (it runs inside the benchmark's JVM) that records, after every iteration, the memory the benchmark
 * holds, and reports the maximum over iterations as secondary results:
 *
 * <ul>
 *   <li>{@value #HEAP}: Java heap in use right after a full GC, in MiB: what the benchmark retains on the heap (for a
 *       training step, mostly the AdamW moments, which are Java arrays);
 *   <li>{@value #NATIVE}: growth of the process's resident memory since {@link #markBaseline()} was called, in MiB:
 *       ND4J's buffers (weights, gradients, activations) and OpenBLAS's work space. ND4J allocates these with its own
 *       allocator, which JavaCPP's {@link Pointer#totalBytes()} does not count, so resident memory is the measure;
 *       the benchmark must pre-touch its whole heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}) so that heap
 *       pages are already resident at the baseline and do not show up here;
 *   <li>{@value #PHYSICAL}: the process's resident memory ({@link Pointer#physicalBytes()}), in MiB, pre-touched heap
 *       included.
 * </ul>
 *
 * <p>Everything a training step keeps is allocated once and reused, so the figures at iteration end are the step's
 * peak up to short-lived garbage.
 */
public final class MemoryProfiler implements InternalProfiler {
  /** Secondary result name: retained heap, MiB. */
  public static final String HEAP = "memory.heap.retained.MiB";
  /** Secondary result name: resident memory grown since the baseline, MiB. */
  public static final String NATIVE = "memory.native.MiB";
  /** Secondary result name: resident set size, MiB. */
  public static final String PHYSICAL = "memory.rss.MiB";

  private static final double MIB = 1024.0 * 1024.0;
  private static volatile long baseline = -1;

  /**
   * Loads ND4J and records the resident memory before a benchmark builds its state; call it first in the state's
   * setup.
   */
  public static void markBaseline() {
    Nd4j.zeros(DataType.FLOAT, 1);
    System.gc();
    baseline = Pointer.physicalBytes();
  }

  @Override
  public String getDescription() {
    return "retained heap after GC, native memory grown since setup, resident memory; maximum over iterations";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    // Nothing to reset: the figures are read after each iteration.
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    System.gc();
    long physical = Pointer.physicalBytes();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    double grown = baseline < 0 ? Double.NaN : Math.max(0, physical - baseline) / MIB;
    return List.of(
        new ScalarResult(HEAP, heap / MIB, "MiB", AggregationPolicy.MAX),
        new ScalarResult(NATIVE, grown, "MiB", AggregationPolicy.MAX),
        new ScalarResult(PHYSICAL, physical / MIB, "MiB", AggregationPolicy.MAX));
  }
}
