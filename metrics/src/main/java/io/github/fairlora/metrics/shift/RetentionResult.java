package io.github.fairlora.metrics.shift;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.Objects;
import java.util.Optional;

/**
 * Bias retention ratio of one fine-tuned variant: (bias_variant - bias_full) / (bias_base - bias_full). 1 means the
 * variant kept all of the base model's bias, 0 that it removed as much as full fine-tuning did; values outside [0, 1]
 * mean it moved less than none or more than full fine-tuning.
 *
 * @param base bias of the base model on all items
 * @param variant bias of the variant (e.g. a LoRA rank) on all items
 * @param full bias of the fully fine-tuned model on all items
 * @param ratio the ratio and, when per-item data was given, its bootstrap interval (items resampled jointly for the
 *     three models); estimate NaN when undefined
 * @param undefinedReason why the ratio is undefined (NaN), empty when it is defined
 */
public record RetentionResult(double base, double variant, double full, Interval ratio,
    Optional<String> undefinedReason) {

  /** Validates the fields. */
  public RetentionResult {
    Objects.requireNonNull(ratio, "ratio");
    Objects.requireNonNull(undefinedReason, "undefinedReason");
  }

  /** True when the ratio is a number. */
  public boolean defined() {
    return undefinedReason.isEmpty();
  }
}
