package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.List;

/**
 * A privileged group compared with the unprivileged rows in IBM AIF360's convention: signed differences are
 * unprivileged − privileged (negative = the unprivileged side is worse off for selection), and disparate impact is the
 * ratio unprivileged / privileged (1 = parity; the "80% rule" flags values below 0.8). Values carry bootstrap intervals
 * as configured in {@link FairnessOptions}.
 *
 * @param privileged the privileged group
 * @param unprivileged the groups forming the unprivileged side
 * @param privilegedRows number of privileged rows
 * @param unprivilegedRows number of unprivileged rows
 * @param privilegedSelectionRate P(ŷ = 1 | privileged)
 * @param unprivilegedSelectionRate P(ŷ = 1 | unprivileged)
 * @param disparateImpact unprivileged selection rate / privileged selection rate; NaN when the privileged rate is 0
 * @param statisticalParityDifference unprivileged selection rate − privileged selection rate
 * @param equalOpportunityDifference TPR(unprivileged) − TPR(privileged); NaN when a side has no positives
 * @param averageOddsDifference ((FPR_u − FPR_p) + (TPR_u − TPR_p)) / 2; NaN when a side lacks positives or negatives
 */
public record PrivilegedGroupComparison(
    Group privileged,
    List<Group> unprivileged,
    int privilegedRows,
    int unprivilegedRows,
    Interval privilegedSelectionRate,
    Interval unprivilegedSelectionRate,
    Interval disparateImpact,
    Interval statisticalParityDifference,
    Interval equalOpportunityDifference,
    Interval averageOddsDifference) {

  /** Copies the unprivileged groups. */
  public PrivilegedGroupComparison {
    unprivileged = List.copyOf(unprivileged);
  }
}
