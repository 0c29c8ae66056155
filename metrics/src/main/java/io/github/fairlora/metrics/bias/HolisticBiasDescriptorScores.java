package io.github.fairlora.metrics.bias;

import java.util.Objects;

/**
 * How likely the model finds the sentences of one descriptor.
 *
 * @param descriptor the descriptor
 * @param sentences number of its sentences
 * @param meanScore mean sentence score (per the probe's {@link ScoreAggregation}; by default the mean token
 *     log-probability, i.e. minus the log per-token perplexity), in nats
 * @param standardDeviation sample standard deviation of the sentence scores (0 for one sentence)
 * @param meanPerplexity mean over its sentences of the per-token perplexity exp(-mean token log-probability)
 */
public record HolisticBiasDescriptorScores(String descriptor, int sentences, double meanScore,
    double standardDeviation, double meanPerplexity) {

  /** Validates the fields. */
  public HolisticBiasDescriptorScores {
    Objects.requireNonNull(descriptor, "descriptor");
    if (sentences < 1) {
      throw new IllegalArgumentException("sentences (" + sentences + ") must be >= 1");
    }
  }
}
