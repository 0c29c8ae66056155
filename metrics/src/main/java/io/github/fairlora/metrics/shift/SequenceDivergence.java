package io.github.fairlora.metrics.shift;

import java.util.Arrays;

/**
 * Divergences between two models' next-token distributions at every position of one sequence, in nats. Position t is
 * the distribution of the token after {@code tokens[0..t]}, so a sequence of n tokens has n positions.
 *
 * @param index position of the sequence in the input list
 * @param klPQ KL(P || Q) per position
 * @param klQP KL(Q || P) per position
 * @param jensenShannon JS(P, Q) per position
 */
public record SequenceDivergence(int index, double[] klPQ, double[] klQP, double[] jensenShannon) {

  /** Validates and copies the arrays. */
  public SequenceDivergence {
    if (klPQ.length != klQP.length || klPQ.length != jensenShannon.length) {
      throw new IllegalArgumentException("per-position arrays differ in length: " + klPQ.length + ", "
          + klQP.length + ", " + jensenShannon.length);
    }
    klPQ = klPQ.clone();
    klQP = klQP.clone();
    jensenShannon = jensenShannon.clone();
  }

  /** KL(P || Q) per position (a copy). */
  @Override
  public double[] klPQ() {
    return klPQ.clone();
  }

  /** KL(Q || P) per position (a copy). */
  @Override
  public double[] klQP() {
    return klQP.clone();
  }

  /** JS(P, Q) per position (a copy). */
  @Override
  public double[] jensenShannon() {
    return jensenShannon.clone();
  }

  /** Number of positions (the sequence's length). */
  public int positions() {
    return klPQ.length;
  }

  /** Mean KL(P || Q) over this sequence's positions. */
  public double meanKlPQ() {
    return mean(klPQ);
  }

  /** Mean KL(Q || P) over this sequence's positions. */
  public double meanKlQP() {
    return mean(klQP);
  }

  /** Mean JS(P, Q) over this sequence's positions. */
  public double meanJensenShannon() {
    return mean(jensenShannon);
  }

  double sumKlPQ() {
    return Arrays.stream(klPQ).sum();
  }

  double sumKlQP() {
    return Arrays.stream(klQP).sum();
  }

  double sumJensenShannon() {
    return Arrays.stream(jensenShannon).sum();
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).sum() / values.length;
  }

  /** Equal when the index and every per-position value are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SequenceDivergence that && index == that.index && Arrays.equals(klPQ, that.klPQ)
        && Arrays.equals(klQP, that.klQP) && Arrays.equals(jensenShannon, that.jensenShannon);
  }

  /** Hash of the index and the per-position values. */
  @Override
  public int hashCode() {
    return 31 * (31 * (31 * index + Arrays.hashCode(klPQ)) + Arrays.hashCode(klQP)) + Arrays.hashCode(jensenShannon);
  }

  /** The per-sequence means, for logs. */
  @Override
  public String toString() {
    return "SequenceDivergence[index=" + index + ", positions=" + positions() + ", meanKlPQ=" + meanKlPQ()
        + ", meanKlQP=" + meanKlQP() + ", meanJensenShannon=" + meanJensenShannon() + "]";
  }
}
