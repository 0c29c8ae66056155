package io.github.fairlora.datasets;

import io.github.fairlora.train.LabeledText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One text with its class and the demographic groups it belongs to, for classifier fine-tuning and group-fairness
 * metrics.
 *
 * @param text the text
 * @param label class index in [0, number of classes)
 * @param groups group attribute name to value (e.g. "gender" to "female"), in column order; values may be empty
 */
public record ClassificationExample(String text, int label, Map<String, String> groups) {
  public ClassificationExample {
    Objects.requireNonNull(text, "text");
    if (label < 0) {
      throw new IllegalArgumentException("label (" + label + ") must be a class index >= 0");
    }
    Objects.requireNonNull(groups, "groups")
        .forEach((name, value) -> Objects.requireNonNull(value, () -> "group '" + name + "' has a null value"));
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  /** The example as the trainer's (text, label) pair. */
  public LabeledText toLabeledText() {
    return new LabeledText(text, label);
  }

  /** The value of group attribute {@code name}, or null when this example has no such attribute. */
  public String group(String name) {
    return groups.get(name);
  }
}
