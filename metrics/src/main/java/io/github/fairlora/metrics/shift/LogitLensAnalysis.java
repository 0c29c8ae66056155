package io.github.fairlora.metrics.shift;

import io.github.fairlora.model.LanguageModel;
import java.util.List;
import java.util.Objects;

/**
 * Logit-lens analysis over {@link LanguageModel#logitLens}: reads each layer's hidden state through the final norm and
 * output head and asks how close that early reading is to the model's output (per layer KL to the final layer, rank of
 * the actual next token and of the final prediction), and, for two models, how far apart they are at each layer.
 * All averages are over every position of every sequence; divergences in nats.
 *
 * <p>The lens returns [layers][length][vocabulary] floats per sequence, so keep sequences short for large
 * vocabularies.
 */
public final class LogitLensAnalysis {
  private LogitLensAnalysis() {}

  /**
   * One model's logit-lens summary over {@code sequences}.
   *
   * @throws IllegalArgumentException when a sequence is empty, too long or holds an unknown token
   */
  public static LogitLensResult analyze(LanguageModel model, List<int[]> sequences) {
    Objects.requireNonNull(model, "model");
    TokenSequences.validate(sequences, model);
    Accumulator accumulator = new Accumulator(model.numberOfLayers() + 1);
    for (int i = 0; i < sequences.size(); i++) {
      int[] tokens = sequences.get(i);
      accumulator.add(lens(model, tokens, "sequence " + i), tokens);
    }
    return accumulator.result();
  }

  /**
   * Compares two models with the same number of layers and vocabulary at every layer, and summarises each.
   *
   * @throws IllegalArgumentException when the models differ in layers or vocabulary, or a sequence does not fit
   */
  public static LogitLensComparison compare(LanguageModel base, LanguageModel adapted, List<int[]> sequences) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(adapted, "adapted");
    TokenSequences.requireSameVocabulary(base, adapted, "base model", "adapted model");
    if (base.numberOfLayers() != adapted.numberOfLayers()) {
      throw new IllegalArgumentException("base model has " + base.numberOfLayers() + " layers but adapted model has "
          + adapted.numberOfLayers() + "; the logit lens compares them layer by layer");
    }
    TokenSequences.validate(sequences, base, adapted);
    int layers = base.numberOfLayers() + 1;
    Accumulator baseAccumulator = new Accumulator(layers);
    Accumulator adaptedAccumulator = new Accumulator(layers);
    double[] forward = new double[layers];
    double[] backward = new double[layers];
    double[] jensenShannon = new double[layers];
    int positions = 0;
    for (int i = 0; i < sequences.size(); i++) {
      int[] tokens = sequences.get(i);
      float[][][] fromBase = lens(base, tokens, "base model, sequence " + i);
      float[][][] fromAdapted = lens(adapted, tokens, "adapted model, sequence " + i);
      baseAccumulator.add(fromBase, tokens);
      adaptedAccumulator.add(fromAdapted, tokens);
      for (int l = 0; l < layers; l++) {
        for (int t = 0; t < tokens.length; t++) {
          String where = "sequence " + i + ", layer " + l + ", position " + t;
          double[] values = Divergences.all(Divergences.normalise(fromBase[l][t], "base model, " + where),
              Divergences.normalise(fromAdapted[l][t], "adapted model, " + where));
          forward[l] += values[0];
          backward[l] += values[1];
          jensenShannon[l] += values[2];
        }
      }
      positions += tokens.length;
    }
    for (int l = 0; l < layers; l++) {
      forward[l] /= positions;
      backward[l] /= positions;
      jensenShannon[l] /= positions;
    }
    return new LogitLensComparison(layers, positions, forward, backward, jensenShannon, baseAccumulator.result(),
        adaptedAccumulator.result());
  }

  /**
   * Rank of {@code token} in a distribution: 1 + the number of tokens with a strictly higher log-probability.
   */
  public static int rank(float[] logProbabilities, int token) {
    float value = logProbabilities[token];
    int higher = 0;
    for (float other : logProbabilities) {
      if (other > value) {
        higher++;
      }
    }
    return higher + 1;
  }

  private static float[][][] lens(LanguageModel model, int[] tokens, String where) {
    float[][][] lens = model.logitLens(tokens);
    int layers = model.numberOfLayers() + 1;
    if (lens == null || lens.length != layers) {
      throw new IllegalStateException(where + ": logitLens returned " + (lens == null ? "null" : lens.length
          + " layers") + ", expected numberOfLayers + 1 = " + layers);
    }
    for (int l = 0; l < layers; l++) {
      TokenSequences.requireShape(lens[l], tokens.length, model.vocabularySize(), where + ", layer " + l);
    }
    return lens;
  }

  /** Sums for one model's summary, in double. */
  private static final class Accumulator {
    private final int layers;
    private final double[] klFromFinal;
    private final double[] nextTokenRank;
    private final double[] finalPredictionRank;
    private int positions;
    private int predictedPositions;

    Accumulator(int layers) {
      this.layers = layers;
      this.klFromFinal = new double[layers];
      this.nextTokenRank = new double[layers];
      this.finalPredictionRank = new double[layers];
    }

    void add(float[][][] lens, int[] tokens) {
      float[][] last = lens[layers - 1];
      for (int t = 0; t < tokens.length; t++) {
        double[] finalDistribution = Divergences.normalise(last[t], "final layer, position " + t);
        int finalTop = argmax(last[t]);
        for (int l = 0; l < layers; l++) {
          double[] layerDistribution = l == layers - 1 ? finalDistribution
              : Divergences.normalise(lens[l][t], "layer " + l + ", position " + t);
          klFromFinal[l] += Divergences.klDivergence(finalDistribution, layerDistribution);
          finalPredictionRank[l] += rank(lens[l][t], finalTop);
          if (t + 1 < tokens.length) {
            nextTokenRank[l] += rank(lens[l][t], tokens[t + 1]);
          }
        }
      }
      positions += tokens.length;
      predictedPositions += tokens.length - 1;
    }

    LogitLensResult result() {
      double[] kl = new double[layers];
      double[] next = new double[layers];
      double[] top = new double[layers];
      for (int l = 0; l < layers; l++) {
        kl[l] = klFromFinal[l] / positions;
        next[l] = predictedPositions == 0 ? Double.NaN : nextTokenRank[l] / predictedPositions;
        top[l] = finalPredictionRank[l] / positions;
      }
      return new LogitLensResult(layers, positions, predictedPositions, kl, next, top);
    }

    private static int argmax(float[] values) {
      int best = 0;
      for (int v = 1; v < values.length; v++) {
        if (values[v] > values[best]) {
          best = v;
        }
      }
      return best;
    }
  }
}
