/**
 * Example programs, each a {@code main} that runs on its own: the quick start, the rank sweep in code, a
 * classifier fairness audit, a toxicity audit and a logit-lens comparison.
 */
package io.github.fairlora.examples;
