package io.github.fairlora.metrics.toxicity;

import java.util.List;

/**
 * A text's lexicon score with the matches behind it.
 *
 * @param text the scored text
 * @param score its toxicity in [0, 1]
 * @param matches every lexicon match, in text order, including identity terms that were not counted
 */
public record ToxicityExplanation(String text, double score, List<TermMatch> matches) {

  /** Copies the matches. */
  public ToxicityExplanation {
    matches = List.copyOf(matches);
  }

  /** The matches that entered the score. */
  public List<TermMatch> countedMatches() {
    return matches.stream().filter(TermMatch::counted).toList();
  }

  /** The matches that are identity terms (counted or not). */
  public List<TermMatch> identityMatches() {
    return matches.stream().filter(TermMatch::identityTerm).toList();
  }
}
