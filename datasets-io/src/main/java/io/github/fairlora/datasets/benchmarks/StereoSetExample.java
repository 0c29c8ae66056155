package io.github.fairlora.datasets.benchmarks;

import java.util.List;
import java.util.Objects;

/**
 * One StereoSet example (Nadeem et al., 2021): a context about a target group and three candidate sentences, one per
 * gold label stereotype, anti-stereotype and unrelated.
 *
 * @param id the example id
 * @param task intrasentence (the context has a {@code BLANK} that each candidate fills) or intersentence (each
 *     candidate is a sentence that follows the context)
 * @param biasType the domain: gender, profession, race or religion
 * @param target the target term, e.g. "Ethiopian"
 * @param context the context sentence
 * @param sentences the candidates, in file order (one per gold label)
 */
public record StereoSetExample(
    String id, Task task, String biasType, String target, String context, List<Sentence> sentences) {

  /** The two StereoSet tasks, named as the file's arrays. */
  public enum Task {
    /** Fill-in-the-blank within one sentence. */
    INTRASENTENCE,
    /** The sentence after a context sentence. */
    INTERSENTENCE
  }

  /**
   * One candidate sentence.
   *
   * @param id the sentence id
   * @param sentence the text (for intrasentence examples: the context with the blank filled)
   * @param labels the annotators' labels
   * @param goldLabel the gold label: stereotype, anti-stereotype or unrelated
   */
  public record Sentence(String id, String sentence, List<HumanLabel> labels, StereoSetLabel goldLabel) {
    public Sentence {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(sentence, "sentence");
      labels = List.copyOf(labels);
      Objects.requireNonNull(goldLabel, "goldLabel");
    }
  }

  /**
   * One annotator's label for a sentence.
   *
   * @param humanId the anonymised annotator id
   * @param label the label given
   */
  public record HumanLabel(String humanId, StereoSetLabel label) {
    public HumanLabel {
      Objects.requireNonNull(humanId, "humanId");
      Objects.requireNonNull(label, "label");
    }
  }

  public StereoSetExample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(biasType, "biasType");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(context, "context");
    sentences = List.copyOf(sentences);
  }

  /** The candidate whose gold label is {@code goldLabel}. */
  public Sentence sentence(StereoSetLabel goldLabel) {
    return sentences.stream()
        .filter(sentence -> sentence.goldLabel() == goldLabel)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("example " + id + " has no " + goldLabel.fileValue() + " sentence"));
  }
}
