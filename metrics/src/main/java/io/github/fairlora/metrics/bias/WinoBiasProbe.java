package io.github.fairlora.metrics.bias;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * WinoBias for a language model: scores the pro- and anti-stereotyped version of each sentence and reports the
 * pro - anti gap (mean log-likelihood difference, {@link PairSummary#meanDifference()}) and the share of pairs where
 * the pro version is preferred, with bootstrap intervals over pairs, overall and per category. In the returned
 * {@link PairScore}s the stereotypical score is the pro sentence's.
 */
public final class WinoBiasProbe {
  private final CounterfactualProbe probe;

  private WinoBiasProbe(CounterfactualProbe probe) {
    this.probe = probe;
  }

  /** A probe scoring log-likelihoods with {@code scorer} and default bootstrap settings. */
  public static WinoBiasProbe of(SentenceScorer scorer) {
    return new WinoBiasProbe(CounterfactualProbe.of(scorer));
  }

  /** The same probe aggregating token log-probabilities with {@code aggregation}. */
  public WinoBiasProbe withAggregation(ScoreAggregation aggregation) {
    return new WinoBiasProbe(probe.withAggregation(aggregation));
  }

  /** The same probe drawing intervals with {@code settings}. */
  public WinoBiasProbe withBootstrap(BootstrapSettings settings) {
    return new WinoBiasProbe(probe.withBootstrap(settings));
  }

  /**
   * Scores every pair and summarises; the gap is {@code result.overall().meanDifference()}.
   *
   * @throws IllegalArgumentException when {@code pairs} is empty or a sentence cannot be scored
   */
  public CounterfactualResult evaluate(List<WinoBiasPair> pairs) {
    Objects.requireNonNull(pairs, "pairs");
    List<CounterfactualPair> counterfactuals = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      WinoBiasPair pair = Objects.requireNonNull(pairs.get(i), "pairs[" + i + "]");
      counterfactuals.add(new CounterfactualPair(pair.pro(), pair.anti(), pair.category()));
    }
    return probe.evaluate(counterfactuals);
  }
}
