package io.github.fairlora.sweep;

/** How a sweep variant was made from the base model. */
public enum VariantKind {
  /** The base model itself, not fine-tuned. */
  BASE,
  /** The base model with a LoRA adapter of some rank, trained on the sweep's data. */
  LORA,
  /** The base model with every weight fine-tuned on the sweep's data. */
  FULL
}
