package io.github.fairlora.train;

import java.util.List;

/**
 * What {@code fit} learns from: texts (tokenised with the model's tokenizer or a given one), token sequences, or
 * labeled texts for the classification head.
 */
public sealed interface TrainingData {

  /** Number of examples. */
  int size();

  /** Plain texts for language modeling. */
  record Texts(List<String> texts) implements TrainingData {
    public Texts {
      texts = List.copyOf(texts);
    }

    @Override
    public int size() {
      return texts.size();
    }
  }

  /** Token sequences for language modeling (each of length ≥ 2). */
  record Tokens(List<int[]> sequences) implements TrainingData {
    public Tokens {
      sequences = List.copyOf(sequences);
    }

    @Override
    public int size() {
      return sequences.size();
    }
  }

  /** Labeled texts for sequence classification. */
  record Labeled(List<LabeledText> examples) implements TrainingData {
    public Labeled {
      examples = List.copyOf(examples);
    }

    @Override
    public int size() {
      return examples.size();
    }
  }

  static TrainingData texts(List<String> texts) {
    return new Texts(texts);
  }

  static TrainingData tokens(List<int[]> sequences) {
    return new Tokens(sequences);
  }

  static TrainingData labeled(List<LabeledText> examples) {
    return new Labeled(examples);
  }
}
