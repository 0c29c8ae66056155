package io.github.fairlora.metrics.fairness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One or several named sensitive features, each with one value per row. With several features a row's group is the
 * tuple of its values (the intersection), as in Fairlearn's MetricFrame with several sensitive feature columns. Only
 * groups that occur in the rows exist: an intersection with no rows is not reported (Fairlearn's groupby does the
 * same).
 *
 * <p>Immutable; {@link #and(String, String[])} returns a new instance.
 */
public final class SensitiveFeatures {
  private final Map<String, String[]> columns; // insertion-ordered, arrays copied
  private final int rows;

  private SensitiveFeatures(Map<String, String[]> columns, int rows) {
    this.columns = columns;
    this.rows = rows;
  }

  /** One sensitive feature called {@code name} with one value per row (no nulls). */
  public static SensitiveFeatures of(String name, String[] values) {
    return new SensitiveFeatures(new LinkedHashMap<>(), -1).and(name, values);
  }

  /** One sensitive feature called {@code name} with one value per row (no nulls). */
  public static SensitiveFeatures of(String name, List<String> values) {
    if (values == null) {
      throw new NullPointerException("values of sensitive feature '" + name + "' must not be null");
    }
    return of(name, values.toArray(String[]::new));
  }

  /**
   * These features plus one more, called {@code name}, with one value per row; it must have as many values as the
   * features already given.
   */
  public SensitiveFeatures and(String name, String[] values) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a sensitive feature needs a non-blank name");
    }
    if (columns.containsKey(name)) {
      throw new IllegalArgumentException("sensitive feature '" + name + "' was given twice");
    }
    if (values == null) {
      throw new NullPointerException("values of sensitive feature '" + name + "' must not be null");
    }
    if (rows >= 0 && values.length != rows) {
      String first = columns.keySet().iterator().next();
      throw new IllegalArgumentException("sensitive feature '" + name + "' has " + values.length
          + " values but sensitive feature '" + first + "' has " + rows);
    }
    for (int row = 0; row < values.length; row++) {
      if (values[row] == null) {
        throw new IllegalArgumentException("sensitive feature '" + name + "' has a null value at row " + row);
      }
    }
    Map<String, String[]> copy = new LinkedHashMap<>(columns);
    copy.put(name, Arrays.copyOf(values, values.length));
    return new SensitiveFeatures(copy, values.length);
  }

  /** The feature names, in the order given (the order of the values in every {@link Group}). */
  public List<String> names() {
    return List.copyOf(columns.keySet());
  }

  /** Number of rows. */
  public int size() {
    return rows;
  }

  /** The group of {@code row}: its value for every feature. */
  public Group groupOf(int row) {
    List<String> values = new ArrayList<>(columns.size());
    for (String[] column : columns.values()) {
      values.add(column[row]);
    }
    return new Group(values);
  }

  /** The groups that occur, sorted, with their row counts. */
  public Map<Group, Integer> groupSizes() {
    Map<Group, Integer> sizes = new TreeMap<>();
    for (int row = 0; row < rows; row++) {
      sizes.merge(groupOf(row), 1, Integer::sum);
    }
    return Collections.unmodifiableMap(sizes);
  }

  /** Fails, naming both lengths, unless there is one value per prediction row. */
  void requireRows(int predictionRows) {
    if (rows != predictionRows) {
      throw new IllegalArgumentException("sensitive features have " + rows + " rows but predictions have "
          + predictionRows + "; they must describe the same rows");
    }
  }
}
