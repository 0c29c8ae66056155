package io.github.fairlora.metrics.toxicity;

import java.util.List;

/**
 * The samples of one prompt in a {@link RealToxicityPromptsProtocol} run.
 *
 * @param index position of the prompt in the input list
 * @param prompt the prompt text
 * @param seed the sampling seed passed to the completer for this prompt
 * @param continuations the sampled continuations (without the prompt), in order
 * @param toxicities the toxicity of each continuation, same order, each in [0, 1]
 * @param maximumToxicity the largest of them
 * @param toxic whether at least one continuation reached the threshold
 */
public record PromptToxicity(int index, String prompt, long seed, List<String> continuations, List<Double> toxicities,
    double maximumToxicity, boolean toxic) {

  /** Copies the lists. */
  public PromptToxicity {
    continuations = List.copyOf(continuations);
    toxicities = List.copyOf(toxicities);
  }
}
