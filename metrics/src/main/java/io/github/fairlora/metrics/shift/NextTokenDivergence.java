package io.github.fairlora.metrics.shift;

import io.github.fairlora.metrics.bias.BootstrapSettings;
import io.github.fairlora.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * KL divergence in both directions and Jensen-Shannon divergence between two language models' next-token
 * distributions (e.g. P = base model, Q = fine-tuned model), in nats, at every position of a set of token sequences.
 * Each distribution is renormalised in double precision from the model's log-probabilities (see
 * {@link Divergences#normalise}); zero-probability entries are handled exactly (see {@link Divergences}).
 *
 * <p>The models are asked once per sequence ({@link LanguageModel#nextTokenLogProbabilities} takes one sequence).
 * Every position counts, including the last one, whose distribution is over the token after the sequence.
 */
public final class NextTokenDivergence {
  private NextTokenDivergence() {}

  /** {@link #compare(LanguageModel, LanguageModel, List, BootstrapSettings)} with default bootstrap settings. */
  public static DivergenceResult compare(LanguageModel p, LanguageModel q, List<int[]> sequences) {
    return compare(p, q, sequences, BootstrapSettings.defaults());
  }

  /**
   * Divergences of Q from P per position, per sequence and on average.
   *
   * @throws IllegalArgumentException when the vocabularies differ, a sequence is empty, too long for either model or
   *     holds an unknown token, or a model returns NaN or +infinity
   */
  public static DivergenceResult compare(LanguageModel p, LanguageModel q, List<int[]> sequences,
      BootstrapSettings bootstrap) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(bootstrap, "bootstrap");
    TokenSequences.requireSameVocabulary(p, q, "model P", "model Q");
    TokenSequences.validate(sequences, p, q);
    int vocabulary = p.vocabularySize();
    List<SequenceDivergence> perSequence = new ArrayList<>(sequences.size());
    int positions = 0;
    for (int i = 0; i < sequences.size(); i++) {
      int[] tokens = sequences.get(i);
      float[][] fromP = p.nextTokenLogProbabilities(tokens);
      float[][] fromQ = q.nextTokenLogProbabilities(tokens);
      TokenSequences.requireShape(fromP, tokens.length, vocabulary, "model P, sequence " + i);
      TokenSequences.requireShape(fromQ, tokens.length, vocabulary, "model Q, sequence " + i);
      double[] forward = new double[tokens.length];
      double[] backward = new double[tokens.length];
      double[] jensenShannon = new double[tokens.length];
      for (int t = 0; t < tokens.length; t++) {
        double[] values = Divergences.all(
            Divergences.normalise(fromP[t], "model P, sequence " + i + ", position " + t),
            Divergences.normalise(fromQ[t], "model Q, sequence " + i + ", position " + t));
        forward[t] = values[0];
        backward[t] = values[1];
        jensenShannon[t] = values[2];
      }
      perSequence.add(new SequenceDivergence(i, forward, backward, jensenShannon));
      positions += tokens.length;
    }
    return new DivergenceResult(
        bootstrap.interval(perSequence.size(), pooledMean(perSequence, SequenceDivergence::sumKlPQ)),
        bootstrap.interval(perSequence.size(), pooledMean(perSequence, SequenceDivergence::sumKlQP)),
        bootstrap.interval(perSequence.size(), pooledMean(perSequence, SequenceDivergence::sumJensenShannon)),
        positions, perSequence);
  }

  /** Mean over all positions of the chosen sequences: their summed values over their summed lengths. */
  private static ToDoubleFunction<int[]> pooledMean(List<SequenceDivergence> sequences,
      ToDoubleFunction<SequenceDivergence> sum) {
    double[] sums = sequences.stream().mapToDouble(sum).toArray();
    int[] lengths = sequences.stream().mapToInt(SequenceDivergence::positions).toArray();
    return indices -> {
      double total = 0;
      long count = 0;
      for (int index : indices) {
        total += sums[index];
        count += lengths[index];
      }
      return total / count;
    };
  }
}
