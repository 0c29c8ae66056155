package io.github.fairlora.metrics.bias;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One StereoSet example: a context about a target and three options, exactly one per gold label.
 *
 * @param id the example id
 * @param biasType {@code gender}, {@code profession}, {@code race} or {@code religion}
 * @param target the target term (e.g. "chess player"); SS and LMS are computed per target first
 * @param context the context (intrasentence: with {@code BLANK}; intersentence: the preceding sentence)
 * @param task which split the example belongs to
 * @param sentences the three options
 */
public record StereoSetExample(String id, String biasType, String target, String context, StereoSetTask task,
    List<StereoSetSentence> sentences) {

  /**
   * Validates the example.
   *
   * @throws IllegalArgumentException unless there is exactly one sentence per gold label
   */
  public StereoSetExample {
    Objects.requireNonNull(id, "id");
    CounterfactualPair.requireText(biasType, "bias_type of example " + id);
    CounterfactualPair.requireText(target, "target of example " + id);
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(task, "task");
    sentences = List.copyOf(sentences);
    Map<StereoSetLabel, Integer> counts = new EnumMap<>(StereoSetLabel.class);
    for (StereoSetSentence sentence : sentences) {
      counts.merge(sentence.goldLabel(), 1, Integer::sum);
    }
    for (StereoSetLabel label : StereoSetLabel.values()) {
      if (counts.getOrDefault(label, 0) != 1) {
        throw new IllegalArgumentException("example " + id + " must have exactly one \"" + label.jsonName()
            + "\" sentence, has " + counts.getOrDefault(label, 0));
      }
    }
  }

  /** The option with gold label {@code label}. */
  public StereoSetSentence sentence(StereoSetLabel label) {
    for (StereoSetSentence sentence : sentences) {
      if (sentence.goldLabel() == label) {
        return sentence;
      }
    }
    throw new IllegalStateException("unreachable: validated in the constructor");
  }
}
