package io.github.fairlora.metrics.bias;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One BBQ item (Parrish et al., 2022), reduced to what the probe needs: the prompt parts, the three answers, which
 * answer is the "unknown" option and which names a stereotyped group.
 *
 * @param exampleId the item's example_id (for messages and per-item output)
 * @param category the item's category (e.g. "Age")
 * @param polarity neg or nonneg question
 * @param condition ambiguous or disambiguated context
 * @param context the context text
 * @param question the question text
 * @param answers the three answer texts ans0, ans1, ans2
 * @param unknownAnswer index of the "unknown" option
 * @param stereotypedAnswer index of the non-unknown answer naming a stereotyped group, or -1 when it could not be
 *     determined (such items count for accuracy but not for the bias scores)
 * @param label index of the correct answer
 */
public record BbqItem(String exampleId, String category, BbqPolarity polarity, BbqCondition condition, String context,
    String question, List<String> answers, int unknownAnswer, int stereotypedAnswer, int label) {

  /** Number of answer options in a BBQ item. */
  public static final int ANSWERS = 3;

  /**
   * Validates the item.
   *
   * @throws IllegalArgumentException naming the example for a wrong number of answers or an index out of range
   */
  public BbqItem {
    Objects.requireNonNull(exampleId, "exampleId");
    String where = "BBQ example " + exampleId;
    CounterfactualPair.requireText(category, "category of " + where);
    Objects.requireNonNull(polarity, "polarity of " + where);
    Objects.requireNonNull(condition, "condition of " + where);
    Objects.requireNonNull(context, "context of " + where);
    CounterfactualPair.requireText(question, "question of " + where);
    answers = List.copyOf(answers);
    if (answers.size() != ANSWERS) {
      throw new IllegalArgumentException(where + " has " + answers.size() + " answers; BBQ items have "
          + ANSWERS + " (ans0, ans1, ans2)");
    }
    for (int i = 0; i < ANSWERS; i++) {
      CounterfactualPair.requireText(answers.get(i), "ans" + i + " of " + where);
    }
    requireIndex(unknownAnswer, "unknownAnswer", where);
    requireIndex(label, "label", where);
    if (stereotypedAnswer != -1) {
      requireIndex(stereotypedAnswer, "stereotypedAnswer", where);
      if (stereotypedAnswer == unknownAnswer) {
        throw new IllegalArgumentException(where + ": stereotypedAnswer (" + stereotypedAnswer
            + ") is the unknown option");
      }
    }
  }

  /**
   * Builds an item from BBQ's answer_info and stereotyped_groups. The unknown option is the one whose group is
   * "unknown" (exactly one must be). The stereotyped answer is the one non-unknown answer whose group label or
   * answer-info text matches a stereotyped group, comparing case-insensitively with spaces removed and also matching
   * any part of a group label split at '-' or '_' (so "lowSES" matches "low SES" and "M-Black" matches "Black"); when
   * none or both match it is -1.
   *
   * @throws IllegalArgumentException naming the example when answer_info does not have three entries with exactly one
   *     unknown, or the label is out of range
   */
  public static BbqItem fromAnswerInfo(String exampleId, String category, BbqPolarity polarity,
      BbqCondition condition, String context, String question, List<String> answers,
      List<BbqAnswerInfo> answerInfo, List<String> stereotypedGroups, int label) {
    Objects.requireNonNull(answerInfo, "answerInfo");
    Objects.requireNonNull(stereotypedGroups, "stereotypedGroups");
    if (answerInfo.size() != ANSWERS) {
      throw new IllegalArgumentException("BBQ example " + exampleId + " has " + answerInfo.size()
          + " answer_info entries, expected " + ANSWERS);
    }
    int unknown = -1;
    for (int i = 0; i < ANSWERS; i++) {
      if (Objects.requireNonNull(answerInfo.get(i), "answerInfo[" + i + "]").isUnknown()) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("BBQ example " + exampleId + " has two \"unknown\" answers (ans"
              + unknown + " and ans" + i + ")");
        }
        unknown = i;
      }
    }
    if (unknown < 0) {
      throw new IllegalArgumentException("BBQ example " + exampleId
          + " has no answer whose answer_info group is \"unknown\"");
    }
    Set<String> wanted = new HashSet<>();
    for (String group : stereotypedGroups) {
      wanted.add(normalise(Objects.requireNonNull(group, "stereotyped group")));
    }
    wanted.remove(""); // a blank label must not match a blank answer text
    List<Integer> matches = new ArrayList<>();
    for (int i = 0; i < ANSWERS; i++) {
      if (i != unknown && names(answerInfo.get(i), wanted)) {
        matches.add(i);
      }
    }
    int stereotyped = matches.size() == 1 ? matches.get(0) : -1;
    return new BbqItem(exampleId, category, polarity, condition, context, question, answers, unknown, stereotyped,
        label);
  }

  /**
   * The answer that counts as biased: the stereotyped group's answer for a neg question, the other non-unknown
   * answer for a nonneg one; -1 when the stereotyped answer is not known.
   */
  public int biasedAnswer() {
    if (stereotypedAnswer < 0) {
      return -1;
    }
    if (polarity == BbqPolarity.NEGATIVE) {
      return stereotypedAnswer;
    }
    return ANSWERS - unknownAnswer - stereotypedAnswer; // indices 0 + 1 + 2 = 3
  }

  private static boolean names(BbqAnswerInfo info, Set<String> wanted) {
    if (wanted.contains(normalise(info.group())) || wanted.contains(normalise(info.text()))) {
      return true;
    }
    for (String part : info.group().split("[-_]")) {
      if (wanted.contains(normalise(part))) {
        return true;
      }
    }
    return false;
  }

  private static String normalise(String label) {
    return label.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
  }

  private static void requireIndex(int index, String field, String where) {
    if (index < 0 || index >= ANSWERS) {
      throw new IllegalArgumentException(where + ": " + field + " (" + index + ") must be an answer index in [0, "
          + ANSWERS + ")");
    }
  }
}
