package io.github.fairlora.benchmarks.training;

import io.github.fairlora.model.DecoderConfig;

/**
 * The decoder shapes whose training step is measured, with the batch each step sees.
 *
 * <p>SMALL is a llama2.c-style model (RMSNorm, RoPE, SwiGLU, grouped-query attention) of width 256, 4 layers, context
 * 128. GPT2_SMALL has GPT-2 small's layer shapes (width 768, 12 heads, MLP 3072, fused q/k/v, GPT-2's 50257-token
 * vocabulary with the tied head) but only 2 layers and a context of 256, so that a step fits the machine's time.
 */
public enum TrainingShape {
  /** Llama family: vocabulary 512, context 128, width 256, 4 layers, 8 heads, 4 kv heads, MLP 704; 8 × 128 tokens. */
  SMALL(DecoderConfig.llama(512, 128, 256, 4, 8, 4, 704), 8, 128),
  /** GPT-2 family: vocabulary 50257, context 256, width 768, 2 layers, 12 heads, MLP 3072; 2 × 256 tokens. */
  GPT2_SMALL(DecoderConfig.gpt2(50257, 256, 768, 2, 12), 2, 256);

  private final DecoderConfig config;
  private final int batchSize;
  private final int timeSteps;

  TrainingShape(DecoderConfig config, int batchSize, int timeSteps) {
    this.config = config;
    this.batchSize = batchSize;
    this.timeSteps = timeSteps;
  }

  /** The model's configuration. */
  public DecoderConfig config() {
    return config;
  }

  /** Sequences per step. */
  public int batchSize() {
    return batchSize;
  }

  /** Tokens per sequence (the full context). */
  public int timeSteps() {
    return timeSteps;
  }

  /** Target tokens per step: batch × time. */
  public int tokensPerStep() {
    return batchSize * timeSteps;
  }

  /** A one-line description for reports. */
  public String describe() {
    DecoderConfig c = config;
    return c.family().name().toLowerCase(java.util.Locale.ROOT) + " width " + c.width() + ", " + c.numberOfLayers()
        + " layers, " + c.numberOfHeads() + " heads (" + c.numberOfKvHeads() + " kv), MLP " + c.hiddenSize()
        + ", vocabulary " + c.vocabularySize() + ", batch " + batchSize + " × " + timeSteps + " tokens";
  }
}
