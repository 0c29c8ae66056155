package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.DatasetFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps label values to class indices during one read; not thread-safe. */
final class LabelIndex {
  private final LabelOrder order;
  private final boolean fixed;
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> indices = new HashMap<>();
  private int numericClasses;

  private LabelIndex(LabelOrder order, List<String> fixedNames) {
    this.order = order;
    this.fixed = fixedNames != null;
    if (fixedNames != null) {
      for (String name : fixedNames) {
        if (indices.putIfAbsent(name, names.size()) != null) {
          throw new IllegalArgumentException("class name '" + name + "' appears twice");
        }
        names.add(name);
      }
    }
  }

  /** An index that grows (FIRST_SEEN) or reads numbers (NUMERIC). */
  static LabelIndex growing(LabelOrder order) {
    if (order == LabelOrder.SORTED) {
      throw new IllegalArgumentException("SORTED needs the class names up front");
    }
    return new LabelIndex(order, null);
  }

  /** An index over known class names; other values are malformed. */
  static LabelIndex fixed(List<String> classNames) {
    return new LabelIndex(null, List.copyOf(classNames));
  }

  /** The class index of {@code value}, read at {@code line} of {@code file} in {@code field}. */
  int indexOf(String value, Path file, long line, String field) {
    if (fixed) {
      Integer index = indices.get(value);
      if (index == null) {
        throw DatasetFormatException.malformed(file, line, field, "one of the classes " + names, value);
      }
      return index;
    }
    if (order == LabelOrder.NUMERIC) {
      int index;
      try {
        index = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        index = -1;
      }
      if (index < 0) {
        throw DatasetFormatException.malformed(file, line, field, "a class index (an integer >= 0)", value);
      }
      numericClasses = Math.max(numericClasses, index + 1);
      return index;
    }
    Integer index = indices.get(value);
    if (index == null) {
      index = names.size();
      indices.put(value, index);
      names.add(value);
    }
    return index;
  }

  /** Class names by index so far: for NUMERIC "0" ... "max seen". */
  List<String> classNames() {
    if (!fixed && order == LabelOrder.NUMERIC) {
      List<String> numbers = new ArrayList<>(numericClasses);
      for (int index = 0; index < numericClasses; index++) {
        numbers.add(Integer.toString(index));
      }
      return numbers;
    }
    return List.copyOf(names);
  }
}
