package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;

/**
 * The three Civil Comments (Jigsaw unintended-bias) AUCs of one identity subgroup. Each is a ROC AUC
 * ({@link RocAuc}) over a different set of rows, with its bootstrap interval:
 *
 * @param identity the subgroup's name, e.g. "muslim"
 * @param subgroupRows rows mentioning the identity
 * @param subgroupPositives of those, rows labelled positive (toxic)
 * @param subgroupAuc AUC on the subgroup's rows only; low = the classifier confuses toxic and non-toxic comments that
 *     mention the identity; NaN when the subgroup lacks positives or negatives
 * @param bpsnAuc background positive, subgroup negative: AUC on the positive rows outside the subgroup with the
 *     negative rows inside; low = non-toxic mentions of the identity score higher than toxic comments elsewhere
 * @param bnspAuc background negative, subgroup positive: AUC on the negative rows outside with the positive rows
 *     inside; low = toxic mentions of the identity score lower than non-toxic comments elsewhere
 */
public record IdentityAucs(
    String identity, int subgroupRows, int subgroupPositives, Interval subgroupAuc, Interval bpsnAuc, Interval bnspAuc) {}
