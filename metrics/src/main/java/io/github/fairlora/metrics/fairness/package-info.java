/**
 * Group fairness of binary classifiers: Fairlearn-style {@link io.github.fairlora.metrics.fairness.MetricFrame}
 * (any metric overall and per group, with group minimum, maximum, differences and ratios), the named Fairlearn
 * disparities in {@link io.github.fairlora.metrics.fairness.GroupFairness}, AIF360's privileged-group convention in
 * {@link io.github.fairlora.metrics.fairness.Aif360Metrics}, and the Civil Comments bias AUCs in
 * {@link io.github.fairlora.metrics.fairness.BiasAucs}. Every value comes with a seeded bootstrap interval when
 * {@link io.github.fairlora.metrics.fairness.FairnessOptions} asks for resamples.
 */
package io.github.fairlora.metrics.fairness;
