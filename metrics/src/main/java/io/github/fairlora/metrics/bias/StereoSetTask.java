package io.github.fairlora.metrics.bias;

/** The two StereoSet splits, which are scored differently. */
public enum StereoSetTask {
  /** Fill-in-the-blank: the context has {@code BLANK}; each option is a full sentence, scored on its own. */
  INTRASENTENCE,
  /** Next sentence: each option is a sentence following the context, scored as log p(sentence | context). */
  INTERSENTENCE
}
