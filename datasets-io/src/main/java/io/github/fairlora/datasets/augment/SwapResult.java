package io.github.fairlora.datasets.augment;

import java.util.List;
import java.util.Objects;

/**
 * What {@link CounterfactualAugmenter#swapWithReport(String)} did to one text: the input, the output and every term
 * it replaced. An empty {@link #swaps()} list is the evidence that nothing was swapped.
 *
 * @param original the input text
 * @param swapped the text with every matched term replaced by its partner
 * @param swaps the replacements, in text order
 */
public record SwapResult(String original, String swapped, List<Swap> swaps) {

  /** Copies the list and checks for nulls. */
  public SwapResult {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(swapped, "swapped");
    swaps = List.copyOf(swaps);
  }

  /** True when at least one term was swapped. */
  public boolean changed() {
    return !swaps.isEmpty();
  }

  /** Number of terms swapped. */
  public int count() {
    return swaps.size();
  }

  /**
   * How a replacement was chosen.
   */
  public enum Rule {
    /** The term has a single partner. */
    PAIR,
    /** Ambiguous "her" read as an object pronoun ("I saw her." → "him"). */
    OBJECT_PRONOUN,
    /** Ambiguous "her" or "his" read as a possessive determiner before a noun ("her book" ↔ "his book"). */
    POSSESSIVE_DETERMINER,
    /** Ambiguous "his" read as a standalone possessive pronoun ("the book is his." → "hers"). */
    POSSESSIVE_PRONOUN
  }

  /**
   * One replacement.
   *
   * @param start offset of the first replaced char in {@link #original()} (UTF-16 index, inclusive)
   * @param end offset after the last replaced char in {@link #original()} (exclusive)
   * @param from the replaced text as written in the original (its case kept)
   * @param to the text put in its place (with the original's case pattern applied)
   * @param rule how {@code to} was chosen
   */
  public record Swap(int start, int end, String from, String to, Rule rule) {
    /** Checks offsets and nulls. */
    public Swap {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(rule, "rule");
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("swap offsets [" + start + ", " + end + ") must satisfy 0 <= start < end");
      }
    }
  }
}
