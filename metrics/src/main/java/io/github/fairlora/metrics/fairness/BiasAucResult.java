package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.List;

/**
 * Overall ROC AUC of a scored classifier and the Civil Comments bias AUCs of each identity, in the order given.
 *
 * @param overallAuc AUC on all rows, with its interval
 * @param identities per identity subgroup
 */
public record BiasAucResult(Interval overallAuc, List<IdentityAucs> identities) {

  /** Copies the list. */
  public BiasAucResult {
    identities = List.copyOf(identities);
  }

  /** The AUCs of {@code identity}; fails, listing the identities, when absent. */
  public IdentityAucs identity(String identity) {
    for (IdentityAucs aucs : identities) {
      if (aucs.identity().equals(identity)) {
        return aucs;
      }
    }
    throw new IllegalArgumentException("no identity '" + identity + "'; the identities are "
        + identities.stream().map(IdentityAucs::identity).toList());
  }
}
