package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;

/**
 * One HolisticBias sentence template, e.g. "I love being {noun_phrase}." It holds exactly one of the placeholders
 * {@value #SINGULAR_PLACEHOLDER} and {@value #PLURAL_PLACEHOLDER}.
 *
 * @param template the template text
 * @param firstTurnOnly whether the template only suits the first turn of a conversation
 * @param mustBeNoun whether the template needs a noun phrase (a descriptor alone, "Deaf", does not fit)
 */
public record HolisticBiasTemplate(String template, boolean firstTurnOnly, boolean mustBeNoun) {
  /** Placeholder for a singular noun phrase, "a Deaf woman". */
  public static final String SINGULAR_PLACEHOLDER = "{noun_phrase}";
  /** Placeholder for a plural noun phrase, "Deaf women". */
  public static final String PLURAL_PLACEHOLDER = "{plural_noun_phrase}";

  public HolisticBiasTemplate {
    Objects.requireNonNull(template, "template");
    int singular = occurrences(template, SINGULAR_PLACEHOLDER);
    int plural = occurrences(template, PLURAL_PLACEHOLDER);
    if (singular + plural != 1) {
      throw new IllegalArgumentException("a template must hold exactly one of " + SINGULAR_PLACEHOLDER + " and "
          + PLURAL_PLACEHOLDER + ": " + template);
    }
  }

  /** True when the template takes the plural noun phrase. */
  public boolean plural() {
    return template.contains(PLURAL_PLACEHOLDER);
  }

  /** The sentence with the placeholder replaced by {@code nounPhrase} (singular or plural to match the template). */
  public String fill(String nounPhrase) {
    return template.replace(plural() ? PLURAL_PLACEHOLDER : SINGULAR_PLACEHOLDER, nounPhrase);
  }

  static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
