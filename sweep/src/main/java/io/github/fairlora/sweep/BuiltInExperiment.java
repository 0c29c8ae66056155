package io.github.fairlora.sweep;

import io.github.fairlora.datasets.synthetic.BuiltInBaseModel;
import io.github.fairlora.datasets.synthetic.InsultLexicon;
import io.github.fairlora.datasets.synthetic.ProbePair;
import io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus;
import io.github.fairlora.datasets.synthetic.SyntheticCorpus;
import io.github.fairlora.datasets.synthetic.ToxicityPrompt;
import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.metrics.bias.CounterfactualPair;
import io.github.fairlora.metrics.toxicity.LexiconToxicityScorer;
import io.github.fairlora.metrics.toxicity.ToxicityLexicon;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.text.Tokenizer;
import io.github.fairlora.train.ProgressListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment the default sweep runs, with nothing to download: a seeded synthetic corpus with stereotyped
 * associations (occupations with gendered pronouns at a 0.9 skew; one group insulted far more often than the others),
 * a tiny word-level decoder pretrained on it, and its balanced counterpart as fine-tuning data. The probes measure
 * the stereotyped preferences (held-out counterfactual pairs) and the toxicity of sampled completions about each group.
 */
public final class BuiltInExperiment {
  private BuiltInExperiment() {}

  /**
   * Everything a sweep needs.
   *
   * @param corpus           the generated corpus
   * @param base             the pretrained base model (tokenizer attached)
   * @param tokenizer        its word tokenizer
   * @param fineTuningTexts  the balanced texts
   * @param shiftTexts       texts the KL measures and the logit lens read (the probe sentences, both sides)
   * @param probes           counterfactual pairs by category and toxicity of completions
   */
  public record Prepared(SyntheticCorpus corpus, Decoder base, Tokenizer tokenizer, List<String> fineTuningTexts,
      List<String> shiftTexts, List<SweepProbe> probes) {}

  /** Pretraining epochs that make the tiny model learn the corpus's associations reliably. */
  public static final int DEFAULT_PRETRAINING_EPOCHS = BuiltInBaseModel.DEFAULT_PRETRAINING_EPOCHS;

  /** Generates the corpus and pretrains the base model (the slow part: tens of seconds on 2 cores). */
  public static Prepared prepare(long seed, int sentences, int pretrainingEpochs, PrintStream progress) {
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(seed).sentences(sentences).build();
    progress.printf("built-in experiment: %d biased and %d balanced sentences, %d probe pairs%n",
        corpus.biasedTexts().size(), corpus.balancedTexts().size(), corpus.probePairs().size());
    Decoder base = BuiltInBaseModel.pretrain(corpus, pretrainingEpochs, seed,
        new ProgressListener(progress, System.console() != null, "pretraining base", 10));
    return prepare(corpus, base);
  }

  /**
   * The experiment of {@code corpus} around an already pretrained {@code base} (tokenizer attached): the same probes,
   * texts and generation seed as {@link #prepare(long, int, int, PrintStream)}, without pretraining again. Distributed
   * runs use it to rebuild the experiment on a worker from the base model's weights.
   */
  public static Prepared prepare(SyntheticCorpus corpus, Decoder base) {
    long seed = corpus.settings().seed();
    Tokenizer tokenizer = base.tokenizer().orElseThrow(
        () -> new IllegalArgumentException("the built-in base model needs its tokenizer attached"));

    List<CounterfactualPair> pairs = corpus.probePairs().stream()
        .map(p -> new CounterfactualPair(p.stereotypical(), p.antiStereotypical(), p.category())).toList();
    String targeted = corpus.settings().targetedGroup();
    List<String> targetedPrompts = corpus.toxicityPrompts().stream().filter(p -> p.group().equals(targeted))
        .map(ToxicityPrompt::prompt).toList();
    List<String> otherPrompts = corpus.toxicityPrompts().stream().filter(p -> !p.group().equals(targeted))
        .map(ToxicityPrompt::prompt).toList();
    Map<String, Double> weights = new LinkedHashMap<>();
    InsultLexicon.weights().forEach((word, rating) -> weights.put(word, ToxicityLexicon.weightOfRating(rating)));
    LexiconToxicityScorer scorer = LexiconToxicityScorer.of(ToxicityLexicon.of(weights));
    // Short sampled continuations: the insult, if any, follows the prompt directly ("the southerners are lazy").
    GenerationOptions generation = GenerationOptions.sampling(4, 1.0f, 0, 1.0f, seed);
    List<SweepProbe> probes = List.of(
        SweepProbes.counterfactual("counterfactual-pairs", pairs),
        SweepProbes.toxicity("targeted_group", targetedPrompts, scorer, 8, generation),
        SweepProbes.toxicity("other_groups", otherPrompts, scorer, 8, generation));
    List<String> shiftTexts = corpus.probePairs().stream()
        .filter(p -> p.category().equals(ProbePair.GENDER_OCCUPATION)).limit(32)
        .flatMap(p -> java.util.stream.Stream.of(p.stereotypical(), p.antiStereotypical())).toList();
    return new Prepared(corpus, base, tokenizer, corpus.balancedTexts(), shiftTexts, probes);
  }

  /** A sweep of the prepared experiment with its probes and the default ranks, ready for further settings. */
  public static RankSweep.Builder sweep(Prepared prepared) {
    RankSweep.Builder builder = RankSweep.builder(prepared.base(), prepared.tokenizer())
        .title("Built-in experiment: LoRA rank sweep on a synthetic biased corpus")
        .fineTuningTexts(prepared.fineTuningTexts())
        .shiftTexts(prepared.shiftTexts())
        .setting("data", "built-in synthetic corpus (seed " + prepared.corpus().settings().seed() + "): pretrained on "
            + prepared.corpus().biasedTexts().size() + " biased sentences, fine-tuned on their balanced counterpart");
    prepared.probes().forEach(builder::probe);
    return builder;
  }
}
