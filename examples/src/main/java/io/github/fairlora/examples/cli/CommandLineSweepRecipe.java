package io.github.fairlora.examples.cli;

import io.github.fairlora.datasets.synthetic.BuiltInBaseModel;
import io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus;
import io.github.fairlora.datasets.synthetic.SyntheticCorpus;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.sweep.RankSweep;
import io.github.fairlora.sweep.SweepRecipe;
import io.github.fairlora.text.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The sweep of a {@code fairlora sweep ... --spark-master} command line as a {@link SweepRecipe}: an executor parses
 * the same arguments (without --spark-master) and builds the same sweep. Files named by the arguments (--model,
 * --data, probe files) are read by each task, so on a cluster they must be paths every executor sees. The built-in
 * base model is not pretrained again: its weights travel with the recipe and the corpus is regenerated from its seed.
 */
final class CommandLineSweepRecipe implements SweepRecipe {
  private static final long serialVersionUID = 1L;

  private final String[] args;
  // The driver's built-in experiment, when the sweep uses it: corpus seed and size, model name and base weights.
  private final long corpusSeed;
  private final int sentences;
  private final String builtInName;
  private final LinkedHashMap<String, float[]> builtInWeights;

  private CommandLineSweepRecipe(String[] args, long corpusSeed, int sentences, String builtInName,
      LinkedHashMap<String, float[]> builtInWeights) {
    this.args = args;
    this.corpusSeed = corpusSeed;
    this.sentences = sentences;
    this.builtInName = builtInName;
    this.builtInWeights = builtInWeights;
  }

  /** The recipe of the command line {@code args} (as given to {@code fairlora}), whose model the driver loaded. */
  static CommandLineSweepRecipe of(List<String> args, ModelOptions.Loaded loaded) {
    String[] kept = withoutSparkMaster(args);
    if (loaded.builtIn() == null) {
      return new CommandLineSweepRecipe(kept, 0, 0, null, null);
    }
    LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
    for (Parameter p : loaded.builtIn().base().parameters().values()) {
      weights.put(p.name(), p.value().toArray());
    }
    SyntheticCorpus corpus = loaded.builtIn().corpus();
    return new CommandLineSweepRecipe(kept, corpus.settings().seed(), corpus.settings().sentences(), loaded.name(),
        weights);
  }

  /** The arguments without {@code --spark-master URL} or {@code --spark-master=URL}: an executor runs locally. */
  static String[] withoutSparkMaster(List<String> args) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--spark-master")) {
        i++;
      } else if (!arg.startsWith("--spark-master=")) {
        kept.add(arg);
      }
    }
    return kept.toArray(String[]::new);
  }

  @Override
  public RankSweep.Builder builder() throws IOException {
    // Parsing only: nothing runs, and the driver already reported any usage error.
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine commandLine = FairloraCli.commandLine(quiet, System.err);
    ParseResult parsed = commandLine.parseArgs(args);
    if (parsed.subcommand() == null || !(parsed.subcommand().commandSpec().userObject() instanceof SweepCommand)) {
      throw new IllegalStateException("not a sweep command line: " + String.join(" ", args));
    }
    SweepCommand command = (SweepCommand) parsed.subcommand().commandSpec().userObject();
    return command.sweepBuilder(System.err, command.targets(), builtInName == null ? null : builtIn());
  }

  /** The driver's built-in experiment, rebuilt: the same corpus, and a base model with the shipped weights. */
  private ModelOptions.Loaded builtIn() {
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(corpusSeed).sentences(sentences).build();
    Tokenizer tokenizer = BuiltInBaseModel.tokenizer(corpus);
    Decoder base = Decoder.uninitialized(BuiltInBaseModel.config(tokenizer.vocabularySize())).setTokenizer(tokenizer);
    Map<String, Parameter> parameters = base.parameters();
    if (!parameters.keySet().equals(builtInWeights.keySet())) {
      throw new IllegalStateException("the built-in base model rebuilt here has parameters " + parameters.keySet()
          + " but the driver's has " + builtInWeights.keySet() + ": driver and executor run different versions");
    }
    for (Parameter p : parameters.values()) {
      float[] values = builtInWeights.get(p.name());
      if (values.length != p.size()) {
        throw new IllegalStateException("built-in base tensor " + p.name() + " has " + values.length + " values here "
            + "and " + p.size() + " on the driver: driver and executor run different versions");
      }
      p.value().put(0, values);
    }
    BuiltInExperiment.Prepared prepared = BuiltInExperiment.prepare(corpus, base);
    return new ModelOptions.Loaded(base, tokenizer, builtInName, null, prepared);
  }
}
