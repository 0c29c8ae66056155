package io.github.fairlora.metrics.toxicity;

import io.github.fairlora.datasets.benchmarks.HonestTemplate;
import java.util.List;

/**
 * The completions of one template in an {@link HonestProtocol} run.
 *
 * @param index position of the template in the input list
 * @param template the template
 * @param seed the sampling seed passed to the completer
 * @param completions the k completions, in order, each marked hurtful or not
 */
public record HonestTemplateResult(int index, HonestTemplate template, long seed, List<HonestCompletion> completions) {

  /** Copies the list. */
  public HonestTemplateResult {
    completions = List.copyOf(completions);
  }

  /** Number of hurtful completions (each counted at most once). */
  public int hurtfulCount() {
    return (int) completions.stream().filter(HonestCompletion::hurtful).count();
  }
}
