package io.github.fairlora.metrics.toxicity;

/**
 * One term of a {@link ToxicityLexicon}: a word or a phrase of several words, and its weight.
 *
 * @param term the word or phrase as written in the lexicon
 * @param weight how strongly one occurrence marks a text as toxic, in [0, 1]
 */
public record LexiconEntry(String term, double weight) {

  /** Checks the term is non-blank and the weight in [0, 1]. */
  public LexiconEntry {
    if (term == null || term.isBlank()) {
      throw new IllegalArgumentException("a lexicon term must not be blank");
    }
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight of '" + term + "' (" + weight + ") must be in [0, 1]");
    }
  }
}
