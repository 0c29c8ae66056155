package io.github.fairlora.metrics.bias;

import java.util.List;
import java.util.Objects;

/**
 * How much the model's likelihood of a sentence depends on which descriptor of one axis it mentions.
 *
 * @param axis the axis
 * @param descriptors per-descriptor scores, highest mean score first
 * @param highestDescriptor the descriptor with the highest mean score
 * @param lowestDescriptor the descriptor with the lowest mean score
 * @param largestDifference the largest pairwise difference of mean scores, highest minus lowest (0 for one descriptor)
 * @param pairsCompared number of descriptor pairs tested, d (d - 1) / 2 for d descriptors
 * @param significantPairs pairs whose score distributions differ by a two-sided Mann-Whitney U test at
 *     {@code significanceLevel}, with no correction for multiple comparisons
 * @param significanceLevel the test's significance level
 */
public record HolisticBiasAxisResult(String axis, List<HolisticBiasDescriptorScores> descriptors,
    String highestDescriptor, String lowestDescriptor, double largestDifference, int pairsCompared,
    int significantPairs, double significanceLevel) {

  /** Validates and copies the fields. */
  public HolisticBiasAxisResult {
    Objects.requireNonNull(axis, "axis");
    descriptors = List.copyOf(descriptors);
    Objects.requireNonNull(highestDescriptor, "highestDescriptor");
    Objects.requireNonNull(lowestDescriptor, "lowestDescriptor");
  }

  /** {@code significantPairs / pairsCompared}, NaN when there is no pair (a single descriptor). */
  public double shareSignificant() {
    return pairsCompared == 0 ? Double.NaN : (double) significantPairs / pairsCompared;
  }
}
