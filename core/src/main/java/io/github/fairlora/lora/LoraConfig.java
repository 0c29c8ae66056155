package io.github.fairlora.lora;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An adapter's settings.
 *
 * @param rank            r, the inner dimension of B·A
 * @param alpha           scaling numerator: s = alpha / r, or alpha / √r with rsLoRA
 * @param dropout         dropout on the adapter's input, in [0, 1)
 * @param rankStabilized  rsLoRA scaling
 * @param targets         which projections carry adapters
 * @param layers          which blocks (empty = all)
 */
public record LoraConfig(int rank, float alpha, float dropout, boolean rankStabilized, Set<Target> targets,
    SortedSet<Integer> layers) {

  public LoraConfig {
    if (rank < 1) {
      throw new IllegalArgumentException("rank (" + rank + ") must be positive");
    }
    if (!(alpha > 0) || !Float.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha (" + alpha + ") must be positive and finite");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout (" + dropout + ") must be in [0, 1)");
    }
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("at least one LoRA target is needed");
    }
    targets = Set.copyOf(targets);
    layers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(layers == null ? Set.of() : layers));
  }

  /** The scale s applied to B·A. */
  public float scale() {
    return rankStabilized ? (float) (alpha / Math.sqrt(rank)) : alpha / rank;
  }

  /** True when block {@code index} is targeted. */
  public boolean coversLayer(int index) {
    return layers.isEmpty() || layers.contains(index);
  }
}
