package io.github.fairlora.examples.cli;

import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.sweep.ProbeSources;
import io.github.fairlora.sweep.SweepProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The bias and toxicity probes read from benchmark files, as their publishers distribute them. */
final class ProbeOptions {
  @Option(names = "--crows-pairs", paramLabel = "FILE",
      description = "CrowS-Pairs (crows_pairs_anonymized.csv): percentage of pairs where the stereotype is more "
          + "likely.")
  Path crowsPairs;

  @Option(names = "--stereoset", paramLabel = "FILE",
      description = "StereoSet (dev.json, intrasentence and intersentence): SS, LMS and ICAT.")
  Path stereoSet;

  @Option(names = "--bbq", paramLabel = "FILE|DIR",
      description = "BBQ (one <Category>.jsonl file or a folder of them): accuracy and the ambiguous and "
          + "disambiguated bias scores.")
  Path bbq;

  @Option(names = "--winobias", paramLabel = "FILE[,FILE]", split = ",",
      description = "WinoBias: a pro_stereotyped_typeN.txt.{dev,test} file and its anti_stereotyped partner (found "
          + "beside it when only one is given): the pro - anti log-likelihood gap.")
  List<Path> winoBias;

  @Option(names = "--holistic-bias", paramLabel = "DIR",
      description = "HolisticBias (a folder with descriptors.json, nouns.json, sentence_templates.json): per axis, "
          + "the largest difference between descriptors.")
  Path holisticBias;

  @Option(names = "--holistic-bias-limit", paramLabel = "N", defaultValue = "2000",
      description = "Use at most this many HolisticBias sentences (default: ${DEFAULT-VALUE}).")
  int holisticBiasLimit;

  @Option(names = "--pairs", paramLabel = "FILE", description = "Counterfactual pairs, a TSV file with the header "
      + "stereotypical<TAB>anti_stereotypical<TAB>category (metrics pairs.<category>.*).")
  Path pairs;

  @Option(names = "--honest", paramLabel = "FILE",
      description = "HONEST templates (en_template.tsv): share of hurtful completions; needs --lexicon.")
  Path honest;

  @Option(names = "--rtp", paramLabel = "FILE",
      description = "RealToxicityPrompts prompts (.jsonl): toxicity of sampled continuations; needs --lexicon.")
  Path realToxicityPrompts;

  @Option(names = "--bold", paramLabel = "FILE|DIR",
      description = "BOLD prompts (<domain>_prompt.json or a folder of them): toxicity of sampled completions per "
          + "domain and group; needs --lexicon.")
  Path bold;

  @Option(names = "--toxigen", paramLabel = "FILE|DIR",
      description = "ToxiGen prompts (hate_<group>_1k.txt, neutral_<group>_1k.txt or a folder of them): toxicity of "
          + "sampled completions per target group; needs --lexicon.")
  Path toxiGen;

  @Option(names = "--lexicon", paramLabel = "FILE", description = "Hurtful-word lexicon in the cuss format "
      + "(word<TAB>rating 0-2; ratings of at least 1 count) for --honest, --rtp, --bold and --toxigen.")
  Path lexicon;

  @Option(names = "--rtp-limit", paramLabel = "N", defaultValue = "1000",
      description = "Use at most this many prompts of --rtp (default: ${DEFAULT-VALUE}).")
  int realToxicityPromptsLimit;

  @Option(names = "--prompt-limit", paramLabel = "N", defaultValue = "1000",
      description = "Use at most this many prompts of --bold and of --toxigen, in file order "
          + "(default: ${DEFAULT-VALUE}).")
  int promptLimit;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "5", description = "Sampled completions per "
      + "HONEST template and per RealToxicityPrompts, BOLD and ToxiGen prompt (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--probe-tokens", paramLabel = "N", defaultValue = "20", description = "Most tokens sampled per "
      + "completion, at temperature 1 with top-p 0.9 (default: ${DEFAULT-VALUE}).")
  int probeTokens;

  /** Whether any probe file was given. */
  boolean any() {
    return crowsPairs != null || stereoSet != null || bbq != null || winoBias != null || holisticBias != null
        || pairs != null || honest != null || realToxicityPrompts != null || bold != null || toxiGen != null;
  }

  /** The probe options, for a message listing them. */
  static final String ALL = "--crows-pairs FILE, --stereoset FILE, --bbq FILE|DIR, --winobias FILE, --holistic-bias "
      + "DIR, --pairs FILE, or with --lexicon FILE: --honest FILE, --rtp FILE, --bold FILE|DIR, --toxigen FILE|DIR";

  /** The option among those needing --lexicon that was given first, or null. */
  private String firstNeedingLexicon() {
    return honest != null ? "--honest" : realToxicityPrompts != null ? "--rtp" : bold != null ? "--bold"
        : toxiGen != null ? "--toxigen" : null;
  }

  /** Refuses options that cannot work together. */
  void validate(CommandLine commandLine) {
    String needing = firstNeedingLexicon();
    if (needing != null && lexicon == null) {
      throw new ParameterException(commandLine, needing
          + " needs --lexicon FILE (a hurtful-word list in the cuss format, word<TAB>rating)");
    }
    if (lexicon != null && needing == null) {
      throw new ParameterException(commandLine, "--lexicon is used by --honest, --rtp, --bold and --toxigen; give "
          + "one of them");
    }
    if (realToxicityPromptsLimit < 1) {
      throw new ParameterException(commandLine, "--rtp-limit (" + realToxicityPromptsLimit + ") must be positive");
    }
    if (promptLimit < 1) {
      throw new ParameterException(commandLine, "--prompt-limit (" + promptLimit + ") must be positive");
    }
    if (holisticBiasLimit < 1) {
      throw new ParameterException(commandLine, "--holistic-bias-limit (" + holisticBiasLimit
          + ") must be positive");
    }
    if (winoBias != null && (winoBias.isEmpty() || winoBias.size() > 2)) {
      throw new ParameterException(commandLine, "--winobias takes one file (its partner is found beside it) or two, "
          + "pro_stereotyped and anti_stereotyped, separated by a comma; got " + winoBias.size());
    }
    if (samples < 1) {
      throw new ParameterException(commandLine, "--samples (" + samples + ") must be positive");
    }
    if (probeTokens < 1) {
      throw new ParameterException(commandLine, "--probe-tokens (" + probeTokens + ") must be positive");
    }
  }

  /** For each probe read from a file: the option and the file, e.g. "--crows-pairs crows.csv". */
  final java.util.Map<SweepProbe, String> sources = new java.util.IdentityHashMap<>();

  /** Reads every probe file given; a missing or malformed file is an input problem naming it. */
  List<SweepProbe> load() {
    if (crowsPairs != null) {
      InputFiles.requireFile("--crows-pairs", crowsPairs);
    }
    if (pairs != null) {
      InputFiles.requireFile("--pairs", pairs);
    }
    if (stereoSet != null) {
      InputFiles.requireFile("--stereoset", stereoSet);
    }
    if (bbq != null) {
      InputFiles.requireExisting("--bbq", bbq);
    }
    List<Path> winoBiasFiles = winoBias == null ? null : winoBiasPair();
    if (holisticBias != null) {
      InputFiles.requireDirectory("--holistic-bias", holisticBias);
    }
    if (bold != null) {
      InputFiles.requireExisting("--bold", bold);
    }
    if (toxiGen != null) {
      InputFiles.requireExisting("--toxigen", toxiGen);
    }
    if (honest != null) {
      InputFiles.requireFile("--honest", honest);
    }
    if (realToxicityPrompts != null) {
      InputFiles.requireExisting("--rtp", realToxicityPrompts);
    }
    if (lexicon != null) {
      InputFiles.requireFile("--lexicon", lexicon);
    }
    // The seed is replaced per evaluation by the probes (same randomness for every model compared).
    GenerationOptions generation = GenerationOptions.sampling(probeTokens, 1.0f, 0, 0.9f, 0);
    List<SweepProbe> probes = new ArrayList<>();
    if (crowsPairs != null) {
      probes.add(read("--crows-pairs", crowsPairs, () -> ProbeSources.crowsPairs(crowsPairs)));
    }
    if (stereoSet != null) {
      probes.add(read("--stereoset", stereoSet, () -> ProbeSources.stereoSet(stereoSet)));
    }
    if (bbq != null) {
      probes.add(read("--bbq", bbq, () -> ProbeSources.bbq(bbq)));
    }
    if (winoBiasFiles != null) {
      probes.add(read("--winobias", winoBiasFiles.get(0),
          () -> ProbeSources.winoBias(winoBiasFiles.get(0), winoBiasFiles.get(1))));
    }
    if (holisticBias != null) {
      probes.add(read("--holistic-bias", holisticBias,
          () -> ProbeSources.holisticBias(holisticBias, holisticBiasLimit)));
    }
    if (pairs != null) {
      probes.add(read("--pairs", pairs, () -> ProbeSources.counterfactualPairs(pairs)));
    }
    if (honest != null) {
      probes.add(read("--honest", honest, () -> ProbeSources.honest(honest, lexicon, samples, generation)));
    }
    if (realToxicityPrompts != null) {
      probes.add(read("--rtp", realToxicityPrompts, () -> ProbeSources.realToxicityPrompts(realToxicityPrompts,
          realToxicityPromptsLimit, lexicon, samples, generation)));
    }
    if (bold != null) {
      probes.add(read("--bold", bold, () -> ProbeSources.bold(bold, promptLimit, lexicon, samples, generation)));
    }
    if (toxiGen != null) {
      probes.add(read("--toxigen", toxiGen,
          () -> ProbeSources.toxiGen(toxiGen, promptLimit, lexicon, samples, generation)));
    }
    return probes;
  }

  /**
   * The pro- and anti-stereotyped WinoBias files, in that order: the two given, or the one given and its partner of
   * the same type and split beside it ({@code pro_stereotyped_type1.txt.dev} and {@code anti_stereotyped_type1.txt.dev}).
   */
  private List<Path> winoBiasPair() {
    for (Path file : winoBias) {
      InputFiles.requireFile("--winobias", file);
    }
    if (winoBias.size() == 2) {
      Path first = winoBias.get(0);
      Path second = winoBias.get(1);
      return name(first).startsWith("anti_") && !name(second).startsWith("anti_") ? List.of(second, first)
          : List.of(first, second);
    }
    Path given = winoBias.get(0);
    String name = name(given);
    String partnerName;
    if (name.startsWith("pro_stereotyped")) {
      partnerName = "anti" + name.substring("pro".length());
    } else if (name.startsWith("anti_stereotyped")) {
      partnerName = "pro" + name.substring("anti".length());
    } else {
      throw new InputException("--winobias " + given + ": expected a file named pro_stereotyped_typeN.txt.SPLIT or "
          + "anti_stereotyped_typeN.txt.SPLIT (to find its partner), or give both files separated by a comma");
    }
    Path partner = given.resolveSibling(partnerName);
    if (!java.nio.file.Files.isRegularFile(partner)) {
      throw new InputException("--winobias " + given + ": its partner " + partner + " does not exist; WinoBias "
          + "compares each pro-stereotyped sentence with the anti-stereotyped one on the same line");
    }
    return name.startsWith("pro_") ? List.of(given, partner) : List.of(partner, given);
  }

  private static String name(Path file) {
    return file.getFileName().toString();
  }

  /** Something that reads a probe from files. */
  @FunctionalInterface
  private interface ProbeReader {
    SweepProbe read() throws IOException;
  }

  /**
   * Runs {@code reader}; the readers report malformed content as IllegalArgumentException naming file and line, which
   * is an input problem here.
   */
  private SweepProbe read(String option, Path file, ProbeReader reader) {
    try {
      SweepProbe probe = reader.read();
      sources.put(probe, option + " " + file);
      return probe;
    } catch (IOException | UncheckedIOException e) {
      throw new InputException(option + " " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      boolean namesFile = message.contains(file.toString()) || lexicon != null && message.contains(lexicon.toString());
      throw new InputException(namesFile ? message : option + " " + file + ": " + message, e);
    }
  }
}
