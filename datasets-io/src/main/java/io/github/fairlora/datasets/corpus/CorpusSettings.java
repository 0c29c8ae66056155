package io.github.fairlora.datasets.corpus;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** What the CSV and JSONL corpus builders share: fields, label order or fixed class names. */
final class CorpusSettings {
  String text;
  String label;
  List<String> groups;
  LabelOrder order;
  List<String> classNames;

  void text(String name) {
    requireUnset(text, "text field");
    text = requireName(name, "text field");
  }

  void label(String name) {
    requireUnset(label, "label field");
    label = requireName(name, "label field");
  }

  void groups(List<String> names) {
    requireUnset(groups, "group fields");
    names.forEach(name -> requireName(name, "group field"));
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("group fields " + names + " name a field twice");
    }
    groups = List.copyOf(names);
  }

  void order(LabelOrder value) {
    requireUnset(order, "labelOrder");
    if (classNames != null) {
      throw new IllegalStateException("classNames were given; a label order does not apply");
    }
    order = Objects.requireNonNull(value, "labelOrder");
  }

  void classNames(List<String> names) {
    requireUnset(classNames, "classNames");
    if (order != null) {
      throw new IllegalStateException("a label order was given; classNames do not apply");
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("classNames must not be empty");
    }
    classNames = List.copyOf(names);
    if (classNames.stream().distinct().count() != classNames.size()) {
      throw new IllegalArgumentException("classNames " + classNames + " hold a name twice");
    }
  }

  /** An independent copy, so that a built loader does not change when its builder is used again. */
  CorpusSettings copy() {
    CorpusSettings copy = new CorpusSettings();
    copy.text = text;
    copy.label = label;
    copy.groups = groups;
    copy.order = order;
    copy.classNames = classNames;
    return copy;
  }

  CorpusFields fields(boolean withLabel) {
    if (text == null) {
      throw new IllegalStateException("the text field must be set");
    }
    if (withLabel && label == null) {
      throw new IllegalStateException("the label field must be set");
    }
    return new CorpusFields(text, withLabel ? label : null, groups == null ? List.of() : groups);
  }

  /** Opens a reader, first collecting the label values when the order is SORTED. */
  ClassificationReader open(String format, io.github.fairlora.datasets.ReadMode mode, SourceFactory sources)
      throws IOException {
    CorpusFields fields = fields(true);
    LabelIndex index;
    if (classNames != null) {
      index = LabelIndex.fixed(classNames);
    } else if ((order == null ? LabelOrder.SORTED : order) == LabelOrder.SORTED) {
      TreeSet<String> values = new TreeSet<>();
      try (RowSource first = sources.open(fields)) {
        RawRow row;
        while ((row = first.next()) != null) {
          if (row.problem() == null) {
            values.add(row.label());
          }
        }
      }
      index = LabelIndex.fixed(List.copyOf(values));
    } else {
      index = LabelIndex.growing(order);
    }
    RowSource source = sources.open(fields);
    try {
      return new ClassificationReader(format, mode, source, index, fields.label());
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** Opens a fresh row source. */
  interface SourceFactory {
    RowSource open(CorpusFields fields) throws IOException;
  }

  private static void requireUnset(Object value, String name) {
    if (value != null) {
      throw new IllegalStateException(name + " was already set");
    }
  }

  private static String requireName(String name, String what) {
    if (Objects.requireNonNull(name, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return name;
  }
}
