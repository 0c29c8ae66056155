package io.github.fairlora.metrics.bias;

import java.util.Objects;

/**
 * One entry of a BBQ item's {@code answer_info}: {@code "ans0": [text, group]}.
 *
 * @param text the short answer text (e.g. "grandfather")
 * @param group the social group label of the answer (e.g. "old", "F", "M-Black"), or {@code "unknown"} for the
 *     "can't be determined" option
 */
public record BbqAnswerInfo(String text, String group) {

  /** Validates that both are present. */
  public BbqAnswerInfo {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(group, "group");
  }

  /** True when this is the "unknown" option: its group is {@code "unknown"} (case-insensitive). */
  public boolean isUnknown() {
    return group.strip().equalsIgnoreCase("unknown");
  }
}
