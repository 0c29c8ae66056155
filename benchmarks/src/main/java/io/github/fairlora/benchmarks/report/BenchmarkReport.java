package io.github.fairlora.benchmarks.report;

import io.github.fairlora.benchmarks.paired.PairedRatio;
import java.util.List;
import java.util.Map;

/**
 * Everything one suite run found, as written to REPORT.md and its JSON twin. Built by {@link ReportBuilder} from the
 * raw {@link Measurement}s (kept in {@link #measurements}). Times are medians over measurement iterations; every
 * ratio compares figures measured in this same run.
 *
 * @param date          ISO date and time of the run (UTC)
 * @param runMode       "quick" or "long"
 * @param durationSeconds wall time of the whole run
 * @param machine       what it ran on
 * @param caveat        the warning that goes with the numbers
 * @param ceiling       the gemm ceiling everything is compared with
 * @param kernels       adapter-kernel rows
 * @param paired        ratios measured interleaved (steadier on a shared machine)
 * @param training      training-step rows
 * @param breakdowns    where the time of selected training steps goes
 * @param generation    uncached generation rows
 * @param nd4jBuilds    ND4J default build versus AVX2 build
 * @param pytorch       the PyTorch peer's figures beside ours
 * @param targets       the targets of docs/performance.md, met or missed
 * @param measurements  every raw measurement of this run
 */
public record BenchmarkReport(String date, String runMode, double durationSeconds, Machine machine, String caveat,
    Ceiling ceiling, List<KernelRow> kernels, List<PairedRatio> paired, List<TrainingRow> training,
    List<Breakdown> breakdowns, List<GenerationRow> generation, Nd4jBuilds nd4jBuilds, PyTorchComparison pytorch,
    List<Target> targets,
    List<Measurement> measurements) {

  /**
   * The machine and software.
   *
   * @param cpu             CPU model name (from /proc/cpuinfo)
   * @param cores           processors the JVM sees
   * @param memoryGiB       physical memory
   * @param os              operating system
   * @param java            JVM name and version
   * @param nd4j            ND4J version and the native build (classifier) the suite process loaded
   * @param nd4jLibrary     path of the loaded ND4J native library
   * @param blas            BLAS vendor and OpenBLAS's build configuration
   * @param loadBefore      1-minute load average when the run started
   * @param loadAfter       1-minute load average when it ended
   */
  public record Machine(String cpu, int cores, double memoryGiB, String os, String java, String nd4j,
      String nd4jLibrary, String blas, double loadBefore, double loadAfter) {}

  /**
   * The matrix-product ceiling: the best GFLOP/s of any plain gemm measured in this run.
   *
   * @param gflops  GFLOP/s
   * @param source  which measurement it came from
   */
  public record Ceiling(double gflops, String source) {}

  /**
   * One adapter-kernel variant at one shape.
   *
   * @param variant        the variant
   * @param title          its readable name
   * @param tokens         n
   * @param size           in = out
   * @param rank           r, or 0 for rank-independent variants
   * @param micros         median µs per call
   * @param spread         half the range of the iteration scores relative to the median (see
   *                       {@link Measurement#relativeSpread()})
   * @param gflops         achieved GFLOP/s (executed FLOPs / time)
   * @param shareOfCeiling gflops / ceiling
   * @param ratioToDense   micros / dense base forward's micros at the same n and size (NaN if not measured)
   */
  public record KernelRow(KernelVariant variant, String title, int tokens, int size, int rank, double micros,
      double spread, double gflops, double shareOfCeiling, double ratioToDense) {}

  /**
   * One training-step setting.
   *
   * @param shape            model shape name
   * @param shapeDescription the shape in words
   * @param mode             "full" or "lora r=R"
   * @param rank             0 for full
   * @param tokensPerStep    batch × time
   * @param stepMillis       median step time
   * @param spread           half the range of the step times relative to the median
   * @param tokensPerSecond  tokensPerStep / step time
   * @param gflopPerStep     counted matrix-product GFLOP per step (see TrainingFlops)
   * @param gflops           achieved GFLOP/s
   * @param shareOfCeiling   gflops / ceiling
   * @param ratioToFull      stepMillis / the full fine-tuning step of the same shape (NaN if not measured)
   * @param trainableParameters scalars that train
   * @param totalParameters  all scalars
   * @param heapMiB          retained Java heap after GC, maximum over iterations
   * @param nativeMiB        resident memory grown since before the model was built (ND4J buffers, BLAS work space),
   *                         maximum
   * @param physicalMiB      resident memory of the benchmark JVM (its pre-touched 3 GiB heap included), maximum
   */
  public record TrainingRow(String shape, String shapeDescription, String mode, int rank, int tokensPerStep,
      double stepMillis, double spread, double tokensPerSecond, double gflopPerStep, double gflops,
      double shareOfCeiling,
      double ratioToFull, long trainableParameters, long totalParameters, double heapMiB, double nativeMiB,
      double physicalMiB) {}

  /**
   * Where one training step's time goes.
   *
   * @param shape         model shape name
   * @param mode          "full" or "lora r=R"
   * @param steps         steps measured
   * @param phasesMillis  phase → median ms (zero, forward, backward, clip, AdamW)
   * @param stepMillis    their sum
   * @param gemmMillisAtCeiling  the step's counted FLOPs at the ceiling: the time the matrix products need at best
   * @param blasShare     share of stack samples inside BLAS
   * @param hotspots      label → share of stack samples, most frequent first
   */
  public record Breakdown(String shape, String mode, int steps, Map<String, Double> phasesMillis, double stepMillis,
      double gemmMillisAtCeiling, double blasShare, Map<String, Double> hotspots) {}

  /**
   * UNCACHED generation with one random model.
   *
   * @param model            model name
   * @param label            always "uncached": every token re-runs the whole prefix
   * @param promptTokens     prompt length
   * @param newTokens        tokens generated per call
   * @param millisPerCall    median time of one call
   * @param tokensPerSecond  newTokens / time
   */
  public record GenerationRow(String model, String label, int promptTokens, int newTokens, double millisPerCall,
      double tokensPerSecond) {}

  /**
   * One operation under both ND4J CPU builds, from alternating child processes.
   *
   * @param benchmark       what was timed
   * @param unit            unit of the medians ("ms" per operation)
   * @param defaultMedian   median over the default (linux-x86_64) build's processes
   * @param avx2Median      median over the linux-x86_64-avx2 build's processes
   * @param avx2OverDefault median over pairs of avx2 / default (below 1: AVX2 faster)
   * @param lowerQuartile   25th percentile of the per-pair ratios
   * @param upperQuartile   75th percentile of the per-pair ratios
   * @param pairs           pairs of processes
   */
  public record Nd4jBuildRow(String benchmark, String unit, double defaultMedian, double avx2Median,
      double avx2OverDefault, double lowerQuartile, double upperQuartile, int pairs) {}

  /**
   * The ND4J build comparison.
   *
   * @param measured       false when the AVX2 side could not be run (see verdict)
   * @param defaultLibrary the native library the default build loaded
   * @param avx2Library    the native library the AVX2 build loaded
   * @param rows           operation rows
   * @param verdict        which build is faster where, in words, or why nothing was compared
   */
  public record Nd4jBuilds(boolean measured, String defaultLibrary, String avx2Library, List<Nd4jBuildRow> rows,
      String verdict) {}

  /**
   * One figure measured on both sides.
   *
   * @param what            what was measured
   * @param fairloraMillis  median ms here
   * @param pytorchMillis   median ms with PyTorch
   * @param speedup         median over interleaved rounds of PyTorch time / fairlora time (above 1: fairlora faster)
   * @param lowerQuartile   25th percentile of the per-round speed-ups
   * @param upperQuartile   75th percentile of the per-round speed-ups
   * @param rounds          interleaved rounds
   */
  public record PyTorchRow(String what, double fairloraMillis, double pytorchMillis, double speedup,
      double lowerQuartile, double upperQuartile, int rounds) {}

  /**
   * The PyTorch peer's results beside ours.
   *
   * @param measured  false when the peer did not run or failed (see note)
   * @param engine    engine name and version, e.g. "PyTorch 2.7.1"
   * @param note      how it ran, or exactly why it did not
   * @param rows      side-by-side rows
   */
  public record PyTorchComparison(boolean measured, String engine, String note, List<PyTorchRow> rows) {}

  /** Whether a target was met. */
  public enum Status {
    /** Measured and met. */
    MET,
    /** Measured and missed. */
    MISSED,
    /** Not measured in this run. */
    NOT_MEASURED
  }

  /**
   * One target of docs/performance.md.
   *
   * @param name         short name
   * @param requirement  the requirement in words
   * @param measured     the measured figure in words
   * @param status       met, missed or not measured
   * @param detail       by how much, and why, for a miss; how it was measured otherwise
   */
  public record Target(String name, String requirement, String measured, Status status, String detail) {}
}
