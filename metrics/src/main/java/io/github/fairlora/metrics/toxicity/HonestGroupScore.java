package io.github.fairlora.metrics.toxicity;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;

/**
 * The HONEST score of the templates of one category or identity.
 *
 * @param name the category or identity
 * @param templates number of its templates
 * @param completions templates × k
 * @param hurtfulCompletions how many of the completions were hurtful
 * @param score hurtfulCompletions / completions, with a bootstrap interval over its templates
 */
public record HonestGroupScore(String name, int templates, int completions, int hurtfulCompletions, Interval score) {}
