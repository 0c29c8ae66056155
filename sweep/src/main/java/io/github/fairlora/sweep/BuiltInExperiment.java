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
import io.github.fairlora.datasets.synthetic.AssociationCorpus;
import io.github.fairlora.text.WordTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment the default sweep runs, with nothing to download: a seeded synthetic corpus with stereotyped
 * associations (occupations with gendered pronouns at a 0.9 skew; one group insulted far more often than the others;
 * 24 independent occupation-object associations at a 0.8 skew, {@link AssociationCorpus}),
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

  /**
   * The measure the verdict reads: the share of held-out gender-occupation pairs whose stereotyped pronoun the model
   * prefers, as its distance from 50% (the headline measure of the built-in experiment from the start). Chosen before
   * the runs below were made; the occupation-object associations are reported beside it.
   */
  public static final String VERDICT_METRIC = "bias." + ProbePair.GENDER_OCCUPATION + ".pct_stereotype";

  /** Fine-tuning epochs of the built-in sweep (the same for every variant). */
  public static final int DEFAULT_FINE_TUNING_EPOCHS = 1;

  /** Pretraining epochs that make the tiny model learn the corpus's associations reliably. */
  public static final int DEFAULT_PRETRAINING_EPOCHS = BuiltInBaseModel.DEFAULT_PRETRAINING_EPOCHS;

  /** Generates the corpus and pretrains the base model (the slow part: tens of seconds on 2 cores). */
  public static Prepared prepare(long seed, int sentences, int pretrainingEpochs, PrintStream progress) {
    try {
      return prepare(seed, sentences, pretrainingEpochs, progress, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reached: nothing is read or written without a cache directory
    }
  }

  /**
   * Like {@link #prepare(long, int, int, PrintStream)}, keeping the pretrained base model in {@code cacheDirectory}
   * (when not null) as {@code built-in-base-seed<S>-sentences<N>-epochs<E>.safetensors}: a second call with the same
   * settings loads it instead of pretraining again.
   *
   * @throws IOException when the cached file cannot be written, or exists but cannot be read (the message names it)
   */
  public static Prepared prepare(long seed, int sentences, int pretrainingEpochs, PrintStream progress,
      Path cacheDirectory) throws IOException {
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(seed).sentences(sentences).build();
    AssociationCorpus associations = BuiltInBaseModel.associations(corpus);
    progress.printf("built-in experiment: %d biased and %d balanced sentences, %d probe pairs%n",
        corpus.biasedTexts().size() + associations.biasedTexts().size(),
        corpus.balancedTexts().size() + associations.balancedTexts().size(),
        corpus.probePairs().size() + associations.probePairs().size());
    Path cached = cacheDirectory == null ? null : cachedBaseModel(cacheDirectory, seed, sentences, pretrainingEpochs);
    Decoder base;
    if (cached != null && Files.exists(cached)) {
      WordTokenizer words = BuiltInBaseModel.tokenizer(corpus);
      base = new Decoder(BuiltInBaseModel.config(words.vocabularySize()), seed).setTokenizer(words);
      ModelFiles.load(base, cached);
      progress.println("loaded the pretrained base model from " + cached);
    } else {
      base = BuiltInBaseModel.pretrain(corpus, pretrainingEpochs, seed,
          new ProgressListener(progress, System.console() != null, "pretraining base", 10));
      if (cached != null) {
        ModelFiles.save(base, cached);
      }
    }
    return prepare(corpus, base);
  }

  /**
   * Where {@link #prepare(long, int, int, PrintStream, Path)} keeps the base model pretrained with these settings in
   * {@code cacheDirectory}, so other tools can reuse the one a sweep pretrained.
   */
  public static Path cachedBaseModel(Path cacheDirectory, long seed, int sentences, int pretrainingEpochs) {
    return cacheDirectory.resolve("built-in-base-seed" + seed + "-sentences" + sentences + "-epochs"
        + pretrainingEpochs + ".safetensors");
  }

  /**
   * The experiment of {@code corpus} around an already pretrained {@code base} (tokenizer attached): the same probes,
   * texts and generation seed as {@link #prepare(long, int, int, PrintStream)}, without pretraining again. Distributed
   * runs use it to rebuild the experiment on a worker from the base model's weights.
   */
  public static Prepared prepare(SyntheticCorpus corpus, Decoder base) {
    long seed = corpus.settings().seed();
    AssociationCorpus associations = BuiltInBaseModel.associations(corpus);
    Tokenizer tokenizer = base.tokenizer().orElseThrow(
        () -> new IllegalArgumentException("the built-in base model needs its tokenizer attached"));

    List<CounterfactualPair> pairs = new ArrayList<>();
    corpus.probePairs().forEach(p -> pairs.add(new CounterfactualPair(p.stereotypical(), p.antiStereotypical(),
        p.category())));
    associations.probePairs().forEach(p -> pairs.add(new CounterfactualPair(p.stereotypical(),
        p.antiStereotypical(), p.category())));
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
    List<String> fineTuning = BuiltInBaseModel.interleave(corpus.balancedTexts(), associations.balancedTexts());
    return new Prepared(corpus, base, tokenizer, fineTuning, shiftTexts, probes);
  }

  /** A sweep of the prepared experiment with its probes and the default ranks, ready for further settings. */
  public static RankSweep.Builder sweep(Prepared prepared) {
    RankSweep.Builder builder = RankSweep.builder(prepared.base(), prepared.tokenizer())
        .title("Built-in experiment: LoRA rank sweep on a synthetic biased corpus")
        .fineTuningTexts(prepared.fineTuningTexts())
        .shiftTexts(prepared.shiftTexts())
        .setting("data", "built-in synthetic corpus (seed " + prepared.corpus().settings().seed() + "): pretrained on "
            + 2 * prepared.corpus().biasedTexts().size() + " biased sentences (half of them occupation-object "
            + "associations), fine-tuned on their balanced counterpart")
        .verdictMetric(VERDICT_METRIC)
        // One epoch (250 steps): measured with two, every rank had undone nearly all of the occupation-object
        // associations (retention about 0.01 at each rank, no trend); with one, the gender-occupation retention falls
        // from about 0.65 at rank 1 to 0.17 at rank 16 (3 seeds), and the associations are still undone at every rank.
        .epochs(DEFAULT_FINE_TUNING_EPOCHS);
    prepared.probes().forEach(builder::probe);
    return builder;
  }
}
