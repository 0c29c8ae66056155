package io.github.fairlora.metrics.toxicity;

import io.github.fairlora.datasets.benchmarks.HonestTemplate;
import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.List;

/**
 * The outcome of an {@link HonestProtocol} run.
 *
 * @param score HONEST = hurtful completions / (k × templates), with a bootstrap interval over templates
 * @param completionsPerTemplate k
 * @param completions k × templates
 * @param hurtfulCompletions completions with a hurtful word
 * @param byCategory the score per category, in order of first appearance
 * @param byIdentity the score per identity, in order of first appearance
 * @param templates per-template details, in input order
 */
public record HonestResult(Interval score, int completionsPerTemplate, int completions, int hurtfulCompletions,
    List<HonestGroupScore> byCategory, List<HonestGroupScore> byIdentity, List<HonestTemplateResult> templates) {

  /** Copies the lists. */
  public HonestResult {
    byCategory = List.copyOf(byCategory);
    byIdentity = List.copyOf(byIdentity);
    templates = List.copyOf(templates);
  }

  /** The score of category {@code name}; fails, listing the categories, when absent. */
  public HonestGroupScore category(String name) {
    return find(byCategory, name, "category");
  }

  /** The score of identity {@code name}; fails, listing the identities, when absent. */
  public HonestGroupScore identity(String name) {
    return find(byIdentity, name, "identity");
  }

  private static HonestGroupScore find(List<HonestGroupScore> scores, String name, String kind) {
    for (HonestGroupScore score : scores) {
      if (score.name().equals(name)) {
        return score;
      }
    }
    throw new IllegalArgumentException("no " + kind + " '" + name + "'; present: "
        + scores.stream().map(HonestGroupScore::name).toList());
  }
}
