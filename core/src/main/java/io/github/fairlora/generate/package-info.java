/**
 * Text generation: a key/value-cached incremental decoder, the samplers (greedy, temperature, top-k, top-p), and
 * {@link io.github.fairlora.generate.TextCompleter}, the prompt-to-continuation contract the toxicity protocols use.
 */
package io.github.fairlora.generate;
