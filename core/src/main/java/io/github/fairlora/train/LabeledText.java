package io.github.fairlora.train;

import java.util.Objects;

/** One example for the sequence-classification head: a text and its class index in [0, numberOfClasses). */
public record LabeledText(String text, int label) {
  public LabeledText {
    Objects.requireNonNull(text, "text");
    if (label < 0) {
      throw new IllegalArgumentException("label (" + label + ") must be a class index >= 0");
    }
  }
}
