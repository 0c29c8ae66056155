package io.github.fairlora.benchmarks.generation;

import io.github.fairlora.model.LanguageModel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Greedy generation without a key/value cache: every new token re-runs the whole prefix through
 * {@link LanguageModel#nextTokenLogProbabilities} and takes the arg-max of the last position. Its cost grows with the
 * prefix, which is why a cached generator exists; this is the uncached baseline it is compared with.
 */
public final class UncachedGenerator {
  private UncachedGenerator() {}

  /** A seeded prompt of {@code length} token ids below {@code vocabularySize}. */
  public static int[] randomPrompt(int length, int vocabularySize, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] prompt = new int[length];
    for (int i = 0; i < length; i++) {
      prompt[i] = random.nextInt(vocabularySize);
    }
    return prompt;
  }

  /**
   * Appends {@code newTokens} greedy tokens to {@code prompt}; returns prompt + continuation.
   *
   * @throws IllegalArgumentException if the result would exceed the model's context
   */
  public static int[] generate(LanguageModel model, int[] prompt, int newTokens) {
    if (prompt.length < 1 || newTokens < 0) {
      throw new IllegalArgumentException("need a non-empty prompt and newTokens >= 0, got " + prompt.length + ", "
          + newTokens);
    }
    if (prompt.length + newTokens > model.contextLength()) {
      throw new IllegalArgumentException("prompt (" + prompt.length + ") + new tokens (" + newTokens
          + ") exceed the context length " + model.contextLength());
    }
    int[] tokens = Arrays.copyOf(prompt, prompt.length + newTokens);
    for (int length = prompt.length; length < tokens.length; length++) {
      float[][] logProbabilities = model.nextTokenLogProbabilities(Arrays.copyOf(tokens, length));
      tokens[length] = argMax(logProbabilities[length - 1]);
    }
    return tokens;
  }

  /** Index of the largest value (the first one on ties). */
  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
