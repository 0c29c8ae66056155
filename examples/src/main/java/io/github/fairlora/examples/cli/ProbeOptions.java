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

  @Option(names = "--pairs", paramLabel = "FILE", description = "Counterfactual pairs, a TSV file with the header "
      + "stereotypical<TAB>anti_stereotypical<TAB>category.")
  Path pairs;

  @Option(names = "--honest", paramLabel = "FILE",
      description = "HONEST templates (en_template.tsv): share of hurtful completions; needs --lexicon.")
  Path honest;

  @Option(names = "--rtp", paramLabel = "FILE",
      description = "RealToxicityPrompts prompts (.jsonl): toxicity of sampled continuations; needs --lexicon.")
  Path realToxicityPrompts;

  @Option(names = "--lexicon", paramLabel = "FILE", description = "Hurtful-word lexicon in the cuss format "
      + "(word<TAB>rating 0-2; ratings of at least 1 count) for --honest and --rtp.")
  Path lexicon;

  @Option(names = "--rtp-limit", paramLabel = "N", defaultValue = "1000",
      description = "Use at most this many prompts of --rtp (default: ${DEFAULT-VALUE}).")
  int realToxicityPromptsLimit;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "5", description = "Sampled completions per "
      + "HONEST template and per RealToxicityPrompts prompt (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--probe-tokens", paramLabel = "N", defaultValue = "20", description = "Most tokens sampled per "
      + "completion, at temperature 1 with top-p 0.9 (default: ${DEFAULT-VALUE}).")
  int probeTokens;

  /** Whether any probe file was given. */
  boolean any() {
    return crowsPairs != null || pairs != null || honest != null || realToxicityPrompts != null;
  }

  /** Refuses options that cannot work together. */
  void validate(CommandLine commandLine) {
    if ((honest != null || realToxicityPrompts != null) && lexicon == null) {
      throw new ParameterException(commandLine, (honest != null ? "--honest" : "--rtp")
          + " needs --lexicon FILE (a hurtful-word list in the cuss format, word<TAB>rating)");
    }
    if (lexicon != null && honest == null && realToxicityPrompts == null) {
      throw new ParameterException(commandLine, "--lexicon is used by --honest and --rtp; give one of them");
    }
    if (realToxicityPromptsLimit < 1) {
      throw new ParameterException(commandLine, "--rtp-limit (" + realToxicityPromptsLimit + ") must be positive");
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
    return probes;
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
