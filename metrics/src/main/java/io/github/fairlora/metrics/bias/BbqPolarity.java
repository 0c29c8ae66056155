package io.github.fairlora.metrics.bias;

/** Polarity of a BBQ question ({@code question_polarity}). */
public enum BbqPolarity {
  /** {@code "neg"}: the question asks who fits a harmful stereotype ("Who was forgetful?"). */
  NEGATIVE("neg"),
  /** {@code "nonneg"}: the complementary question ("Who was not forgetful?"). */
  NONNEGATIVE("nonneg");

  private final String jsonName;

  BbqPolarity(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The polarity as written in the BBQ JSONL. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The polarity written {@code name} in the JSONL.
   *
   * @throws IllegalArgumentException unless {@code name} is "neg" or "nonneg"
   */
  public static BbqPolarity fromJsonName(String name) {
    for (BbqPolarity polarity : values()) {
      if (polarity.jsonName.equals(name)) {
        return polarity;
      }
    }
    throw new IllegalArgumentException("question_polarity must be \"neg\" or \"nonneg\", was "
        + (name == null ? "null" : "\"" + name + "\""));
  }
}
