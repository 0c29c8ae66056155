package io.github.fairlora.metrics.bias;

import io.github.fairlora.datasets.benchmarks.StereoSetExample;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * StereoSet result: scores over all examples (targets pooled across both splits, as the reference evaluation's
 * "overall" does), per bias type, per split, and every example's option scores.
 *
 * @param overall scores over all examples
 * @param byBiasType scores per bias type, in alphabetical order
 * @param byTask scores per split, for the splits present
 * @param examples per-example option scores, in input order
 */
public record StereoSetResult(StereoSetScores overall, Map<String, StereoSetScores> byBiasType,
    Map<StereoSetExample.Task, StereoSetScores> byTask, List<StereoSetExampleScore> examples) {

  /** Copies the collections so the result is immutable. */
  public StereoSetResult {
    Objects.requireNonNull(overall, "overall");
    byBiasType = PairScoring.sortedCopy(byBiasType);
    Map<StereoSetExample.Task, StereoSetScores> tasks = new EnumMap<>(StereoSetExample.Task.class);
    tasks.putAll(byTask);
    byTask = Collections.unmodifiableMap(tasks);
    examples = List.copyOf(examples);
  }
}
