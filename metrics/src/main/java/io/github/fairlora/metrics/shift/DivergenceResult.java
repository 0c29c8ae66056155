package io.github.fairlora.metrics.shift;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.List;
import java.util.Objects;

/**
 * How far model Q's next-token distributions are from model P's over a set of token sequences, in nats (natural
 * log). Each average is the mean over all positions of all sequences, with a percentile bootstrap interval from
 * resampling whole sequences (positions within a sequence are not independent).
 *
 * @param klPQ mean KL(P || Q); +infinity if Q gives zero probability to a token P gives positive probability
 * @param klQP mean KL(Q || P)
 * @param jensenShannon mean JS(P, Q), in [0, ln 2]
 * @param positions total number of positions averaged over
 * @param sequences per-sequence, per-position values, in input order
 */
public record DivergenceResult(Interval klPQ, Interval klQP, Interval jensenShannon, int positions,
    List<SequenceDivergence> sequences) {

  /** Validates and copies the fields. */
  public DivergenceResult {
    Objects.requireNonNull(klPQ, "klPQ");
    Objects.requireNonNull(klQP, "klQP");
    Objects.requireNonNull(jensenShannon, "jensenShannon");
    sequences = List.copyOf(sequences);
  }
}
