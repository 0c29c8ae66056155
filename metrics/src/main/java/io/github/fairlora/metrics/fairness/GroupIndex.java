package io.github.fairlora.metrics.fairness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The groups of a {@link SensitiveFeatures}, sorted, and each row's group number; splits row samples by group. */
final class GroupIndex {
  private final List<Group> groups;
  private final Map<Group, Integer> sizes;
  private final int[] groupOfRow;

  GroupIndex(SensitiveFeatures features) {
    sizes = features.groupSizes();
    groups = List.copyOf(sizes.keySet());
    Map<Group, Integer> number = new HashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      number.put(groups.get(g), g);
    }
    groupOfRow = new int[features.size()];
    for (int row = 0; row < groupOfRow.length; row++) {
      groupOfRow[row] = number.get(features.groupOf(row));
    }
  }

  List<Group> groups() {
    return groups;
  }

  Map<Group, Integer> sizes() {
    return sizes;
  }

  int groupOf(int row) {
    return groupOfRow[row];
  }

  /** Position of {@code group} in {@link #groups()}; fails naming it, and the groups present, when it is absent. */
  int require(Group group, String role) {
    int position = groups.indexOf(group);
    if (position < 0) {
      throw new IllegalArgumentException(role + " group " + group + " has no rows; the groups present are " + groups);
    }
    return position;
  }

  /** {@code rows} split by group: element g holds the rows (repeats kept) of group g, possibly none. */
  int[][] split(int[] rows) {
    int[] counts = new int[groups.size()];
    for (int row : rows) {
      counts[groupOfRow[row]]++;
    }
    int[][] parts = new int[groups.size()][];
    for (int g = 0; g < parts.length; g++) {
      parts[g] = new int[counts[g]];
    }
    int[] filled = new int[groups.size()];
    for (int row : rows) {
      int g = groupOfRow[row];
      parts[g][filled[g]++] = row;
    }
    return parts;
  }

  /** The rows of group {@code group} among {@code rows} (empty when the group is absent from them). */
  int[] rowsOf(int group, int[] rows) {
    int count = 0;
    for (int row : rows) {
      if (groupOfRow[row] == group) {
        count++;
      }
    }
    int[] selected = new int[count];
    int next = 0;
    for (int row : rows) {
      if (groupOfRow[row] == group) {
        selected[next++] = row;
      }
    }
    return selected;
  }

  /**
   * The metric of every group over {@code rows}. A group with no rows among them (absent from a bootstrap resample)
   * is NaN without calling the metric.
   */
  double[] groupValues(ClassificationMetric metric, Predictions data, int[] rows) {
    int[][] parts = split(rows);
    double[] values = new double[parts.length];
    for (int g = 0; g < parts.length; g++) {
      values[g] = parts[g].length == 0 ? Double.NaN : metric.compute(data, parts[g]);
    }
    return values;
  }
}
