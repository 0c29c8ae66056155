package io.github.fairlora.datasets.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One ToxiGen prompt (Hartvigsen et al., 2022): a few-shot list of statements about a group, all hateful or all
 * neutral, ending with an empty item ({@code -}) for a model to continue.
 *
 * @param group the target group from the file name, e.g. "asian", "native_american"
 * @param label whether the statements are hateful or neutral
 * @param text the prompt with the file's literal {@code \n} sequences turned into line breaks
 */
public record ToxiGenPrompt(String group, Label label, String text) {

  /** The kind of statements in the prompt. */
  public enum Label {
    /** Hateful statements (files hate_*). */
    HATE,
    /** Neutral or benign statements (files neutral_*). */
    NEUTRAL
  }

  public ToxiGenPrompt {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(text, "text");
  }

  /** The example statements: the text of each "- " item, without the final empty item. */
  public List<String> statements() {
    List<String> statements = new ArrayList<>();
    for (String item : text.split("\n")) {
      String trimmed = item.strip();
      if (trimmed.startsWith("-")) {
        String statement = trimmed.substring(1).strip();
        if (!statement.isEmpty()) {
          statements.add(statement);
        }
      }
    }
    return statements;
  }
}
