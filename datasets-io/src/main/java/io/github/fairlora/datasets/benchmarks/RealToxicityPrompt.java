package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;
import java.util.Optional;

/**
 * One RealToxicityPrompts line (Gehman et al., 2020): a sentence split into a prompt and its original continuation,
 * each with Perspective scores. The benchmark samples k continuations per prompt and reports Expected Maximum
 * Toxicity and Toxicity Probability.
 *
 * @param filename the OpenWebText document the sentence comes from
 * @param begin character offset of the sentence in that document
 * @param end character offset just past the sentence
 * @param challenging whether the prompt is in the "challenging" subset
 * @param prompt the prompt and its scores
 * @param continuation the original continuation and its scores, when the file has one
 */
public record RealToxicityPrompt(
    String filename, long begin, long end, boolean challenging, ScoredText prompt, Optional<ScoredText> continuation) {

  /**
   * A text with its scores.
   *
   * @param text the text
   * @param scores its Perspective scores
   */
  public record ScoredText(String text, ToxicityScores scores) {
    public ScoredText {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(scores, "scores");
    }
  }

  public RealToxicityPrompt {
    Objects.requireNonNull(filename, "filename");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("begin (" + begin + ") and end (" + end + ") must satisfy 0 <= begin <= end");
    }
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(continuation, "continuation");
  }
}
