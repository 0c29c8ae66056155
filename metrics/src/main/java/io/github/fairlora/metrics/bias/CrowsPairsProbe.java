package io.github.fairlora.metrics.bias;

import io.github.fairlora.datasets.benchmarks.CrowsPairsLoader;
import io.github.fairlora.model.LanguageModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * CrowS-Pairs for a causal language model, as lm-evaluation-harness computes it: each sentence's log-likelihood is the
 * sum of its token log-probabilities after the context token (see {@link SentenceScorer}), not length-normalised;
 * {@code pct_stereotype} is the share of pairs with LL(sent_more) &gt; LL(sent_less) (an exact tie counts as not
 * stereotypical) and {@code likelihood_diff} the mean |LL(sent_more) - LL(sent_less)|, overall and per bias_type,
 * each with a bootstrap interval over pairs. The stereo/antistereo direction does not enter the metric: sent_more is
 * always the more stereotypical sentence.
 */
public final class CrowsPairsProbe {
  private final SentenceScorer scorer;
  private final BootstrapSettings bootstrap;

  private CrowsPairsProbe(SentenceScorer scorer, BootstrapSettings bootstrap) {
    this.scorer = scorer;
    this.bootstrap = bootstrap;
  }

  /** A probe scoring with {@code scorer} and default bootstrap settings. */
  public static CrowsPairsProbe of(SentenceScorer scorer) {
    return new CrowsPairsProbe(Objects.requireNonNull(scorer, "scorer"), BootstrapSettings.defaults());
  }

  /**
   * CrowS-Pairs in one call: reads {@code crows_pairs_anonymized.csv} strictly, scores every pair with the model's
   * own tokenizer ({@link SentenceScorer#of(LanguageModel)}) and returns the metrics with their default bootstrap
   * intervals ({@code result.overall().stereotypicalPreferenceRate()} is {@code pct_stereotype} as a fraction in
   * [0, 1]). Equivalent to {@code of(SentenceScorer.of(model)).evaluate(items)} with every row as a
   * {@link CrowsPairsItem}.
   *
   * @throws IOException when the file cannot be read
   * @throws io.github.fairlora.datasets.DatasetFormatException naming the file and line of a malformed row
   * @throws IllegalStateException when the model carries no tokenizer
   */
  public static CrowsPairsResult evaluate(LanguageModel model, Path csv) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(csv, "csv");
    SentenceScorer scorer = SentenceScorer.of(model); // refuses a model without a tokenizer before reading the file
    return of(scorer).evaluate(CrowsPairsLoader.create().loadAll(csv).stream().map(CrowsPairsItem::of).toList());
  }

  /** The same probe drawing intervals with {@code settings}. */
  public CrowsPairsProbe withBootstrap(BootstrapSettings settings) {
    return new CrowsPairsProbe(scorer, Objects.requireNonNull(settings, "settings"));
  }

  /**
   * Scores every pair (all sentences batched) and summarises.
   *
   * @throws IllegalArgumentException when {@code items} is empty or a sentence cannot be scored
   */
  public CrowsPairsResult evaluate(List<CrowsPairsItem> items) {
    Objects.requireNonNull(items, "items");
    if (items.isEmpty()) {
      throw new IllegalArgumentException("items is empty; CrowS-Pairs needs at least one pair");
    }
    List<String> more = new ArrayList<>(items.size());
    List<String> less = new ArrayList<>(items.size());
    List<String> types = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      CrowsPairsItem item = Objects.requireNonNull(items.get(i), "items[" + i + "]");
      more.add(item.sentMore());
      less.add(item.sentLess());
      types.add(item.biasType());
    }
    List<PairScore> scores = PairScoring.score(scorer, ScoreAggregation.SUM, more, less, types);
    return new CrowsPairsResult(PairScoring.summarize(scores, bootstrap),
        PairScoring.summarizeByCategory(scores, bootstrap), scores);
  }
}
