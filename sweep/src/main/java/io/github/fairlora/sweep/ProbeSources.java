package io.github.fairlora.sweep;

import io.github.fairlora.datasets.benchmarks.CrowsPair;
import io.github.fairlora.datasets.benchmarks.CrowsPairsLoader;
import io.github.fairlora.datasets.benchmarks.HonestLoader;
import io.github.fairlora.datasets.benchmarks.RealToxicityPromptsLoader;
import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.metrics.bias.CounterfactualPair;
import io.github.fairlora.metrics.bias.CrowsPairsItem;
import io.github.fairlora.datasets.benchmarks.HonestTemplate;
import io.github.fairlora.metrics.toxicity.LexiconEntry;
import io.github.fairlora.metrics.toxicity.LexiconToxicityScorer;
import io.github.fairlora.metrics.toxicity.ToxicityLexicon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.benchmarks.BbqExample;
import io.github.fairlora.datasets.benchmarks.BbqLoader;
import io.github.fairlora.datasets.benchmarks.BoldLoader;
import io.github.fairlora.datasets.benchmarks.ToxiGenLoader;
import io.github.fairlora.datasets.benchmarks.HolisticBiasLoader;
import io.github.fairlora.datasets.benchmarks.StereoSetExample;
import io.github.fairlora.datasets.benchmarks.StereoSetLoader;
import io.github.fairlora.datasets.benchmarks.WinoBiasLoader;
import io.github.fairlora.datasets.benchmarks.WinoBiasSentence;
import io.github.fairlora.metrics.bias.BbqAnswerInfo;
import io.github.fairlora.metrics.bias.BbqCondition;
import io.github.fairlora.metrics.bias.BbqItem;
import io.github.fairlora.metrics.bias.BbqPolarity;
import io.github.fairlora.metrics.bias.WinoBiasPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sweep probes built from benchmark files as their publishers distribute them (read with the datasets-io loaders),
 * so the command line and user code can say "CrowS-Pairs from this file" in one call.
 */
public final class ProbeSources {
  private ProbeSources() {}

  /** CrowS-Pairs from {@code crows_pairs_anonymized.csv}. */
  public static SweepProbe crowsPairs(Path csv) throws IOException {
    List<CrowsPairsItem> items = new ArrayList<>();
    for (CrowsPair pair : CrowsPairsLoader.create().loadAll(csv)) {
      items.add(toItem(pair));
    }
    return SweepProbes.crowsPairs(items);
  }

  /** A datasets-io CrowS-Pairs record as the probe's input; the same as {@link CrowsPairsItem#of(CrowsPair)}. */
  public static CrowsPairsItem toItem(CrowsPair pair) {
    return CrowsPairsItem.of(pair);
  }

  /**
   * Counterfactual pairs from a TSV file with the header {@code stereotypical<TAB>anti_stereotypical<TAB>category}
   * (the layout the built-in corpus writes as probes.tsv).
   *
   * @throws IllegalArgumentException naming the file and line of a malformed row
   */
  public static SweepProbe counterfactualPairs(Path tsv) throws IOException {
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).toLowerCase(Locale.ROOT).startsWith("stereotypical\t")) {
      throw new IllegalArgumentException(tsv + " line 1: expected the header "
          + "'stereotypical<TAB>anti_stereotypical<TAB>category'");
    }
    List<CounterfactualPair> pairs = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 3 || fields[0].isBlank() || fields[1].isBlank() || fields[2].isBlank()) {
        throw new IllegalArgumentException(tsv + " line " + (i + 1) + ": expected 3 non-empty tab-separated fields, "
            + "found " + fields.length + ": '" + line + "'");
      }
      pairs.add(new CounterfactualPair(fields[0], fields[1], fields[2]));
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(tsv + ": no pairs after the header");
    }
    return SweepProbes.counterfactual(tsv.getFileName().toString(), "pairs", pairs);
  }

  /**
   * HONEST from the templates TSV ({@code en_template.tsv}) with a hurtful-word lexicon in the cuss format (word TAB
   * rating; every listed word at or above the minimum rating counts as hurtful).
   */
  public static SweepProbe honest(Path templates, Path lexicon, int completionsPerTemplate,
      GenerationOptions generation) throws IOException {
    List<HonestTemplate> converted = HonestLoader.create().loadAll(templates);
    List<String> hurtful = ToxicityLexicon.readCuss(lexicon).entries().stream().map(LexiconEntry::term).toList();
    return SweepProbes.honest(converted, hurtful, completionsPerTemplate, generation);
  }

  /**
   * RealToxicityPrompts-style toxicity: prompts from a RealToxicityPrompts JSONL file (at most {@code limit}), scored
   * with a lexicon in the cuss format.
   */
  public static SweepProbe realToxicityPrompts(Path jsonl, int limit, Path lexicon, int samplesPerPrompt,
      GenerationOptions generation) throws IOException {
    List<String> prompts = new ArrayList<>();
    try (var stream = RealToxicityPromptsLoader.create().stream(jsonl, io.github.fairlora.datasets.ReadMode.STRICT)) {
      stream.limit(limit).forEach(p -> prompts.add(p.prompt().text()));
    }
    LexiconToxicityScorer scorer = LexiconToxicityScorer.of(ToxicityLexicon.readCuss(lexicon));
    return SweepProbes.toxicity("rtp", prompts, scorer, samplesPerPrompt, generation);
  }

  /**
   * BOLD: toxicity of sampled completions of BOLD's prompts (a {@code <domain>_prompt.json} file or a folder of them;
   * at most {@code limit}, in file order), scored with a lexicon in the cuss format, per domain and group (metric
   * names {@code bold.<domain>.<group>.expected_max}).
   */
  public static SweepProbe bold(Path fileOrDirectory, int limit, Path lexicon, int samplesPerPrompt,
      GenerationOptions generation) throws IOException {
    List<String> prompts = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    try (var stream = BoldLoader.create().stream(fileOrDirectory, ReadMode.STRICT)) {
      stream.limit(limit).forEach(p -> {
        prompts.add(p.prompt());
        groups.add(p.domain() + "." + p.group());
      });
    }
    LexiconToxicityScorer scorer = LexiconToxicityScorer.of(ToxicityLexicon.readCuss(lexicon));
    return SweepProbes.groupToxicity("bold", prompts, groups, scorer, samplesPerPrompt, generation);
  }

  /**
   * ToxiGen: toxicity of sampled completions of ToxiGen's prompts ({@code hate_<group>_1k.txt},
   * {@code neutral_<group>_1k.txt}, or a folder of them; at most {@code limit}, in file order), scored with a lexicon
   * in the cuss format, per target group and prompt kind (metric names {@code toxigen.<group>.<hate|neutral>...}).
   */
  public static SweepProbe toxiGen(Path fileOrDirectory, int limit, Path lexicon, int samplesPerPrompt,
      GenerationOptions generation) throws IOException {
    List<String> prompts = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    try (var stream = ToxiGenLoader.create().stream(fileOrDirectory, ReadMode.STRICT)) {
      stream.limit(limit).forEach(p -> {
        prompts.add(p.text());
        groups.add(p.group() + "." + p.label().name().toLowerCase(Locale.ROOT));
      });
    }
    LexiconToxicityScorer scorer = LexiconToxicityScorer.of(ToxicityLexicon.readCuss(lexicon));
    return SweepProbes.groupToxicity("toxigen", prompts, groups, scorer, samplesPerPrompt, generation);
  }

  /** StereoSet from its JSON file (intrasentence and intersentence): SS, LMS and ICAT. */
  public static SweepProbe stereoSet(Path json) throws IOException {
    return SweepProbes.stereoSet(StereoSetLoader.create().loadAll(json));
  }

  /** BBQ from one JSONL file or a folder of them: accuracy and the disambiguated and ambiguous bias scores. */
  public static SweepProbe bbq(Path fileOrDirectory) throws IOException {
    List<BbqItem> items = new ArrayList<>();
    for (BbqExample example : BbqLoader.create().loadAll(fileOrDirectory)) {
      items.add(toItem(example));
    }
    return SweepProbes.bbq(items);
  }

  /** A datasets-io BBQ example as the probe's input. */
  public static BbqItem toItem(BbqExample example) {
    List<BbqAnswerInfo> info = example.answerInfo().stream().map(a -> new BbqAnswerInfo(a.text(), a.group())).toList();
    return BbqItem.fromAnswerInfo(String.valueOf(example.exampleId()), example.category(),
        example.polarity() == BbqExample.Polarity.NEG ? BbqPolarity.NEGATIVE : BbqPolarity.NONNEGATIVE,
        example.contextCondition() == BbqExample.ContextCondition.AMBIG ? BbqCondition.AMBIGUOUS
            : BbqCondition.DISAMBIGUATED,
        example.context(), example.question(), example.answers(), info, example.metadata().stereotypedGroups(),
        example.label());
  }

  /**
   * WinoBias from a pro-stereotyped and an anti-stereotyped file of the same type and split, paired line by line:
   * the pro − anti log-likelihood gap.
   */
  public static SweepProbe winoBias(Path proFile, Path antiFile) throws IOException {
    List<WinoBiasSentence> pro = WinoBiasLoader.create().loadAll(proFile);
    List<WinoBiasSentence> anti = WinoBiasLoader.create().loadAll(antiFile);
    if (pro.size() != anti.size()) {
      throw new IllegalArgumentException(proFile + " has " + pro.size() + " sentences but " + antiFile + " has "
          + anti.size() + "; WinoBias pairs them line by line");
    }
    String category = proFile.getFileName().toString().replaceFirst("^pro_stereotyped_", "").replaceAll("\\.txt.*$", "");
    List<WinoBiasPair> pairs = new ArrayList<>();
    for (int i = 0; i < pro.size(); i++) {
      pairs.add(new WinoBiasPair(pro.get(i).sentence(), anti.get(i).sentence(), category));
    }
    return SweepProbes.winoBias(pairs);
  }

  /** HolisticBias from its folder (descriptors.json, nouns.json, sentence_templates.json), at most {@code limit}. */
  public static SweepProbe holisticBias(Path directory, int limit) throws IOException {
    return SweepProbes.holisticBias(HolisticBiasLoader.load(directory, ReadMode.STRICT).sentences(limit));
  }
}
