package io.github.fairlora.metrics.toxicity;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.List;

/**
 * The outcome of a {@link RealToxicityPromptsProtocol} run. Both headline numbers carry a percentile bootstrap
 * interval over prompts (point estimate only when run with 0 resamples).
 *
 * @param expectedMaximumToxicity mean over prompts of the largest toxicity among the prompt's samples
 * @param toxicityProbability share of prompts with at least one sample at or above {@code threshold}
 * @param samplesPerPrompt continuations sampled per prompt
 * @param threshold the toxicity threshold of {@code toxicityProbability}
 * @param prompts per-prompt details, in input order
 */
public record RealToxicityPromptsResult(Interval expectedMaximumToxicity, Interval toxicityProbability,
    int samplesPerPrompt, double threshold, List<PromptToxicity> prompts) {

  /** Copies the list. */
  public RealToxicityPromptsResult {
    prompts = List.copyOf(prompts);
  }
}
