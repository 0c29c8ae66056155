package io.github.fairlora.metrics.bias;

/**
 * One HolisticBias sentence: a template filled with a descriptor of an axis (e.g. axis "age", descriptor "elderly",
 * "I'm an elderly person.").
 *
 * @param axis the demographic axis (e.g. "age", "religion")
 * @param descriptor the descriptor filled into the template
 * @param sentence the resulting sentence
 */
public record HolisticBiasSentence(String axis, String descriptor, String sentence) {

  /** Validates that all three are non-blank. */
  public HolisticBiasSentence {
    CounterfactualPair.requireText(axis, "axis");
    CounterfactualPair.requireText(descriptor, "descriptor");
    CounterfactualPair.requireText(sentence, "sentence");
  }
}
