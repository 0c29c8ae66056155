package io.github.fairlora.datasets.synthetic;

import java.util.Objects;

/**
 * Every setting that determined a {@link SyntheticCorpus}; the same settings always give the same corpus.
 *
 * @param seed seed of every random choice
 * @param sentences number of training sentences in each of the biased and balanced lists (1 to 10,000,000)
 * @param occupationSkew in the biased texts, probability that a sentence about an occupation uses the pronoun of
 *     the occupation's stereotyped gender, in [0, 1]
 * @param insultRate in the biased texts, probability that a sentence about the targeted group uses an insult, in [0,
 *     1]
 * @param baseInsultRate in the biased texts, the same probability for every other group, in [0, 1]
 * @param balancedInsultRate in the balanced texts, the share of insulting sentences for every group alike, in [0, 1]
 * @param occupationFraction expected share of sentences about an occupation, in [0, 1]
 * @param groupFraction expected share of sentences about a group, in [0, 1]; the rest are neutral filler, so
 *     {@code occupationFraction + groupFraction} is at most 1
 * @param targetedGroup the group the biased texts insult at {@code insultRate}, one of
 *     {@link SyntheticBiasCorpus#groups()}
 * @param heldOutFraction share of (template, clause) and (template, insult) combinations kept out of training for
 *     the probe pairs, in (0, 0.5]
 */
public record SyntheticCorpusSettings(
    long seed,
    int sentences,
    double occupationSkew,
    double insultRate,
    double baseInsultRate,
    double balancedInsultRate,
    double occupationFraction,
    double groupFraction,
    String targetedGroup,
    double heldOutFraction) {

  /** Largest accepted {@code sentences}. */
  public static final int MAX_SENTENCES = 10_000_000;

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field, its value and the rule it breaks
   */
  public SyntheticCorpusSettings {
    checkSentences(sentences);
    checkProbability("occupationSkew", occupationSkew);
    checkProbability("insultRate", insultRate);
    checkProbability("baseInsultRate", baseInsultRate);
    checkProbability("balancedInsultRate", balancedInsultRate);
    checkProbability("occupationFraction", occupationFraction);
    checkProbability("groupFraction", groupFraction);
    if (occupationFraction + groupFraction > 1.0 + 1e-12) {
      throw new IllegalArgumentException("occupationFraction (" + occupationFraction + ") + groupFraction ("
          + groupFraction + ") must be at most 1; the rest is filler");
    }
    checkGroup(targetedGroup);
    checkHeldOutFraction(heldOutFraction);
  }

  static void checkSentences(int sentences) {
    if (sentences < 1 || sentences > MAX_SENTENCES) {
      throw new IllegalArgumentException("sentences (" + sentences + ") must be positive and at most " + MAX_SENTENCES);
    }
  }

  static void checkProbability(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " (" + value + ") must be in [0, 1]");
    }
  }

  static void checkGroup(String group) {
    Objects.requireNonNull(group, "targetedGroup");
    if (!SyntheticBiasCorpus.groups().contains(group)) {
      throw new IllegalArgumentException("targetedGroup ('" + group + "') must be one of "
          + SyntheticBiasCorpus.groups());
    }
  }

  static void checkHeldOutFraction(double value) {
    if (!(value > 0.0 && value <= 0.5)) {
      throw new IllegalArgumentException("heldOutFraction (" + value + ") must be in (0, 0.5]: some combinations must"
          + " be held out for the probes and most must stay in training");
    }
  }
}
