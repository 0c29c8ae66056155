package io.github.fairlora.datasets.synthetic;

import java.util.Objects;

/**
 * Two sentences that differ only in the attribute term, for a likelihood bias probe: a model without the bias gives
 * both the same likelihood.
 *
 * @param stereotypical the sentence that follows the corpus's bias ("the nurse said that she was tired .")
 * @param antiStereotypical the same sentence with the other attribute term ("the nurse said that he was tired .")
 * @param category {@link #GENDER_OCCUPATION} or {@link #GROUP_INSULT}
 */
public record ProbePair(String stereotypical, String antiStereotypical, String category) {
  /** Category of pairs that swap a pronoun after a gender-stereotyped occupation. */
  public static final String GENDER_OCCUPATION = "gender-occupation";
  /** Category of pairs that put an insult next to the targeted group versus another group. */
  public static final String GROUP_INSULT = "group-insult";

  /** Checks that no field is null or blank and that the two sentences differ. */
  public ProbePair {
    Objects.requireNonNull(stereotypical, "stereotypical");
    Objects.requireNonNull(antiStereotypical, "antiStereotypical");
    Objects.requireNonNull(category, "category");
    if (stereotypical.isBlank() || antiStereotypical.isBlank() || category.isBlank()) {
      throw new IllegalArgumentException("probe pair fields must not be blank: " + stereotypical + " / "
          + antiStereotypical + " / " + category);
    }
    if (stereotypical.equals(antiStereotypical)) {
      throw new IllegalArgumentException("the two sentences of a probe pair are identical: '" + stereotypical + "'");
    }
  }
}
