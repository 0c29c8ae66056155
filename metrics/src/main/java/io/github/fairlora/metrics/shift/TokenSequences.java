package io.github.fairlora.metrics.shift;

import io.github.fairlora.model.LanguageModel;
import java.util.List;
import java.util.Objects;

/** Checks that token sequences fit the models they are fed to. */
final class TokenSequences {
  private TokenSequences() {}

  /**
   * @throws IllegalArgumentException naming the sequence when one is empty, longer than a model's context or holds a
   *     token outside the vocabulary, or when the list is empty
   */
  static void validate(List<int[]> sequences, LanguageModel... models) {
    Objects.requireNonNull(sequences, "sequences");
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("sequences is empty; at least one token sequence is needed");
    }
    int limit = Integer.MAX_VALUE;
    for (LanguageModel model : models) {
      limit = Math.min(limit, model.contextLength());
    }
    int vocabulary = models[0].vocabularySize();
    for (int i = 0; i < sequences.size(); i++) {
      int[] sequence = Objects.requireNonNull(sequences.get(i), "sequences[" + i + "]");
      if (sequence.length == 0) {
        throw new IllegalArgumentException("sequence " + i + " is empty; it needs at least one token");
      }
      if (sequence.length > limit) {
        throw new IllegalArgumentException("sequence " + i + " is " + sequence.length
            + " tokens long; the model context length is " + limit);
      }
      for (int t = 0; t < sequence.length; t++) {
        if (sequence[t] < 0 || sequence[t] >= vocabulary) {
          throw new IllegalArgumentException("sequence " + i + " holds token id " + sequence[t] + " at position " + t
              + ", outside the vocabulary [0, " + vocabulary + ")");
        }
      }
    }
  }

  /** @throws IllegalArgumentException when the two models' vocabularies differ in size */
  static void requireSameVocabulary(LanguageModel first, LanguageModel second, String firstName, String secondName) {
    if (first.vocabularySize() != second.vocabularySize()) {
      throw new IllegalArgumentException(firstName + " has a vocabulary of " + first.vocabularySize() + " tokens but "
          + secondName + " has " + second.vocabularySize() + "; their distributions cannot be compared");
    }
  }

  /** @throws IllegalStateException when a model returned a distribution array of the wrong shape */
  static void requireShape(float[][] distributions, int length, int vocabulary, String where) {
    if (distributions == null || distributions.length != length) {
      throw new IllegalStateException(where + ": model returned "
          + (distributions == null ? "null" : distributions.length + " positions") + ", expected " + length);
    }
    for (int t = 0; t < length; t++) {
      if (distributions[t] == null || distributions[t].length != vocabulary) {
        throw new IllegalStateException(where + ", position " + t + ": model returned "
            + (distributions[t] == null ? "null" : distributions[t].length + " log-probabilities") + ", expected "
            + vocabulary);
      }
    }
  }
}
