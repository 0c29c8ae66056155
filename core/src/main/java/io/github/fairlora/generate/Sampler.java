package io.github.fairlora.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits: greedily (temperature 0), or by drawing from the softmax of
 * logits / temperature after the top-k and top-p filters of {@link GenerationOptions}. Draws come from a seeded
 * {@link SplittableRandom}, one {@code nextDouble()} per sampled token, so a seed fixes the whole sequence. Greedy
 * picks use no randomness. Not thread-safe (the random state advances).
 */
public final class Sampler {
  private final float temperature;
  private final int topK;
  private final float topP;
  private final SplittableRandom random;

  /** A sampler with the options' temperature, top-k and top-p, seeded with {@code options.seed()}. */
  public Sampler(GenerationOptions options) {
    this(options, new SplittableRandom(options.seed()));
  }

  /** A sampler drawing from the given random stream (the generator gives each sequence its own). */
  Sampler(GenerationOptions options, SplittableRandom random) {
    this.temperature = options.temperature();
    this.topK = options.topK();
    this.topP = options.topP();
    this.random = random;
  }

  /** True when {@link #sample} returns the argmax. */
  public boolean greedy() {
    return temperature == 0f;
  }

  /**
   * The next token id for {@code logits} [vocabularySize].
   *
   * @throws IllegalArgumentException for an empty row or one holding NaN or +infinity
   */
  public int sample(float[] logits) {
    if (greedy()) {
      checkLogits(logits);
      return argmax(logits);
    }
    double[] probabilities = distribution(logits);
    double u = random.nextDouble();
    double cumulative = 0;
    int last = -1;
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i] > 0) {
        cumulative += probabilities[i];
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return last; // u fell in the rounding gap just below 1
  }

  /**
   * The distribution {@link #sample} draws from, [vocabularySize], summing to 1: softmax(logits / temperature) with
   * the tokens outside top-k and top-p set to 0 and the rest renormalised. Greedy: 1 at the argmax. Ties in
   * probability are ranked by lower id first.
   *
   * @throws IllegalArgumentException for an empty row or one holding NaN or +infinity
   */
  public double[] distribution(float[] logits) {
    checkLogits(logits);
    int size = logits.length;
    double[] probabilities = new double[size];
    if (greedy()) {
      probabilities[argmax(logits)] = 1;
      return probabilities;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit / (double) temperature);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("every logit is -infinity; there is no token to sample");
    }
    double sum = 0;
    for (int i = 0; i < size; i++) {
      probabilities[i] = Math.exp(logits[i] / (double) temperature - max);
      sum += probabilities[i];
    }
    int keep = topK > 0 ? Math.min(topK, size) : size;
    if (keep == size && topP >= 1f) {
      for (int i = 0; i < size; i++) {
        probabilities[i] /= sum;
      }
      return probabilities;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    double[] p = probabilities;
    Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    double keptSum = 0;
    for (int m = 0; m < keep; m++) {
      keptSum += p[order[m]];
    }
    if (topP < 1f) {
      // Smallest prefix whose share of the kept mass reaches topP.
      double threshold = topP * keptSum;
      double cumulative = 0;
      for (int m = 0; m < keep; m++) {
        cumulative += p[order[m]];
        if (cumulative >= threshold) {
          keep = m + 1;
          keptSum = cumulative;
          break;
        }
      }
    }
    double[] out = new double[size];
    for (int m = 0; m < keep; m++) {
      out[order[m]] = p[order[m]] / keptSum;
    }
    return out;
  }

  /** Index of the largest logit; the lowest index among equal maxima. */
  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  private static void checkLogits(float[] logits) {
    if (logits.length == 0) {
      throw new IllegalArgumentException("logits are empty; expected one per vocabulary entry");
    }
    for (int i = 0; i < logits.length; i++) {
      if (Float.isNaN(logits[i]) || logits[i] == Float.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("logit " + i + " is " + logits[i]
            + "; expected finite logits (or -infinity for a token that must not be drawn)");
      }
    }
  }
}
