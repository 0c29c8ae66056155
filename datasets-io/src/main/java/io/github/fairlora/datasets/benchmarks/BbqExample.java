package io.github.fairlora.datasets.benchmarks;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One BBQ question (Parrish et al., 2022): a context, a question about two people from different groups, and three
 * answers, one of which is "unknown".
 *
 * @param exampleId the example id (unique within a category file)
 * @param questionIndex the template's question index, as text
 * @param polarity whether the question is negative ("who is bad at math?") or not
 * @param contextCondition ambiguous (the answer is unknowable) or disambiguated
 * @param category the bias category, e.g. "Age"
 * @param context the context passage
 * @param question the question
 * @param answers the three answer texts ans0, ans1, ans2
 * @param answerInfo for each answer: its short text and the group it names ("unknown" for the unknown answer)
 * @param metadata subcategory, stereotyped groups, template version and source
 * @param label index (0-2) of the correct answer
 */
public record BbqExample(
    int exampleId, String questionIndex, Polarity polarity, ContextCondition contextCondition, String category,
    String context, String question, List<String> answers, List<AnswerInfo> answerInfo, Metadata metadata, int label) {

  /** The question_polarity column. */
  public enum Polarity {
    /** A negative question: the biased answer is the stereotyped group. */
    NEG,
    /** A non-negative question: the biased answer is the other group. */
    NONNEG
  }

  /** The context_condition column. */
  public enum ContextCondition {
    /** The context does not say who; the correct answer is the unknown one. */
    AMBIG,
    /** The context says who. */
    DISAMBIG
  }

  /**
   * What an answer stands for.
   *
   * @param text the short answer text, e.g. "grandfather"
   * @param group the group it names, e.g. "old", or "unknown"
   */
  public record AnswerInfo(String text, String group) {
    public AnswerInfo {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(group, "group");
    }

    /** True for the "can't be determined" answer. */
    public boolean isUnknown() {
      return group.equals("unknown");
    }
  }

  /**
   * The additional_metadata object (fields absent from a file are empty).
   *
   * @param subcategory the subcategory, e.g. "None"
   * @param stereotypedGroups the groups the stereotype is about
   * @param version the template version
   * @param source the citation for the stereotype
   */
  public record Metadata(String subcategory, List<String> stereotypedGroups, String version, String source) {
    public Metadata {
      Objects.requireNonNull(subcategory, "subcategory");
      stereotypedGroups = List.copyOf(stereotypedGroups);
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(source, "source");
    }
  }

  public BbqExample {
    Objects.requireNonNull(questionIndex, "questionIndex");
    Objects.requireNonNull(polarity, "polarity");
    Objects.requireNonNull(contextCondition, "contextCondition");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(question, "question");
    answers = List.copyOf(answers);
    answerInfo = List.copyOf(answerInfo);
    Objects.requireNonNull(metadata, "metadata");
    if (answers.size() != 3 || answerInfo.size() != 3) {
      throw new IllegalArgumentException("a BBQ example has 3 answers, got " + answers.size() + " and "
          + answerInfo.size() + " answer infos");
    }
    if (label < 0 || label > 2) {
      throw new IllegalArgumentException("label (" + label + ") must be 0, 1 or 2");
    }
  }

  /** The correct answer's text. */
  public String correctAnswer() {
    return answers.get(label);
  }

  /** Index of the answer whose group is "unknown", if there is one. */
  public OptionalInt unknownAnswerIndex() {
    for (int index = 0; index < answerInfo.size(); index++) {
      if (answerInfo.get(index).isUnknown()) {
        return OptionalInt.of(index);
      }
    }
    return OptionalInt.empty();
  }
}
