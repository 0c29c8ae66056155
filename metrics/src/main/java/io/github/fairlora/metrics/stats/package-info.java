/**
 * Statistics shared by the metrics: the seeded percentile {@link io.github.fairlora.metrics.stats.Bootstrap}
 * behind every reported interval.
 */
package io.github.fairlora.metrics.stats;
