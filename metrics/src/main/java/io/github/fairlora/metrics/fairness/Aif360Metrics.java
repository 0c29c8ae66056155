package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.ArrayList;
import java.util.List;

/**
 * Privileged-versus-unprivileged metrics in IBM AIF360's convention (its {@code ClassificationMetric}): the user names
 * the privileged group; the unprivileged side is either one named group or, by default, every other row. Differences
 * are signed, unprivileged − privileged, and disparate impact is unprivileged / privileged selection rate, unlike
 * {@link GroupFairness}, whose Fairlearn differences are unsigned max − min over all groups.
 *
 * <p>A named group with no rows is an error naming it and listing the groups present, as is an empty unprivileged
 * side. Disparate impact is NaN when the privileged selection rate is 0 (AIF360 divides by zero there).
 */
public final class Aif360Metrics {
  private Aif360Metrics() {}

  /** Disparate impact, unprivileged (all non-privileged rows) / privileged selection rate, point estimate. */
  public static double disparateImpact(Predictions predictions, SensitiveFeatures features, Group privileged) {
    return compare(predictions, features, privileged, FairnessOptions.pointEstimates()).disparateImpact().estimate();
  }

  /** Statistical parity difference, unprivileged − privileged selection rate, point estimate. */
  public static double statisticalParityDifference(
      Predictions predictions, SensitiveFeatures features, Group privileged) {
    return compare(predictions, features, privileged, FairnessOptions.pointEstimates())
        .statisticalParityDifference().estimate();
  }

  /** {@code privileged} against all other rows, with the options' intervals. */
  public static PrivilegedGroupComparison compare(
      Predictions predictions, SensitiveFeatures features, Group privileged, FairnessOptions options) {
    return compare(predictions, features, privileged, null, options);
  }

  /**
   * {@code privileged} against the single group {@code unprivileged} (rows of other groups are ignored), or against
   * all other rows when {@code unprivileged} is null, with the options' intervals.
   */
  public static PrivilegedGroupComparison compare(Predictions predictions, SensitiveFeatures features,
      Group privileged, Group unprivileged, FairnessOptions options) {
    GroupIndex index = MetricFrame.index(predictions, features);
    if (privileged == null || options == null) {
      throw new NullPointerException("privileged group and options must not be null");
    }
    predictions.requirePredictedLabels("disparate impact");
    int privilegedNumber = index.require(privileged, "privileged");
    int unprivilegedNumber = unprivileged == null ? -1 : index.require(unprivileged, "unprivileged");
    if (privileged.equals(unprivileged)) {
      throw new IllegalArgumentException("group " + privileged + " is named both privileged and unprivileged");
    }
    List<Group> unprivilegedGroups = new ArrayList<>();
    int unprivilegedRows = 0;
    for (int g = 0; g < index.groups().size(); g++) {
      if (g != privilegedNumber && (unprivilegedNumber < 0 || g == unprivilegedNumber)) {
        unprivilegedGroups.add(index.groups().get(g));
        unprivilegedRows += index.sizes().get(index.groups().get(g));
      }
    }
    if (unprivilegedRows == 0) {
      throw new IllegalArgumentException("every row is in the privileged group " + privileged
          + "; there are no unprivileged rows to compare with");
    }
    Sides sides = new Sides(index, privilegedNumber, unprivilegedNumber);
    ClassificationMetric selection = ClassificationMetric.selectionRate();
    ClassificationMetric tpr = ClassificationMetric.truePositiveRate();
    ClassificationMetric fpr = ClassificationMetric.falsePositiveRate();
    Interval[] intervals = JointBootstrap.intervals(predictions.size(), rows -> {
      int[] privilegedRows = sides.privileged(rows);
      int[] otherRows = sides.unprivileged(rows);
      double privilegedRate = selection.compute(predictions, privilegedRows);
      double unprivilegedRate = selection.compute(predictions, otherRows);
      double tprGap = tpr.compute(predictions, otherRows) - tpr.compute(predictions, privilegedRows);
      double fprGap = fpr.compute(predictions, otherRows) - fpr.compute(predictions, privilegedRows);
      return new double[] {
          privilegedRate,
          unprivilegedRate,
          privilegedRate == 0 ? Double.NaN : unprivilegedRate / privilegedRate,
          unprivilegedRate - privilegedRate,
          tprGap,
          0.5 * (fprGap + tprGap)};
    }, options);
    return new PrivilegedGroupComparison(privileged, unprivilegedGroups, index.sizes().get(privileged),
        unprivilegedRows, intervals[0], intervals[1], intervals[2], intervals[3], intervals[4], intervals[5]);
  }

  /** Picks the privileged and unprivileged rows out of a sample. */
  private static final class Sides {
    private final GroupIndex index;
    private final int privileged;
    private final int unprivileged; // -1: every group but the privileged one

    Sides(GroupIndex index, int privileged, int unprivileged) {
      this.index = index;
      this.privileged = privileged;
      this.unprivileged = unprivileged;
    }

    int[] privileged(int[] rows) {
      return index.rowsOf(privileged, rows);
    }

    int[] unprivileged(int[] rows) {
      int count = 0;
      for (int row : rows) {
        if (isUnprivileged(index.groupOf(row))) {
          count++;
        }
      }
      int[] selected = new int[count];
      int next = 0;
      for (int row : rows) {
        if (isUnprivileged(index.groupOf(row))) {
          selected[next++] = row;
        }
      }
      return selected;
    }

    private boolean isUnprivileged(int group) {
      return unprivileged < 0 ? group != privileged : group == unprivileged;
    }
  }
}
