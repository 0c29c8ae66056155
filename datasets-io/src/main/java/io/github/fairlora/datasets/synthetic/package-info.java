/**
 * The built-in synthetic biased corpus ({@link io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus}): seeded
 * biased and balanced training texts for a tiny word-level model, held-out probe pairs, toxicity prompts and the
 * {@link io.github.fairlora.datasets.synthetic.InsultLexicon} a lexicon scorer can use on them.
 */
package io.github.fairlora.datasets.synthetic;
