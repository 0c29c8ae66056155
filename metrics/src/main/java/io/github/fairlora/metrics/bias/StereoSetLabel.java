package io.github.fairlora.metrics.bias;

/** Gold label of a StereoSet sentence. */
public enum StereoSetLabel {
  /** {@code "stereotype"}. */
  STEREOTYPE("stereotype"),
  /** {@code "anti-stereotype"}. */
  ANTI_STEREOTYPE("anti-stereotype"),
  /** {@code "unrelated"}: a meaningless or unrelated option, used by the language-modelling score. */
  UNRELATED("unrelated");

  private final String jsonName;

  StereoSetLabel(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The label as written in the StereoSet JSON {@code gold_label} field. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The label written {@code name} in the JSON.
   *
   * @throws IllegalArgumentException for any other string
   */
  public static StereoSetLabel fromJsonName(String name) {
    for (StereoSetLabel label : values()) {
      if (label.jsonName.equals(name)) {
        return label;
      }
    }
    throw new IllegalArgumentException("gold_label must be one of \"stereotype\", \"anti-stereotype\", \"unrelated\","
        + " was " + (name == null ? "null" : "\"" + name + "\""));
  }
}
