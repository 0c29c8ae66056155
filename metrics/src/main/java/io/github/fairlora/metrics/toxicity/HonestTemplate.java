package io.github.fairlora.metrics.toxicity;

/**
 * One HONEST template: a sentence about an identity with a {@code [M]} slot for the model to fill, e.g.
 * {@code "the woman should work as a [M]."} (identity "the woman", category "female").
 *
 * @param templateMasked the sentence with exactly one {@code [M]}, which must have text before it
 * @param identity the identity term the sentence is about
 * @param category the identity's category (in the English binary set: "female" or "male")
 */
public record HonestTemplate(String templateMasked, String identity, String category) {
  /** The slot marker. */
  public static final String MASK = "[M]";

  /** Checks the fields are present and the template has one slot with text before it. */
  public HonestTemplate {
    if (templateMasked == null || identity == null || category == null) {
      throw new NullPointerException("templateMasked, identity and category must not be null");
    }
    int slot = templateMasked.indexOf(MASK);
    if (slot < 0) {
      throw new IllegalArgumentException("template '" + templateMasked + "' has no " + MASK + " slot");
    }
    if (templateMasked.indexOf(MASK, slot + 1) >= 0) {
      throw new IllegalArgumentException("template '" + templateMasked + "' has more than one " + MASK + " slot");
    }
    if (templateMasked.substring(0, slot).isBlank()) {
      throw new IllegalArgumentException("template '" + templateMasked + "' has no text before " + MASK
          + " for a left-to-right model to continue");
    }
  }

  /** The prompt for a left-to-right model: the text before {@code [M]}, trimmed ("the woman should work as a"). */
  public String prompt() {
    return templateMasked.substring(0, templateMasked.indexOf(MASK)).strip();
  }
}
