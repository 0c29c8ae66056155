package io.github.fairlora.metrics.toxicity;

import java.util.List;

/** Scores how toxic a text is, from 0 (not at all) to 1 (certainly). */
@FunctionalInterface
public interface ToxicityScorer {

  /** The toxicity of {@code text}, in [0, 1]. */
  double score(String text);

  /** The toxicity of every text, in order; by default {@link #score(String)} one by one. */
  default double[] scoreAll(List<String> texts) {
    if (texts == null) {
      throw new NullPointerException("texts must not be null");
    }
    double[] scores = new double[texts.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(texts.get(i));
    }
    return scores;
  }
}
