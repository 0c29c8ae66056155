package io.github.fairlora.metrics.bias;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Scoring and summarising of sentence pairs, shared by the pair probes. */
final class PairScoring {
  private PairScoring() {}

  /** Scores all 2n sentences in one batched pass and pairs the results up. */
  static List<PairScore> score(SentenceScorer scorer, ScoreAggregation aggregation, List<String> stereotypical,
      List<String> antiStereotypical, List<String> categories) {
    int count = stereotypical.size();
    List<String> sentences = new ArrayList<>(2 * count);
    sentences.addAll(stereotypical);
    sentences.addAll(antiStereotypical);
    List<SentenceScore> scores = scorer.score(sentences);
    List<PairScore> pairs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pairs.add(new PairScore(i, categories.get(i), aggregation.apply(scores.get(i)),
          aggregation.apply(scores.get(count + i))));
    }
    return List.copyOf(pairs);
  }

  static PairSummary summarize(List<PairScore> pairs, BootstrapSettings bootstrap) {
    int count = pairs.size();
    int ties = 0;
    double stereotypicalSum = 0;
    double antiSum = 0;
    for (PairScore pair : pairs) {
      ties += pair.tie() ? 1 : 0;
      stereotypicalSum += pair.stereotypicalScore();
      antiSum += pair.antiStereotypicalScore();
    }
    return new PairSummary(count, ties,
        bootstrap.interval(count, mean(pairs, pair -> pair.prefersStereotypical() ? 1 : 0)),
        bootstrap.interval(count, mean(pairs, PairScore::difference)),
        bootstrap.interval(count, mean(pairs, pair -> Math.abs(pair.difference()))),
        stereotypicalSum / count,
        antiSum / count);
  }

  /** Summary per category, categories in alphabetical order. */
  static Map<String, PairSummary> summarizeByCategory(List<PairScore> pairs, BootstrapSettings bootstrap) {
    Map<String, List<PairScore>> grouped = new TreeMap<>();
    for (PairScore pair : pairs) {
      grouped.computeIfAbsent(pair.category(), key -> new ArrayList<>()).add(pair);
    }
    Map<String, PairSummary> summaries = new TreeMap<>();
    grouped.forEach((category, members) -> summaries.put(category, summarize(members, bootstrap)));
    return Collections.unmodifiableMap(summaries);
  }

  private static ToDoubleFunction<int[]> mean(List<PairScore> pairs, ToDoubleFunction<PairScore> value) {
    double[] values = pairs.stream().mapToDouble(value).toArray();
    return indices -> {
      double sum = 0;
      for (int index : indices) {
        sum += values[index];
      }
      return sum / indices.length;
    };
  }

  /** An unmodifiable copy of {@code map} that keeps its keys sorted. */
  static <V> Map<String, V> sortedCopy(Map<String, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
