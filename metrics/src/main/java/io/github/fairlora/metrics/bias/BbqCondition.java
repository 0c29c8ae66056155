package io.github.fairlora.metrics.bias;

/** Context condition of a BBQ item ({@code context_condition}). */
public enum BbqCondition {
  /** {@code "ambig"}: the context does not say who; the correct answer is the "unknown" option. */
  AMBIGUOUS("ambig"),
  /** {@code "disambig"}: the context names the answer. */
  DISAMBIGUATED("disambig");

  private final String jsonName;

  BbqCondition(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The condition as written in the BBQ JSONL. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The condition written {@code name} in the JSONL.
   *
   * @throws IllegalArgumentException unless {@code name} is "ambig" or "disambig"
   */
  public static BbqCondition fromJsonName(String name) {
    for (BbqCondition condition : values()) {
      if (condition.jsonName.equals(name)) {
        return condition;
      }
    }
    throw new IllegalArgumentException("context_condition must be \"ambig\" or \"disambig\", was "
        + (name == null ? "null" : "\"" + name + "\""));
  }
}
