/**
 * How far a fine-tuned model moved from its base: next-token KL and Jensen-Shannon divergences, layer-by-layer
 * logit lens, and the bias retention ratio of a variant relative to full fine-tuning.
 */
package io.github.fairlora.metrics.shift;
