/**
 * Counterfactual data augmentation: {@link io.github.fairlora.datasets.augment.CounterfactualAugmenter} swaps
 * protected-attribute terms ("he" ↔ "she", "john" ↔ "mary", user pairs for any axis) read from replaceable
 * {@link io.github.fairlora.datasets.augment.TermPairs} files, and reports each swap in a
 * {@link io.github.fairlora.datasets.augment.SwapResult}.
 */
package io.github.fairlora.datasets.augment;
