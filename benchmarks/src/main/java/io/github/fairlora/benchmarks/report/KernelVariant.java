package io.github.fairlora.benchmarks.report;

import io.github.fairlora.nn.LoraLinear;
import java.util.Arrays;
import java.util.Optional;

/**
 * The adapter-kernel variants, in report order, each with its benchmark method, a readable name and the FLOPs it
 * executes for n tokens, a square layer of side s (in = out = s) and rank r (2 FLOPs per multiply-add).
 */
public enum KernelVariant {
  /** Plain BLAS gemm [n, s] × [s, s]. */
  GEMM("DenseKernelBenchmark.gemm", "plain gemm (this shape's ceiling)", false),
  /** Dense base forward, the reference. */
  DENSE("DenseKernelBenchmark.dense", "dense base forward (reference)", false),
  /** Unmerged LoRA forward outside training (W + s·B·A formed per call where that is cheaper). */
  LORA_UNMERGED("LoraKernelBenchmark.loraForward", "LoRA forward, unmerged", true),
  /** Unmerged LoRA forward in training mode: two rank-r products. */
  LORA_UNMERGED_TRAINING("LoraKernelBenchmark.loraTrainingForward", "LoRA forward, unmerged, training mode", true),
  /** W + s·B·A formed per call. */
  LORA_MERGE_ON_THE_FLY("LoraKernelBenchmark.mergeOnTheFly", "LoRA forward, merge on the fly", true),
  /** Merged weights. */
  LORA_MERGED("LoraKernelBenchmark.mergedForward", "LoRA forward, merged weights", true),
  /** Dense via INDArray.mmul. */
  DENSE_MMUL("DenseKernelBenchmark.naiveMmulDense", "dense via INDArray.mmul (allocating)", false),
  /** LoRA via INDArray.mmul. */
  LORA_MMUL("LoraKernelBenchmark.naiveMmulLora", "LoRA via INDArray.mmul (allocating)", true),
  /** LoRA forward + backward. */
  LORA_TRAIN("LoraKernelBenchmark.loraForwardBackward", "LoRA forward+backward (dx, dA, dB)", true),
  /** Full fine-tuning forward + backward. */
  FULL_TRAIN("DenseKernelBenchmark.fullForwardBackward", "full fine-tuning forward+backward (dx, dW)", false);

  private final String benchmark;
  private final String title;
  private final boolean ranked;

  KernelVariant(String benchmark, String title, boolean ranked) {
    this.benchmark = benchmark;
    this.title = title;
    this.ranked = ranked;
  }

  /** "Class.method" of the JMH benchmark. */
  public String benchmark() {
    return benchmark;
  }

  /** Readable name. */
  public String title() {
    return title;
  }

  /** True when the variant depends on the rank. */
  public boolean ranked() {
    return ranked;
  }

  /** The variant measured by a benchmark, if any. */
  public static Optional<KernelVariant> of(String benchmark) {
    return Arrays.stream(values()).filter(v -> v.benchmark.equals(benchmark)).findFirst();
  }

  /** FLOPs executed for n tokens, side s, rank r (r ignored by rank-independent variants). */
  public double flops(int n, int s, int r) {
    double dense = 2.0 * n * s * s;
    double adapter = 2.0 * n * r * (2.0 * s);
    return switch (this) {
      case GEMM, DENSE, DENSE_MMUL, LORA_MERGED -> dense;
      case LORA_UNMERGED -> LoraLinear.mergesOnTheFly(n, s, s) ? dense + 2.0 * s * s * r : dense + adapter;
      case LORA_UNMERGED_TRAINING, LORA_MMUL -> dense + adapter;
      case LORA_MERGE_ON_THE_FLY -> dense + 2.0 * s * s * r;
      case LORA_TRAIN -> 2 * dense + 3 * adapter;
      case FULL_TRAIN -> 3 * dense;
    };
  }
}
