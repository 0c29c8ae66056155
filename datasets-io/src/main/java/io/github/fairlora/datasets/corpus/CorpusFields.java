package io.github.fairlora.datasets.corpus;

import java.util.List;
import java.util.Objects;

/**
 * Which fields (JSONL) or columns (CSV) of a corpus hold the text, the label and the groups.
 *
 * @param text the text field
 * @param label the label field, or null when only texts are read
 * @param groups the group fields, in order
 */
record CorpusFields(String text, String label, List<String> groups) {
  CorpusFields {
    Objects.requireNonNull(text, "text");
    groups = List.copyOf(groups);
  }
}
