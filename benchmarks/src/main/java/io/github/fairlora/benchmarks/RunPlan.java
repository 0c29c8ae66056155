package io.github.fairlora.benchmarks;

import io.github.fairlora.benchmarks.jmh.JmhRuns.Timing;
import io.github.fairlora.benchmarks.training.TrainingMode;
import java.util.List;

/**
 * How much each part of the suite measures: the quick plan (a few minutes, the shapes the targets are stated for)
 * or the careful one (the full sweep of the issue, more iterations).
 *
 * @param name              "quick" or "long"
 * @param ceilingSizes      square gemm sides for the ceiling
 * @param kernelTokens      n values of the kernel grid
 * @param kernelSizes       in = out values
 * @param kernelRanks       ranks of the adapter variants on the grid
 * @param rankSweep         extra ranks measured at the target shape only (unmerged forward, forward + backward)
 * @param kernelTiming      kernel iterations
 * @param smallSteps        single-shot steps of the SMALL shape (warmup, measured)
 * @param gpt2Steps         single-shot steps of the GPT2_SMALL shape
 * @param trainingModes     modes measured
 * @param breakdownModes    modes whose steps are broken down (both shapes)
 * @param breakdownWarmup   unmeasured steps before a breakdown
 * @param breakdownSteps    measured steps of a breakdown
 * @param generationTiming  generation iterations
 * @param nd4jPairs         alternating (default build, AVX2 build) child-process pairs
 * @param nd4jRounds        rounds per elementwise op in each child
 * @param nd4jRoundMillis   minimum length of one such round
 * @param nd4jSteps         measured SMALL training steps per mode in each child
 * @param pytorchWarmup     PyTorch peer: unmeasured iterations / steps
 * @param pytorchRepeats    PyTorch peer: measured iterations / steps
 * @param pytorchIterationMillis PyTorch peer: minimum iteration time of the linear layer
 * @param pytorchRanks      PyTorch peer: LoRA ranks of the training step
 * @param pairedKernelRounds interleaved rounds of the paired kernel ratios at the target shape
 * @param pairedStepRounds  interleaved rounds of the paired LoRA-versus-full training steps
 */
public record RunPlan(String name, List<String> ceilingSizes, List<String> kernelTokens, List<String> kernelSizes,
    List<String> kernelRanks, List<String> rankSweep, Timing kernelTiming, Timing smallSteps, Timing gpt2Steps,
    List<TrainingMode> trainingModes, List<TrainingMode> breakdownModes, int breakdownWarmup, int breakdownSteps,
    Timing generationTiming, int nd4jPairs, int nd4jRounds, int nd4jRoundMillis, int nd4jSteps, int pytorchWarmup,
    int pytorchRepeats, int pytorchIterationMillis, List<Integer> pytorchRanks, int pairedKernelRounds,
    int pairedStepRounds) {

  /** A few minutes: the target shape (n = 2048, in = out = 768, r = 16), a smaller n, ranks 4 and 64 at the target. */
  public static RunPlan quick() {
    return new RunPlan("quick", List.of("1024"), List.of("128", "2048"), List.of("768"), List.of("16"),
        List.of("4", "64"), Timing.of(2, 4, 250, 1), Timing.of(2, 6, 100, 1), Timing.of(1, 3, 100, 1),
        List.of(TrainingMode.values()), List.of(TrainingMode.FULL, TrainingMode.LORA_R16), 1, 3,
        Timing.of(1, 3, 1000, 1), 3, 5, 100, 3, 1, 3, 300, List.of(16), 30, 3);
  }

  /** About an hour: n ∈ {1, 16, 128, 512, 2048}, in = out ∈ {256, 768, 2048}, r ∈ {4, 8, 16, 64}, longer runs. */
  public static RunPlan careful() {
    return new RunPlan("long", List.of("1024", "2048"), List.of("1", "16", "128", "512", "2048"),
        List.of("256", "768", "2048"), List.of("4", "8", "16", "64"), List.of(), Timing.of(3, 6, 500, 1),
        Timing.of(5, 20, 100, 1), Timing.of(3, 10, 100, 1), List.of(TrainingMode.values()),
        List.of(TrainingMode.values()), 2, 5, Timing.of(3, 8, 1000, 1), 6, 9, 200, 6, 3, 10, 1000,
        List.of(4, 16, 64), 200, 6);
  }
}
