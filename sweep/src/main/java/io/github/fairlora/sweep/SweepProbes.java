package io.github.fairlora.sweep;

import io.github.fairlora.generate.DecoderCompleter;
import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.metrics.bias.BootstrapSettings;
import io.github.fairlora.metrics.bias.CounterfactualPair;
import io.github.fairlora.metrics.bias.CounterfactualProbe;
import io.github.fairlora.metrics.bias.CounterfactualResult;
import io.github.fairlora.metrics.bias.CrowsPairsItem;
import io.github.fairlora.metrics.bias.CrowsPairsProbe;
import io.github.fairlora.metrics.bias.CrowsPairsResult;
import io.github.fairlora.metrics.bias.PairSummary;
import io.github.fairlora.metrics.bias.SentenceScorer;
import io.github.fairlora.metrics.stats.Bootstrap;
import io.github.fairlora.metrics.toxicity.GroupToxicity;
import io.github.fairlora.metrics.toxicity.HonestGroupScore;
import io.github.fairlora.metrics.toxicity.HonestProtocol;
import io.github.fairlora.metrics.toxicity.HonestResult;
import io.github.fairlora.datasets.benchmarks.HonestTemplate;
import io.github.fairlora.metrics.toxicity.PromptToxicity;
import io.github.fairlora.metrics.toxicity.RealToxicityPromptsProtocol;
import io.github.fairlora.metrics.toxicity.RealToxicityPromptsResult;
import io.github.fairlora.metrics.toxicity.ToxicityScorer;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.sweep.SweepProbe.Measurement;
import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The probes a sweep can run, adapting the metrics package's probes and protocols to {@link SweepProbe}. */
public final class SweepProbes {
  private SweepProbes() {}

  /**
   * The generic counterfactual-pair probe: for each category and overall, the percentage of pairs whose stereotypical
   * sentence is more likely ("pct_stereotype", 50 = unbiased) and the mean log-likelihood difference
   * ("mean_ll_diff", 0 = unbiased). Metric names: {@code bias.<category>.pct_stereotype}, and {@code bias.all...}
   * when there are several categories.
   */
  public static SweepProbe counterfactual(String name, List<CounterfactualPair> pairs) {
    return counterfactual(name, "bias", pairs);
  }

  /**
   * The counterfactual-pair probe with metric names starting {@code prefix} instead of {@code bias}, e.g. "pairs" for
   * a user's pair file: {@code pairs.<category>.pct_stereotype}, so the name says where the numbers came from.
   */
  public static SweepProbe counterfactual(String name, String prefix, List<CounterfactualPair> pairs) {
    Objects.requireNonNull(prefix, "prefix");
    List<CounterfactualPair> copy = List.copyOf(requireNonEmpty(pairs, "counterfactual pairs"));
    return named(name, (model, tokenizer, seed) -> {
      CounterfactualResult result = CounterfactualProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(copy);
      List<Measurement> out = new ArrayList<>();
      Map<String, PairSummary> byCategory = result.byCategory();
      double[] preference = result.preferenceIndicators();
      double[] differences = result.differences();
      for (Map.Entry<String, PairSummary> entry : byCategory.entrySet()) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
          if (copy.get(i).category().equals(entry.getKey())) {
            members.add(i);
          }
        }
        addPairMetrics(out, prefix + "." + entry.getKey(), entry.getValue(), select(preference, members, 100),
            select(differences, members, 1));
      }
      if (byCategory.size() > 1) {
        addPairMetrics(out, prefix + ".all", result.overall(), scale(preference, 100), differences);
      }
      return out;
    });
  }

  /** CrowS-Pairs (lm-evaluation-harness semantics): {@code crows_pairs.pct_stereotype} overall and per bias type. */
  public static SweepProbe crowsPairs(List<CrowsPairsItem> items) {
    List<CrowsPairsItem> copy = List.copyOf(requireNonEmpty(items, "CrowS-Pairs items"));
    return named("crows-pairs", (model, tokenizer, seed) -> {
      CrowsPairsResult result = CrowsPairsProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(copy);
      List<Measurement> out = new ArrayList<>();
      double[] indicators = scale(result.stereotypeIndicators(), 100);
      out.add(new Measurement("crows_pairs.pct_stereotype", MetricDirection.UNSPECIFIED,
          percent(result.overall().stereotypicalPreferenceRate()), indicators));
      out.add(Measurement.of("crows_pairs.likelihood_diff", MetricDirection.HIGHER_IS_MORE_BIASED,
          result.overall().meanAbsoluteDifference(), copy.size()));
      for (Map.Entry<String, PairSummary> entry : result.byBiasType().entrySet()) {
        out.add(Measurement.of("crows_pairs." + entry.getKey() + ".pct_stereotype", MetricDirection.UNSPECIFIED,
            percent(entry.getValue().stereotypicalPreferenceRate()), entry.getValue().pairs()));
      }
      return out;
    });
  }

  /**
   * RealToxicityPrompts-style toxicity of sampled continuations: {@code toxicity.<label>.expected_max} and
   * {@code toxicity.<label>.probability}, with per-prompt maxima as items.
   */
  public static SweepProbe toxicity(String label, List<String> prompts, ToxicityScorer scorer, int samplesPerPrompt,
      GenerationOptions generation) {
    List<String> copy = List.copyOf(requireNonEmpty(prompts, "toxicity prompts"));
    Objects.requireNonNull(scorer, "scorer");
    Objects.requireNonNull(generation, "generation");
    return named("toxicity-" + label, (model, tokenizer, seed) -> {
      RealToxicityPromptsResult result = RealToxicityPromptsProtocol
          .builder(new DecoderCompleter(model, tokenizer, generation), scorer)
          .samplesPerPrompt(samplesPerPrompt).seed(seed).build().run(copy);
      double[] maxima = result.prompts().stream().mapToDouble(PromptToxicity::maximumToxicity).toArray();
      double[] toxic = result.prompts().stream().mapToDouble(p -> p.toxic() ? 1 : 0).toArray();
      return List.of(
          new Measurement("toxicity." + label + ".expected_max", MetricDirection.HIGHER_IS_MORE_BIASED,
              result.expectedMaximumToxicity(), maxima),
          new Measurement("toxicity." + label + ".probability", MetricDirection.HIGHER_IS_MORE_BIASED,
              result.toxicityProbability(), toxic));
    });
  }

  /**
   * Toxicity of sampled completions compared across groups (BOLD's prompts per domain and group, ToxiGen's per target
   * group): {@code <benchmark>.expected_max} and {@code <benchmark>.probability} over all prompts (as
   * {@link #toxicity}), {@code <benchmark>.<group>.expected_max} per group, and {@code <benchmark>.group_gap}, the
   * largest minus the smallest group's expected maximum toxicity.
   *
   * @param groups the group of each prompt, in the same order
   */
  public static SweepProbe groupToxicity(String benchmark, List<String> prompts, List<String> groups,
      ToxicityScorer scorer, int samplesPerPrompt, GenerationOptions generation) {
    List<String> copy = List.copyOf(requireNonEmpty(prompts, benchmark + " prompts"));
    List<String> groupCopy = List.copyOf(groups);
    if (groupCopy.size() != copy.size()) {
      throw new IllegalArgumentException(groupCopy.size() + " groups for " + copy.size() + " prompts");
    }
    Objects.requireNonNull(scorer, "scorer");
    Objects.requireNonNull(generation, "generation");
    return named(benchmark, (model, tokenizer, seed) -> {
      RealToxicityPromptsResult result = RealToxicityPromptsProtocol
          .builder(new DecoderCompleter(model, tokenizer, generation), scorer)
          .samplesPerPrompt(samplesPerPrompt).seed(seed).build().run(copy);
      double[] maxima = result.prompts().stream().mapToDouble(PromptToxicity::maximumToxicity).toArray();
      double[] toxic = result.prompts().stream().mapToDouble(p -> p.toxic() ? 1 : 0).toArray();
      List<Measurement> out = new ArrayList<>();
      out.add(new Measurement(benchmark + ".expected_max", MetricDirection.HIGHER_IS_MORE_BIASED,
          result.expectedMaximumToxicity(), maxima));
      out.add(new Measurement(benchmark + ".probability", MetricDirection.HIGHER_IS_MORE_BIASED,
          result.toxicityProbability(), toxic));
      List<GroupToxicity> byGroup = GroupToxicity.byGroup(result, groupCopy,
          BootstrapSettings.defaults().withSeed(seed));
      for (GroupToxicity group : byGroup) {
        out.add(Measurement.of(benchmark + "." + group.group() + ".expected_max",
            MetricDirection.HIGHER_IS_MORE_BIASED, group.expectedMaximumToxicity(), group.prompts()));
      }
      out.add(Measurement.of(benchmark + ".group_gap", MetricDirection.HIGHER_IS_MORE_BIASED,
          Bootstrap.Interval.pointOnly(GroupToxicity.largestGap(byGroup)), copy.size()));
      return out;
    });
  }

  /** HONEST: share of hurtful completions, overall ({@code honest.score}) and per category. */
  public static SweepProbe honest(List<HonestTemplate> templates, Collection<String> hurtfulWords,
      int completionsPerTemplate, GenerationOptions generation) {
    List<HonestTemplate> copy = List.copyOf(requireNonEmpty(templates, "HONEST templates"));
    Set<String> words = Set.copyOf(hurtfulWords);
    return named("honest", (model, tokenizer, seed) -> {
      HonestResult result = HonestProtocol.builder(new DecoderCompleter(model, tokenizer, generation), words)
          .completionsPerTemplate(completionsPerTemplate).seed(seed).build().run(copy);
      List<Measurement> out = new ArrayList<>();
      out.add(Measurement.of("honest.score", MetricDirection.HIGHER_IS_MORE_BIASED, result.score(), copy.size()));
      for (HonestGroupScore category : result.byCategory()) {
        out.add(Measurement.of("honest." + category.name() + ".score", MetricDirection.HIGHER_IS_MORE_BIASED,
            category.score(), category.templates()));
      }
      return out;
    });
  }

  /**
   * StereoSet: {@code stereoset.ss} (50 = unbiased), {@code stereoset.lms}, {@code stereoset.icat}, on 0-100 as the
   * paper reports them and as the sweep reports {@code pct_stereotype} (the library's {@link
   * io.github.fairlora.metrics.bias.StereoSetScores} holds fractions).
   */
  public static SweepProbe stereoSet(List<io.github.fairlora.datasets.benchmarks.StereoSetExample> examples) {
    var copy = List.copyOf(requireNonEmpty(examples, "StereoSet examples"));
    return named("stereoset", (model, tokenizer, seed) -> {
      var result = io.github.fairlora.metrics.bias.StereoSetProbe.of(SentenceScorer.of(model, tokenizer))
          .evaluate(copy);
      return List.of(
          Measurement.of("stereoset.ss", MetricDirection.UNSPECIFIED, Bootstrap.Interval.pointOnly(100 * result.overall().ss()),
              copy.size()),
          Measurement.of("stereoset.lms", MetricDirection.UNSPECIFIED,
              Bootstrap.Interval.pointOnly(100 * result.overall().lms()), copy.size()),
          Measurement.of("stereoset.icat", MetricDirection.LOWER_IS_MORE_BIASED,
              Bootstrap.Interval.pointOnly(100 * result.overall().icat()), copy.size()));
    });
  }

  /** BBQ: {@code bbq.accuracy}, {@code bbq.bias_disambiguated} (S_DIS) and {@code bbq.bias_ambiguous} (S_AMB). */
  public static SweepProbe bbq(List<io.github.fairlora.metrics.bias.BbqItem> items) {
    var copy = List.copyOf(requireNonEmpty(items, "BBQ items"));
    return named("bbq", (model, tokenizer, seed) -> {
      var scores = io.github.fairlora.metrics.bias.BbqProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(copy)
          .overall();
      return List.of(
          Measurement.of("bbq.accuracy", MetricDirection.UNSPECIFIED, scores.accuracy(), scores.items()),
          Measurement.of("bbq.bias_disambiguated", MetricDirection.HIGHER_IS_MORE_BIASED,
              scores.disambiguatedBiasScore(), scores.disambiguatedItems()),
          Measurement.of("bbq.bias_ambiguous", MetricDirection.HIGHER_IS_MORE_BIASED, scores.ambiguousBiasScore(),
              scores.ambiguousItems()));
    });
  }

  /** WinoBias: {@code winobias.pro_anti_gap} (mean LL(pro) − LL(anti)) and the share preferring pro. */
  public static SweepProbe winoBias(List<io.github.fairlora.metrics.bias.WinoBiasPair> pairs) {
    var copy = List.copyOf(requireNonEmpty(pairs, "WinoBias pairs"));
    return named("winobias", (model, tokenizer, seed) -> {
      CounterfactualResult result = io.github.fairlora.metrics.bias.WinoBiasProbe
          .of(SentenceScorer.of(model, tokenizer)).evaluate(copy);
      return List.of(
          new Measurement("winobias.pro_anti_gap", MetricDirection.HIGHER_IS_MORE_BIASED,
              result.overall().meanDifference(), result.differences()),
          new Measurement("winobias.pct_pro", MetricDirection.UNSPECIFIED,
              percent(result.overall().stereotypicalPreferenceRate()), scale(result.preferenceIndicators(), 100)));
    });
  }

  /** HolisticBias: per axis, the largest difference in mean sentence score between two descriptors. */
  public static SweepProbe holisticBias(List<io.github.fairlora.datasets.benchmarks.HolisticBiasSentence> sentences) {
    var copy = List.copyOf(requireNonEmpty(sentences, "HolisticBias sentences"));
    return named("holisticbias", (model, tokenizer, seed) -> {
      var result = io.github.fairlora.metrics.bias.HolisticBiasProbe.of(SentenceScorer.of(model, tokenizer))
          .evaluate(copy);
      List<Measurement> out = new ArrayList<>();
      result.byAxis().forEach((axis, axisResult) -> {
        int sentencesOfAxis = axisResult.descriptors().stream().mapToInt(d -> d.sentences()).sum();
        out.add(Measurement.of("holisticbias." + axis + ".largest_difference", MetricDirection.HIGHER_IS_MORE_BIASED,
            Bootstrap.Interval.pointOnly(axisResult.largestDifference()), sentencesOfAxis));
        out.add(Measurement.of("holisticbias." + axis + ".share_significant", MetricDirection.HIGHER_IS_MORE_BIASED,
            Bootstrap.Interval.pointOnly(axisResult.shareSignificant()), sentencesOfAxis));
      });
      return out;
    });
  }

  /**
   * Group fairness of a classifier (the model's classification head) on held-out labeled examples: accuracy,
   * demographic parity difference and ratio, equalized odds difference, equal opportunity difference, each with a
   * bootstrap interval ({@code fairness.*}). Every group value is one entry of {@code groups} per example.
   *
   * @param positiveClass the class whose prediction counts as selected (1 for 0/1 labels)
   */
  public static SweepProbe classifierFairness(String name, List<String> texts, int[] labels, String featureName,
      List<String> groups, int positiveClass) {
    List<String> textCopy = List.copyOf(requireNonEmpty(texts, "classifier texts"));
    int[] labelCopy = labels.clone();
    List<String> groupCopy = List.copyOf(groups);
    if (labelCopy.length != textCopy.size() || groupCopy.size() != textCopy.size()) {
      throw new IllegalArgumentException(textCopy.size() + " texts, " + labelCopy.length + " labels and "
          + groupCopy.size() + " group values: they must be equal");
    }
    return named(name, (model, tokenizer, seed) -> {
      if (model.classifier() == null) {
        throw new IllegalStateException("probe " + name + " needs a classification head; fine-tune on labeled data");
      }
      int context = model.config().contextLength();
      List<int[]> sequences = new ArrayList<>();
      for (String text : textCopy) {
        int[] ids = tokenizer.encode(text, true, false);
        sequences.add(ids.length > context ? java.util.Arrays.copyOfRange(ids, ids.length - context, ids.length)
            : ids);
      }
      float[][] probabilities = model.classProbabilities(sequences);
      int[] truth = new int[labelCopy.length];
      int[] predicted = new int[labelCopy.length];
      double[] scores = new double[labelCopy.length];
      double[] correct = new double[labelCopy.length];
      for (int i = 0; i < labelCopy.length; i++) {
        int best = 0;
        for (int c = 1; c < probabilities[i].length; c++) {
          if (probabilities[i][c] > probabilities[i][best]) {
            best = c;
          }
        }
        truth[i] = labelCopy[i] == positiveClass ? 1 : 0;
        predicted[i] = best == positiveClass ? 1 : 0;
        scores[i] = probabilities[i][positiveClass];
        correct[i] = best == labelCopy[i] ? 1 : 0;
      }
      var predictions = io.github.fairlora.metrics.fairness.Predictions.of(truth, predicted, scores);
      var features = io.github.fairlora.metrics.fairness.SensitiveFeatures.of(featureName, groupCopy);
      var options = io.github.fairlora.metrics.fairness.FairnessOptions.bootstrap(seed);
      var between = io.github.fairlora.metrics.fairness.DisparityMethod.BETWEEN_GROUPS;
      List<Measurement> out = new ArrayList<>();
      out.add(new Measurement("fairness.accuracy", MetricDirection.UNSPECIFIED,
          io.github.fairlora.metrics.fairness.MetricFrame.of(
              io.github.fairlora.metrics.fairness.ClassificationMetric.accuracy(), predictions, features, options)
              .overall(), correct));
      out.add(Measurement.of("fairness.demographic_parity_difference", MetricDirection.HIGHER_IS_MORE_BIASED,
          io.github.fairlora.metrics.fairness.GroupFairness.demographicParityDifference(predictions, features,
              between, options).value(), textCopy.size()));
      out.add(Measurement.of("fairness.demographic_parity_ratio", MetricDirection.LOWER_IS_MORE_BIASED,
          io.github.fairlora.metrics.fairness.GroupFairness.demographicParityRatio(predictions, features, between,
              options).value(), textCopy.size()));
      out.add(Measurement.of("fairness.equalized_odds_difference", MetricDirection.HIGHER_IS_MORE_BIASED,
          io.github.fairlora.metrics.fairness.GroupFairness.equalizedOddsDifference(predictions, features, between,
              options).value(), textCopy.size()));
      out.add(Measurement.of("fairness.equal_opportunity_difference", MetricDirection.HIGHER_IS_MORE_BIASED,
          io.github.fairlora.metrics.fairness.GroupFairness.equalOpportunityDifference(predictions, features,
              between, options).value(), textCopy.size()));
      return out;
    });
  }

  /** How a probe measures one model. */
  @FunctionalInterface
  private interface Evaluation {
    List<SweepProbe.Measurement> evaluate(Decoder model, Tokenizer tokenizer, long seed);
  }

  private static SweepProbe named(String name, Evaluation evaluation) {
    return new SweepProbe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Measurement> evaluate(Decoder model, Tokenizer tokenizer, long seed) {
        return evaluation.evaluate(model, tokenizer, seed);
      }
    };
  }

  private static void addPairMetrics(List<SweepProbe.Measurement> out, String prefix, PairSummary summary,
      double[] preferenceItems, double[] differenceItems) {
    out.add(new SweepProbe.Measurement(prefix + ".pct_stereotype", MetricDirection.UNSPECIFIED,
        percent(summary.stereotypicalPreferenceRate()), preferenceItems));
    out.add(new SweepProbe.Measurement(prefix + ".mean_ll_diff", MetricDirection.HIGHER_IS_MORE_BIASED,
        summary.meanDifference(), differenceItems));
  }

  static Bootstrap.Interval percent(Bootstrap.Interval share) {
    return new Bootstrap.Interval(100 * share.estimate(), 100 * share.lower(), 100 * share.upper(),
        share.confidence(), share.resamples());
  }

  private static double[] select(double[] values, List<Integer> indices, double factor) {
    double[] out = new double[indices.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[indices.get(i)] * factor;
    }
    return out;
  }

  private static double[] scale(double[] values, double factor) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }

  private static <T> List<T> requireNonEmpty(List<T> list, String what) {
    Objects.requireNonNull(list, what);
    if (list.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return list;
  }
}
