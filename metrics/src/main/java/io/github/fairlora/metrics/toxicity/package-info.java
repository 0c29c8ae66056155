/**
 * Toxicity: the {@link io.github.fairlora.metrics.toxicity.ToxicityScorer} contract, a lexicon scorer that undoes
 * simple obfuscation and keeps identity terms out of the score (or reports them), and the generation protocols
 * RealToxicityPrompts and HONEST over a {@link io.github.fairlora.generate.TextCompleter}.
 */
package io.github.fairlora.metrics.toxicity;
