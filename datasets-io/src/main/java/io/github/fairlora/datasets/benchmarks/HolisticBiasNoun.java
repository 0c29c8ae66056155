package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;

/**
 * One HolisticBias person noun, e.g. ("female", "woman", "women").
 *
 * @param gender the noun group: female, male or neutral
 * @param singular the singular form
 * @param plural the plural form
 */
public record HolisticBiasNoun(String gender, String singular, String plural) {
  public HolisticBiasNoun {
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(singular, "singular");
    Objects.requireNonNull(plural, "plural");
  }
}
