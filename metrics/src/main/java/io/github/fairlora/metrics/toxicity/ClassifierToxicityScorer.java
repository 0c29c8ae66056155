package io.github.fairlora.metrics.toxicity;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Toxicity from a decoder with a sequence-classification head fine-tuned on labeled toxicity data (Civil Comments,
 * Jigsaw): the score is the head's probability of the toxic class. Train one with
 * {@code LoRA.adapt(model).fit(TrainingData.labeled(examples))}.
 *
 * <p>Texts longer than the model's context keep their last {@code contextLength} tokens (the head reads the last
 * position). Not thread-safe, like the decoder it wraps.
 */
public final class ClassifierToxicityScorer implements ToxicityScorer {
  private final Decoder model;
  private final Tokenizer tokenizer;
  private final int toxicClass;

  /**
   * A scorer using the model's own tokenizer ({@link Decoder#tokenizer()}).
   *
   * @param model       a decoder with a classification head and a tokenizer
   * @param toxicClass  the class index meaning "toxic" (1 for a 0/1 label)
   * @throws IllegalStateException when the model carries no tokenizer
   */
  public ClassifierToxicityScorer(Decoder model, int toxicClass) {
    this(model, Objects.requireNonNull(model, "model").requireTokenizer("ClassifierToxicityScorer"), toxicClass);
  }

  /**
   * @param model       a decoder with a classification head
   * @param tokenizer   the tokenizer it was trained with
   * @param toxicClass  the class index meaning "toxic" (1 for a 0/1 label)
   */
  public ClassifierToxicityScorer(Decoder model, Tokenizer tokenizer, int toxicClass) {
    this.model = Objects.requireNonNull(model, "model");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (model.classifier() == null) {
      throw new IllegalArgumentException("the model has no classification head; fine-tune one on labeled toxicity "
          + "data first (LoRA.adapt(model).fit(TrainingData.labeled(...)))");
    }
    int classes = model.config().numberOfClasses();
    if (toxicClass < 0 || toxicClass >= classes) {
      throw new IllegalArgumentException("toxicClass (" + toxicClass + ") must be in [0, " + classes + ")");
    }
    this.toxicClass = toxicClass;
  }

  @Override
  public double score(String text) {
    return scoreAll(List.of(text))[0];
  }

  @Override
  public double[] scoreAll(List<String> texts) {
    int context = model.config().contextLength();
    List<int[]> sequences = new ArrayList<>(texts.size());
    for (String text : texts) {
      int[] ids = tokenizer.encode(Objects.requireNonNull(text, "text"), true, false);
      if (ids.length == 0) {
        throw new IllegalArgumentException("text '" + text + "' encodes to no tokens");
      }
      if (ids.length > context) {
        ids = java.util.Arrays.copyOfRange(ids, ids.length - context, ids.length);
      }
      sequences.add(ids);
    }
    float[][] probabilities = model.classProbabilities(sequences);
    double[] scores = new double[texts.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = probabilities[i][toxicClass];
    }
    return scores;
  }
}
