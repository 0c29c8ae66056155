package io.github.fairlora.benchmarks.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a training step's time goes: each phase timed on its own over a few steps (medians), plus a stack-sampled
 * profile of the whole step.
 *
 * <p>Backward is not separable from forward in the decoder's API ({@code forward(batch, true)} does both), so it is
 * taken as (forward + backward) − (forward alone), each measured in the same step.
 *
 * @param shape          the model shape
 * @param mode           full or LoRA
 * @param steps          steps measured (after {@code warmup} unmeasured ones)
 * @param zeroMillis     zeroing the gradients
 * @param forwardMillis  forward with the loss, no gradients
 * @param backwardMillis (forward + backward) − forward
 * @param clipMillis     global gradient-norm clipping
 * @param optimizerMillis the AdamW update
 * @param blasShare      share of profile samples inside BLAS gemm
 * @param hotspots       the most frequent sampled frames (see {@link StackSampler})
 * @param samples        profile samples taken
 */
public record StepBreakdown(TrainingShape shape, TrainingMode mode, int steps, double zeroMillis,
    double forwardMillis, double backwardMillis, double clipMillis, double optimizerMillis, double blasShare,
    List<StackSampler.Hotspot> hotspots, int samples) {

  /** The step as the benchmark runs it: zero + forward + backward + clip + optimizer. */
  public double stepMillis() {
    return zeroMillis + forwardMillis + backwardMillis + clipMillis + optimizerMillis;
  }

  /**
   * Measures {@code steps} steps of {@code fixture} after {@code warmup} unmeasured ones, sampling the stack every
   * {@code sampleMillis} ms.
   */
  public static StepBreakdown measure(TrainingFixture fixture, int warmup, int steps, long sampleMillis) {
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("steps (" + steps + ") must be >= 1 and warmup (" + warmup + ") >= 0");
    }
    for (int i = 0; i < warmup; i++) {
      fixture.step();
    }
    double[] zero = new double[steps];
    double[] forward = new double[steps];
    double[] forwardBackward = new double[steps];
    double[] clip = new double[steps];
    double[] optimizer = new double[steps];
    try (StackSampler sampler = new StackSampler(Thread.currentThread(), sampleMillis)) {
      for (int i = 0; i < steps; i++) {
        long t0 = System.nanoTime();
        fixture.forwardOnly();
        long t1 = System.nanoTime();
        sampler.setActive(true);
        long t2 = System.nanoTime();
        fixture.zeroGradients();
        long t3 = System.nanoTime();
        fixture.forwardBackward();
        long t4 = System.nanoTime();
        fixture.clip();
        long t5 = System.nanoTime();
        fixture.optimizerStep();
        long t6 = System.nanoTime();
        sampler.setActive(false);
        forward[i] = (t1 - t0) / 1e6;
        zero[i] = (t3 - t2) / 1e6;
        forwardBackward[i] = (t4 - t3) / 1e6;
        clip[i] = (t5 - t4) / 1e6;
        optimizer[i] = (t6 - t5) / 1e6;
      }
      double forwardMedian = median(forward);
      return new StepBreakdown(fixture.shape(), fixture.mode(), steps, median(zero), forwardMedian,
          Math.max(0, median(forwardBackward) - forwardMedian), median(clip), median(optimizer), sampler.blasShare(),
          sampler.hotspots(12), sampler.samples());
    }
  }

  /** The median of the values (mean of the middle two for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Phase names and median milliseconds, in step order. */
  public List<Phase> phases() {
    List<Phase> list = new ArrayList<>();
    list.add(new Phase("zero gradients", zeroMillis));
    list.add(new Phase("forward (with loss)", forwardMillis));
    list.add(new Phase("backward", backwardMillis));
    list.add(new Phase("clip gradient norm", clipMillis));
    list.add(new Phase("AdamW update", optimizerMillis));
    return list;
  }

  /** One phase's median time. */
  public record Phase(String name, double millis) {}
}
