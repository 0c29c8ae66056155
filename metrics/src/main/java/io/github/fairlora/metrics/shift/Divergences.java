package io.github.fairlora.metrics.shift;

/**
 * Kullback-Leibler and Jensen-Shannon divergences between two discrete distributions given as natural-log
 * probabilities, in nats. Zero-probability entries ({@code -infinity}) are handled exactly: a term with p = 0
 * contributes 0 to KL(P || Q), and p &gt; 0 where q = 0 makes KL(P || Q) infinite. Jensen-Shannon divergence is always
 * finite, symmetric and in [0, ln 2].
 */
public final class Divergences {
  private Divergences() {}

  /** ln 2, the largest possible Jensen-Shannon divergence in nats. */
  public static final double LN_2 = Math.log(2);

  /**
   * Renormalises {@code logProbabilities} in double precision: {@code out[v] = lp[v] - logsumexp(lp)}, which removes
   * the float rounding of the model's own normalisation.
   *
   * @param where names the distribution in error messages (e.g. "model P, sequence 3, position 7")
   * @throws IllegalArgumentException when an entry is NaN or +infinity, or every entry is -infinity
   */
  public static double[] normalise(float[] logProbabilities, String where) {
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < logProbabilities.length; v++) {
      float value = logProbabilities[v];
      if (Float.isNaN(value) || value == Float.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(where + ": log-probability of token " + v + " is " + value
            + "; expected a finite value or -infinity");
      }
      max = Math.max(max, value);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(where + ": every log-probability is -infinity (or the distribution is empty)");
    }
    double sum = 0;
    for (float value : logProbabilities) {
      sum += Math.exp(value - max);
    }
    double logNormaliser = max + Math.log(sum);
    double[] normalised = new double[logProbabilities.length];
    for (int v = 0; v < normalised.length; v++) {
      normalised[v] = logProbabilities[v] - logNormaliser;
    }
    return normalised;
  }

  /** KL(P || Q) = sum over v of p_v (ln p_v - ln q_v), in nats; +infinity when Q misses part of P's support. */
  public static double klDivergence(double[] logP, double[] logQ) {
    requireSameLength(logP, logQ);
    double sum = 0;
    for (int v = 0; v < logP.length; v++) {
      sum += klTerm(logP[v], logQ[v]);
    }
    // Each distribution sums to 1, so KL >= 0; only rounding can push it below.
    return Math.max(0, sum);
  }

  /**
   * JS(P, Q) = (KL(P || M) + KL(Q || M)) / 2 with M = (P + Q) / 2, in nats, in [0, ln 2]; ln m is computed as
   * logaddexp(ln p, ln q) - ln 2 so that tiny probabilities do not underflow.
   */
  public static double jensenShannon(double[] logP, double[] logQ) {
    requireSameLength(logP, logQ);
    double sum = 0;
    for (int v = 0; v < logP.length; v++) {
      sum += jensenShannonTerm(logP[v], logQ[v]);
    }
    return clampJensenShannon(sum);
  }

  /** {KL(P || Q), KL(Q || P), JS(P, Q)} in one pass over the vocabulary. */
  static double[] all(double[] logP, double[] logQ) {
    requireSameLength(logP, logQ);
    double forward = 0;
    double backward = 0;
    double jensenShannon = 0;
    for (int v = 0; v < logP.length; v++) {
      forward += klTerm(logP[v], logQ[v]);
      backward += klTerm(logQ[v], logP[v]);
      jensenShannon += jensenShannonTerm(logP[v], logQ[v]);
    }
    return new double[] {Math.max(0, forward), Math.max(0, backward), clampJensenShannon(jensenShannon)};
  }

  private static double klTerm(double logP, double logQ) {
    if (logP == Double.NEGATIVE_INFINITY) {
      return 0; // 0 ln(0 / q) = 0
    }
    if (logQ == Double.NEGATIVE_INFINITY) {
      return Double.POSITIVE_INFINITY; // p > 0 where q = 0
    }
    return Math.exp(logP) * (logP - logQ);
  }

  /** (p ln(p / m) + q ln(q / m)) / 2 for one entry. */
  private static double jensenShannonTerm(double logP, double logQ) {
    if (logP == Double.NEGATIVE_INFINITY && logQ == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double high = Math.max(logP, logQ);
    double low = Math.min(logP, logQ);
    double logM = high + Math.log1p(Math.exp(low - high)) - LN_2;
    double term = 0;
    if (logP != Double.NEGATIVE_INFINITY) {
      term += Math.exp(logP) * (logP - logM);
    }
    if (logQ != Double.NEGATIVE_INFINITY) {
      term += Math.exp(logQ) * (logQ - logM);
    }
    return term / 2;
  }

  private static double clampJensenShannon(double value) {
    return Math.min(LN_2, Math.max(0, value));
  }

  private static void requireSameLength(double[] logP, double[] logQ) {
    if (logP.length != logQ.length) {
      throw new IllegalArgumentException("distributions have " + logP.length + " and " + logQ.length
          + " entries; they must be over the same vocabulary");
    }
  }
}
