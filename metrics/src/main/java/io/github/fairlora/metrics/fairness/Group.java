package io.github.fairlora.metrics.fairness;

import java.util.List;

/**
 * A group of rows: one value per sensitive feature, in the order the features were given to
 * {@link SensitiveFeatures} (a single value for one feature, a tuple for an intersection). Groups order
 * lexicographically, value by value, by {@link String#compareTo}: Fairlearn sorts its groups too, though by the
 * features' own types (so numbers given as text sort as text here: "10" before "9").
 *
 * @param values the feature values, one per sensitive feature; none null
 */
public record Group(List<String> values) implements Comparable<Group> {

  /** Copies {@code values} and checks that there is at least one and none is null. */
  public Group {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one feature value");
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException("group value " + i + " is null");
      }
    }
    values = List.copyOf(values);
  }

  /** A group given by its feature values, one per sensitive feature. */
  public static Group of(String... values) {
    return new Group(List.of(values));
  }

  /** Number of feature values (the number of sensitive features). */
  public int arity() {
    return values.size();
  }

  @Override
  public int compareTo(Group other) {
    int shared = Math.min(values.size(), other.values.size());
    for (int i = 0; i < shared; i++) {
      int order = values.get(i).compareTo(other.values.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(values.size(), other.values.size());
  }

  /** The single value for one feature, otherwise the tuple as {@code (a, b)}. */
  @Override
  public String toString() {
    return values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")";
  }
}
