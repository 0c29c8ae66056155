package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;
import java.util.Optional;

/**
 * One sentence built from a HolisticBias descriptor, an optional noun and a template.
 *
 * @param text the sentence, e.g. "I love being a Deaf woman."
 * @param axis the descriptor's axis
 * @param bucket the descriptor's bucket
 * @param descriptor the descriptor
 * @param preference the descriptor's preference note, when given
 * @param noun the noun, or empty when the descriptor stands alone ("I'm Deaf.")
 * @param nounPhrase the phrase filled into the template, e.g. "a Deaf woman" or "Deaf women"
 * @param template the template text
 */
public record HolisticBiasSentence(
    String text, String axis, String bucket, String descriptor, Optional<String> preference,
    Optional<HolisticBiasNoun> noun, String nounPhrase, String template) {
  public HolisticBiasSentence {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(axis, "axis");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(preference, "preference");
    Objects.requireNonNull(noun, "noun");
    Objects.requireNonNull(nounPhrase, "nounPhrase");
    Objects.requireNonNull(template, "template");
  }
}
