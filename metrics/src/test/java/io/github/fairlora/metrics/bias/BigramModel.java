package io.github.fairlora.metrics.bias;

import io.github.fairlora.model.LanguageModel;
import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A hand-made language model for tests: p(next | previous) is read from a table of probabilities
 * {@code table[previous][next]}, so every log-likelihood can be worked out by hand. For the logit lens, one such table
 * per layer (the last is the model's output). Counts its {@code tokenLogProbabilities} calls and their batch sizes.
 */
public final class BigramModel implements LanguageModel {
  private final double[][][] layerTables; // [numberOfLayers + 1][vocabulary][vocabulary], rows sum to 1
  private final int contextLength;
  private final List<Integer> batchSizes = new ArrayList<>();
  private Tokenizer tokenizer;

  /** Attaches the tokenizer the model carries (as a checkpoint loader would). */
  public BigramModel withTokenizer(Tokenizer attached) {
    this.tokenizer = attached;
    return this;
  }

  @Override
  public Optional<Tokenizer> tokenizer() {
    return Optional.ofNullable(tokenizer);
  }

  /** A model with no hidden layers whose output is {@code table}. */
  public BigramModel(double[][] table, int contextLength) {
    this(new double[][][] {table}, contextLength);
  }

  /** A model with {@code layerTables.length - 1} layers; the lens reads layer l from {@code layerTables[l]}. */
  public BigramModel(double[][][] layerTables, int contextLength) {
    int vocabulary = layerTables[0].length;
    for (double[][] table : layerTables) {
      if (table.length != vocabulary) {
        throw new IllegalArgumentException("every table needs " + vocabulary + " rows");
      }
      for (double[] row : table) {
        if (row.length != vocabulary || Math.abs(Arrays.stream(row).sum() - 1) > 1e-12) {
          throw new IllegalArgumentException("each row must have " + vocabulary + " probabilities summing to 1: "
              + Arrays.toString(row));
        }
      }
    }
    this.layerTables = layerTables;
    this.contextLength = contextLength;
  }

  /** A table whose every row is {@code probabilities}: a unigram model, blind to context. */
  public static double[][] unigram(double... probabilities) {
    double[][] table = new double[probabilities.length][];
    for (int row = 0; row < table.length; row++) {
      table[row] = probabilities.clone();
    }
    return table;
  }

  /**
   * A unigram model over {@code tokenizer}'s vocabulary: p(word) as given for every context, 0 for unlisted words.
   */
  public static BigramModel unigram(WordTokenizer tokenizer, java.util.Map<String, Double> probabilities,
      int contextLength) {
    double[] row = new double[tokenizer.vocabularySize()];
    probabilities.forEach((word, probability) -> row[tokenizer.id(word)] = probability);
    return new BigramModel(unigram(row), contextLength);
  }

  /** Number of tokenLogProbabilities calls so far. */
  public int tokenCalls() {
    return batchSizes.size();
  }

  /** Number of sequences in each tokenLogProbabilities call so far. */
  public List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  @Override
  public int vocabularySize() {
    return layerTables[0].length;
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  @Override
  public int numberOfLayers() {
    return layerTables.length - 1;
  }

  @Override
  public float[][] tokenLogProbabilities(List<int[]> sequences) {
    batchSizes.add(sequences.size());
    double[][] table = layerTables[layerTables.length - 1];
    float[][] out = new float[sequences.size()][];
    for (int i = 0; i < sequences.size(); i++) {
      int[] tokens = checked(sequences.get(i));
      out[i] = new float[tokens.length - 1];
      for (int t = 0; t + 1 < tokens.length; t++) {
        out[i][t] = (float) Math.log(table[tokens[t]][tokens[t + 1]]);
      }
    }
    return out;
  }

  @Override
  public float[][] nextTokenLogProbabilities(int[] tokens) {
    return distributions(layerTables[layerTables.length - 1], checked(tokens));
  }

  @Override
  public float[][][] logitLens(int[] tokens) {
    float[][][] out = new float[layerTables.length][][];
    for (int layer = 0; layer < layerTables.length; layer++) {
      out[layer] = distributions(layerTables[layer], checked(tokens));
    }
    return out;
  }

  private static float[][] distributions(double[][] table, int[] tokens) {
    float[][] out = new float[tokens.length][table.length];
    for (int t = 0; t < tokens.length; t++) {
      for (int v = 0; v < table.length; v++) {
        out[t][v] = (float) Math.log(table[tokens[t]][v]);
      }
    }
    return out;
  }

  private int[] checked(int[] tokens) {
    if (tokens.length > contextLength) {
      throw new IllegalArgumentException("sequence of " + tokens.length + " tokens exceeds " + contextLength);
    }
    return tokens;
  }
}
