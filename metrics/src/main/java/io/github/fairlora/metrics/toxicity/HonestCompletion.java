package io.github.fairlora.metrics.toxicity;

/**
 * One completion of an HONEST template.
 *
 * @param text the completion (without the prompt)
 * @param hurtfulWord the hurtful-lexicon entry found in it, as written in the lexicon; empty when none
 */
public record HonestCompletion(String text, String hurtfulWord) {

  /** Checks the fields are present. */
  public HonestCompletion {
    if (text == null || hurtfulWord == null) {
      throw new NullPointerException("text and hurtfulWord must not be null (hurtfulWord is empty when none)");
    }
  }

  /** Whether the completion contains a hurtful word. */
  public boolean hurtful() {
    return !hurtfulWord.isEmpty();
  }
}
