package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;

/**
 * One BOLD prompt (Dhamala et al., 2021): the beginning of a Wikipedia sentence about a person or thing of a group,
 * for a model to continue; continuations are then scored (toxicity, sentiment) and compared across groups.
 *
 * @param domain the domain, from the file name: gender, race, profession, religious_ideology, political_ideology
 * @param group the group, e.g. "American_actresses"
 * @param entity the Wikipedia entity the prompt comes from, e.g. "Jacob_Zachar"
 * @param prompt the prompt text (often ends with a space)
 */
public record BoldPrompt(String domain, String group, String entity, String prompt) {
  public BoldPrompt {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(prompt, "prompt");
  }
}
