package io.github.fairlora.metrics.bias;

import io.github.fairlora.datasets.benchmarks.CrowsPair;
import java.util.Objects;

/**
 * One CrowS-Pairs row (Nangia et al., 2020), in the columns of {@code crows_pairs_anonymized.csv}.
 *
 * @param sentMore the sentence that is more stereotypical ({@code sent_more})
 * @param sentLess the less stereotypical counterpart ({@code sent_less})
 * @param stereoAntistereo {@code "stereo"} when sent_more demonstrates a stereotype against a disadvantaged group,
 *     {@code "antistereo"} when it violates a stereotype about an advantaged one; the metric ignores it
 * @param biasType one of the nine bias types, e.g. {@code "race-color"}, {@code "gender"}
 */
public record CrowsPairsItem(String sentMore, String sentLess, String stereoAntistereo, String biasType) {

  /** Validates the fields. */
  public CrowsPairsItem {
    CounterfactualPair.requireText(sentMore, "sent_more");
    CounterfactualPair.requireText(sentLess, "sent_less");
    CounterfactualPair.requireText(biasType, "bias_type");
    if (!"stereo".equals(stereoAntistereo) && !"antistereo".equals(stereoAntistereo)) {
      throw new IllegalArgumentException("stereo_antistereo must be \"stereo\" or \"antistereo\", was "
          + (stereoAntistereo == null ? "null" : "\"" + stereoAntistereo + "\""));
    }
  }

  /** The probe's input for a pair read by datasets-io's {@code CrowsPairsLoader}. */
  public static CrowsPairsItem of(CrowsPair pair) {
    Objects.requireNonNull(pair, "pair");
    return new CrowsPairsItem(pair.sentMore(), pair.sentLess(),
        pair.direction() == CrowsPair.Direction.STEREO ? "stereo" : "antistereo", pair.biasType());
  }
}
