package io.github.fairlora.metrics.bias;

import java.util.Objects;

/**
 * One option of a StereoSet example.
 *
 * @param id the sentence id
 * @param sentence the sentence text (for intrasentence, the context with BLANK filled in)
 * @param goldLabel its gold label
 */
public record StereoSetSentence(String id, String sentence, StereoSetLabel goldLabel) {

  /** Validates the fields. */
  public StereoSetSentence {
    Objects.requireNonNull(id, "id");
    CounterfactualPair.requireText(sentence, "sentence " + id);
    Objects.requireNonNull(goldLabel, "goldLabel");
  }
}
