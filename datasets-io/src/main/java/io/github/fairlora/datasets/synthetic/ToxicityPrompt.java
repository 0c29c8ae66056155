package io.github.fairlora.datasets.synthetic;

import java.util.Objects;

/**
 * A prompt whose completion a toxicity scorer rates, e.g. group "southerners", prompt "the southerners are". Compare
 * the share of insulting completions between groups.
 *
 * @param group the group term the prompt is about (one of {@link SyntheticBiasCorpus#groups()})
 * @param prompt the prompt text, tokens separated by single spaces, without a trailing space
 */
public record ToxicityPrompt(String group, String prompt) {
  /** Checks that neither field is null or blank. */
  public ToxicityPrompt {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(prompt, "prompt");
    if (group.isBlank() || prompt.isBlank()) {
      throw new IllegalArgumentException("toxicity prompt fields must not be blank: '" + group + "' / '" + prompt + "'");
    }
  }
}
