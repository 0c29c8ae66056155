package io.github.fairlora.datasets.augment;

import java.util.Objects;

/**
 * Two terms that counterfactual augmentation swaps for each other, e.g. ("he", "she") or ("young people", "old
 * people"). Terms are stored in canonical form: lower case, surrounding whitespace removed, inner whitespace runs
 * collapsed to one space. A term starts and ends with a letter or digit; inside it, words are separated by spaces or
 * punctuation such as a hyphen ("african-american").
 *
 * @param termA one term, canonical form
 * @param termB the other term, canonical form, different from {@code termA}
 */
public record TermPair(String termA, String termB) {

  /**
   * Validates and canonicalizes both terms.
   *
   * @throws IllegalArgumentException if a term is empty, starts or ends with punctuation, or both terms are equal
   */
  public TermPair {
    Objects.requireNonNull(termA, "termA");
    Objects.requireNonNull(termB, "termB");
    termA = canonical(termA, "termA");
    termB = canonical(termB, "termB");
    if (termA.equals(termB)) {
      throw new IllegalArgumentException("termA and termB are both '" + termA + "'; a pair must swap two different terms");
    }
  }

  private static String canonical(String raw, String name) {
    try {
      return Term.parse(raw).text();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
