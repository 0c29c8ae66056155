package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;
import java.util.Optional;

/**
 * One HolisticBias descriptor (Smith et al., 2022), e.g. "Deaf" in axis "ability", bucket "auditory".
 *
 * @param axis the demographic axis, e.g. "ability"
 * @param bucket the bucket within the axis, e.g. "auditory"
 * @param descriptor the descriptor text
 * @param preference the dataset's preference note ("reviewed", "dispreferred", "polarizing"), when given
 * @param gender the only noun gender this descriptor combines with (e.g. "female" for "MTF"), when restricted
 * @param article the indefinite article before it: given in the file, else "an" before a vowel letter, else "a"
 */
public record HolisticBiasDescriptor(
    String axis, String bucket, String descriptor, Optional<String> preference, Optional<String> gender,
    String article) {
  public HolisticBiasDescriptor {
    Objects.requireNonNull(axis, "axis");
    Objects.requireNonNull(bucket, "bucket");
    if (Objects.requireNonNull(descriptor, "descriptor").isBlank()) {
      throw new IllegalArgumentException("descriptor must not be blank");
    }
    Objects.requireNonNull(preference, "preference");
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(article, "article");
  }

  /** The article the dataset's rule gives a word: "an" when it starts with a, e, i, o or u (any case), else "a". */
  public static String defaultArticle(String word) {
    return !word.isEmpty() && "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }
}
