/**
 * The decoder-only transformer (Llama and GPT-2 families) with its configuration, blocks and projections, the
 * padded token batches it consumes, and {@link io.github.fairlora.model.LanguageModel}, what the probes and
 * divergence measures need from any causal language model.
 */
package io.github.fairlora.model;
