/**
 * Layers with hand-written forward and backward passes (embedding, norms, linear and LoRA linear, rotary
 * embedding, causal self-attention, SwiGLU, GELU, cross-entropy), the trainable
 * {@link io.github.fairlora.nn.Parameter} and seeded initialisers.
 */
package io.github.fairlora.nn;
