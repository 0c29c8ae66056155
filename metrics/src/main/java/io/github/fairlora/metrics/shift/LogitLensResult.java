package io.github.fairlora.metrics.shift;

import java.util.Arrays;
import java.util.Objects;

/**
 * Logit-lens summary of one model over a set of token sequences: for each layer l in [0, numberOfLayers] (0 = the
 * embedding output, the last = the final block, whose distribution is the model's output), averages over all
 * positions of all sequences.
 *
 * @param layers number of entries per array, numberOfLayers + 1
 * @param positions positions averaged over in {@code klFromFinal} and {@code meanFinalPredictionRank}
 * @param predictedPositions positions with a known next token (all but each sequence's last), averaged over in
 *     {@code meanNextTokenRank}
 * @param klFromFinal mean KL(final || layer l), in nats: how much the layer's reading still differs from the output
 *     (the tuned-lens convention); 0 for the last layer
 * @param meanNextTokenRank mean rank of the actual next token in layer l's distribution (1 = most likely; tokens with
 *     exactly the same log-probability share the better rank); NaN when every sequence has one token
 * @param meanFinalPredictionRank mean rank at layer l of the token the final layer ranks first (the first such token
 *     on a tie); 1 for the last layer
 */
public record LogitLensResult(int layers, int positions, int predictedPositions, double[] klFromFinal,
    double[] meanNextTokenRank, double[] meanFinalPredictionRank) {

  /** Validates and copies the arrays. */
  public LogitLensResult {
    if (klFromFinal.length != layers || meanNextTokenRank.length != layers
        || meanFinalPredictionRank.length != layers) {
      throw new IllegalArgumentException("per-layer arrays must have " + layers + " entries");
    }
    klFromFinal = klFromFinal.clone();
    meanNextTokenRank = meanNextTokenRank.clone();
    meanFinalPredictionRank = meanFinalPredictionRank.clone();
  }

  /** Mean KL(final || layer l) per layer (a copy). */
  @Override
  public double[] klFromFinal() {
    return klFromFinal.clone();
  }

  /** Mean rank of the actual next token per layer (a copy). */
  @Override
  public double[] meanNextTokenRank() {
    return meanNextTokenRank.clone();
  }

  /** Mean rank of the final layer's top token per layer (a copy). */
  @Override
  public double[] meanFinalPredictionRank() {
    return meanFinalPredictionRank.clone();
  }

  /** Equal when every field and array entry is equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LogitLensResult that && layers == that.layers && positions == that.positions
        && predictedPositions == that.predictedPositions && Arrays.equals(klFromFinal, that.klFromFinal)
        && Arrays.equals(meanNextTokenRank, that.meanNextTokenRank)
        && Arrays.equals(meanFinalPredictionRank, that.meanFinalPredictionRank);
  }

  /** Hash of every field and array entry. */
  @Override
  public int hashCode() {
    int hash = Objects.hash(layers, positions, predictedPositions);
    hash = 31 * hash + Arrays.hashCode(klFromFinal);
    hash = 31 * hash + Arrays.hashCode(meanNextTokenRank);
    return 31 * hash + Arrays.hashCode(meanFinalPredictionRank);
  }

  /** The per-layer arrays, for logs. */
  @Override
  public String toString() {
    return "LogitLensResult[layers=" + layers + ", positions=" + positions + ", klFromFinal="
        + Arrays.toString(klFromFinal) + ", meanNextTokenRank=" + Arrays.toString(meanNextTokenRank)
        + ", meanFinalPredictionRank=" + Arrays.toString(meanFinalPredictionRank) + "]";
  }
}
