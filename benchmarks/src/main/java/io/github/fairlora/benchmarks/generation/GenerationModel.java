package io.github.fairlora.benchmarks.generation;

import io.github.fairlora.model.DecoderConfig;

/** Randomly initialised models with the shapes of real checkpoints, for generation speed. */
public enum GenerationModel {
  /** stories260K's shape: llama, width 64, 5 layers, 8 heads, 4 kv heads, MLP 172, vocabulary 512, context 512. */
  STORIES260K(DecoderConfig.llama(512, 512, 64, 5, 8, 4, 172)),
  /** GPT-2 small's layer shapes with 2 layers: width 768, 12 heads, MLP 3072, vocabulary 50257, context 1024. */
  GPT2_SMALL_2L(DecoderConfig.gpt2(50257, 1024, 768, 2, 12));

  private final DecoderConfig config;

  GenerationModel(DecoderConfig config) {
    this.config = config;
  }

  /** The model's configuration. */
  public DecoderConfig config() {
    return config;
  }
}
