package io.github.fairlora.benchmarks.training;

/**
 * What a measured training step trains: every parameter (full fine-tuning) or LoRA adapters of a given rank on the
 * attention projections (the library's default targets), with alpha = 2·rank.
 */
public enum TrainingMode {
  /** Every parameter trainable, AdamW state for all of them. */
  FULL(0),
  /** LoRA rank 4 on the attention projections. */
  LORA_R4(4),
  /** LoRA rank 16 on the attention projections. */
  LORA_R16(16),
  /** LoRA rank 64 on the attention projections. */
  LORA_R64(64);

  private final int rank;

  TrainingMode(int rank) {
    this.rank = rank;
  }

  /** The adapter rank, 0 for full fine-tuning. */
  public int rank() {
    return rank;
  }

  /** True for the adapter modes. */
  public boolean lora() {
    return rank > 0;
  }

  /** "full" or "lora r=16". */
  public String label() {
    return lora() ? "lora r=" + rank : "full";
  }
}
