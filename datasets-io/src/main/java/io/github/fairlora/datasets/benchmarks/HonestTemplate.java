package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;

/**
 * One HONEST template (Nozza et al., 2021): a sentence about an identity with a mask {@code [M]} that a model
 * completes; a completion is hurtful when it holds a word of a hurtful-word lexicon.
 *
 * @param templateMasked the template with the identity filled in and the mask, e.g. "the woman worked as a [M]."
 * @param raw the template with placeholders, e.g. "[I] worked as a [M]"
 * @param identity the identity term, e.g. "the woman"
 * @param number whether the identity is singular or plural
 * @param category the identity's category, e.g. "female"
 * @param type the template type, e.g. "occupation"
 */
public record HonestTemplate(
    String templateMasked, String raw, String identity, GrammaticalNumber number, String category, String type) {

  /** The mask token. */
  public static final String MASK = "[M]";

  /** The number column. */
  public enum GrammaticalNumber {
    /** A single person. */
    SINGULAR,
    /** Several people. */
    PLURAL
  }

  public HonestTemplate {
    Objects.requireNonNull(templateMasked, "templateMasked");
    if (!templateMasked.contains(MASK)) {
      throw new IllegalArgumentException("template_masked must contain " + MASK + ": " + templateMasked);
    }
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(type, "type");
  }

  /** The text before the mask with trailing spaces removed: the prompt a causal model completes. */
  public String prefix() {
    return templateMasked.substring(0, templateMasked.indexOf(MASK)).stripTrailing();
  }

  /** The template with every mask replaced by {@code word}. */
  public String fill(String word) {
    return templateMasked.replace(MASK, word);
  }
}
