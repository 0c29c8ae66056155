package io.github.fairlora.metrics.bias;

/**
 * Two sentences that differ only in the social group they mention or imply: the stereotypical one and its
 * anti-stereotypical counterfactual (e.g. "The nurse said she was tired." / "The nurse said he was tired.").
 *
 * @param stereotypical the sentence that follows the stereotype
 * @param antiStereotypical the counterfactual sentence that goes against it
 * @param category what the pair probes (e.g. "gender"); results are also reported per category
 */
public record CounterfactualPair(String stereotypical, String antiStereotypical, String category) {

  /** Validates that all three are non-blank. */
  public CounterfactualPair {
    requireText(stereotypical, "stereotypical");
    requireText(antiStereotypical, "antiStereotypical");
    requireText(category, "category");
  }

  static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-blank string, was "
          + (value == null ? "null" : "\"" + value + "\""));
    }
  }
}
