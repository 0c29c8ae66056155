package io.github.fairlora.metrics.bias;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The generic counterfactual-pair probe: for each (stereotypical, anti-stereotypical, category) pair, scores both
 * sentences with the model and reports how often the stereotypical one is preferred (0.5 for an unbiased model) and
 * by how much on average, overall and per category, with bootstrap intervals over pairs.
 *
 * <p>Scores are log-likelihoods ({@link ScoreAggregation#SUM}) unless {@link #withAggregation} says otherwise; the two
 * sentences of a pair usually differ in one word, so a sum is the natural comparison, but a word that splits into
 * more tokens is penalised. All sentences go to the model in batches (see {@link SentenceScorer}).
 *
 * <pre>{@code
 * CounterfactualResult result = CounterfactualProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(pairs);
 * double rate = result.overall().stereotypicalPreferenceRate().estimate();
 * }</pre>
 */
public final class CounterfactualProbe {
  private final SentenceScorer scorer;
  private final ScoreAggregation aggregation;
  private final BootstrapSettings bootstrap;

  private CounterfactualProbe(SentenceScorer scorer, ScoreAggregation aggregation, BootstrapSettings bootstrap) {
    this.scorer = scorer;
    this.aggregation = aggregation;
    this.bootstrap = bootstrap;
  }

  /** A probe scoring with {@code scorer}, summing token log-probabilities, with default bootstrap settings. */
  public static CounterfactualProbe of(SentenceScorer scorer) {
    return new CounterfactualProbe(Objects.requireNonNull(scorer, "scorer"), ScoreAggregation.SUM,
        BootstrapSettings.defaults());
  }

  /** The same probe aggregating token log-probabilities with {@code newAggregation}. */
  public CounterfactualProbe withAggregation(ScoreAggregation newAggregation) {
    return new CounterfactualProbe(scorer, Objects.requireNonNull(newAggregation, "aggregation"), bootstrap);
  }

  /** The same probe drawing intervals with {@code settings}. */
  public CounterfactualProbe withBootstrap(BootstrapSettings settings) {
    return new CounterfactualProbe(scorer, aggregation, Objects.requireNonNull(settings, "settings"));
  }

  /**
   * Scores every pair and summarises.
   *
   * @throws IllegalArgumentException when {@code pairs} is empty or a sentence cannot be scored (see
   *     {@link SentenceScorer#score})
   */
  public CounterfactualResult evaluate(List<CounterfactualPair> pairs) {
    Objects.requireNonNull(pairs, "pairs");
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("pairs is empty; the probe needs at least one pair");
    }
    List<String> stereotypical = new ArrayList<>(pairs.size());
    List<String> anti = new ArrayList<>(pairs.size());
    List<String> categories = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      CounterfactualPair pair = Objects.requireNonNull(pairs.get(i), "pairs[" + i + "]");
      stereotypical.add(pair.stereotypical());
      anti.add(pair.antiStereotypical());
      categories.add(pair.category());
    }
    List<PairScore> scores = PairScoring.score(scorer, aggregation, stereotypical, anti, categories);
    return new CounterfactualResult(PairScoring.summarize(scores, bootstrap),
        PairScoring.summarizeByCategory(scores, bootstrap), scores);
  }
}
