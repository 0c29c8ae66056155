package io.github.fairlora.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.io.AtomicFiles;
import io.github.fairlora.sweep.SweepProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fairlora eval}: runs bias and toxicity probes on one model (optionally with a PEFT adapter applied), prints a
 * table and writes the numbers as JSON.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Measure one model with bias and toxicity probes, optionally with a PEFT LoRA adapter applied; print a table "
            + "of every metric with its 95%% bootstrap interval and, with --json, write them to a file.",
        "The built-in model (--built-in) brings its own probes: counterfactual pairs and the toxicity of completions "
            + "about each group."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  fairlora eval --built-in --json eval.json",
        "  fairlora eval --model stories260K.bin --tokenizer tok512.bin \\",
        "      --adapter adapter --crows-pairs crows_pairs_anonymized.csv \\",
        "      --honest en_template.tsv --lexicon cuss-en.tsv"})
final class EvalCommand implements Callable<Integer> {
  /** The "format" field of the JSON file. */
  static final String JSON_FORMAT = "fairlora.eval-results";

  @ParentCommand
  private FairloraCli cli;

  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelOptions model;

  @Option(names = "--adapter", paramLabel = "DIR",
      description = "A PEFT LoRA adapter directory (adapter_config.json + adapter_model.safetensors) to apply; with "
          + "--built-in, give the built-in settings used by fit.")
  private Path adapter;

  @Mixin
  private ProbeOptions probes;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the sampled completions (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to this JSON file.")
  private Path json;

  @Override
  public Integer call() throws IOException {
    PrintStream err = cli.err();
    model.validate(spec.commandLine(), true);
    probes.validate(spec.commandLine());
    if (json != null) {
      OutputFiles.requireWritableFile("--json", json);
    }
    if (!probes.any() && !model.builtIn) {
      throw new ParameterException(spec.commandLine(), "eval needs at least one probe: " + ProbeOptions.ALL
          + " (--built-in brings its own)");
    }
    List<SweepProbe> chosen = new ArrayList<>(probes.load());
    if (adapter != null) {
      InputFiles.requireDirectory("--adapter", adapter);
    }
    ModelOptions.Loaded loaded = model.load(spec.commandLine(), err);
    if (adapter != null) {
      ModelOptions.applyAdapter(loaded, adapter, cli.err());
      err.println("applied adapter " + adapter);
    }
    if (loaded.builtIn() != null) {
      chosen.addAll(0, loaded.builtIn().probes());
    }
    List<SweepProbe.Measurement> measured = new ArrayList<>();
    for (SweepProbe probe : chosen) {
      long started = System.nanoTime();
      err.println("evaluating " + probe.name() + " ...");
      try {
        measured.addAll(probe.evaluate(loaded.model(), loaded.tokenizer(), seed));
      } catch (IllegalArgumentException e) {
        String source = probes.sources.get(probe);
        if (source == null) {
          throw e;
        }
        // A text of the file the model cannot take (longer than its context, no tokens): an input problem.
        throw new InputException(source + ": " + e.getMessage(), e);
      }
      err.printf(Locale.ROOT, "evaluated %s in %.1f s%n", probe.name(), (System.nanoTime() - started) / 1e9);
    }

    TextTable table = new TextTable("metric", "value", "95% interval", "items");
    for (SweepProbe.Measurement m : measured) {
      table.row(m.metric(), TextTable.number(m.value().estimate()),
          TextTable.interval(m.value().lower(), m.value().upper()),
          m.itemCount() > 0 ? String.valueOf(m.itemCount()) : "");
    }
    PrintStream printed = cli.out();
    printed.println("model: " + loaded.name() + (adapter != null ? " with adapter " + adapter : ""));
    printed.print(table.render());
    if (json != null) {
      String content = toJson(loaded.name(), measured);
      try {
        AtomicFiles.writeString(json, content);
      } catch (IOException e) {
        throw new OutputException("could not write --json " + json + ": " + OutputFiles.describe(e), e);
      }
      printed.println("wrote " + json);
    }
    return ExitCodes.SUCCESS;
  }

  private String toJson(String modelName, List<SweepProbe.Measurement> measured) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("format", JSON_FORMAT);
    root.put("version", 2); // 2: direction and non-finite numbers written as in the sweep's results.json
    root.put("model", modelName);
    if (adapter != null) {
      root.put("adapter", adapter.toString());
    } else {
      root.putNull("adapter");
    }
    root.put("seed", seed);
    ArrayNode rows = root.putArray("metrics");
    for (SweepProbe.Measurement m : measured) {
      ObjectNode row = rows.addObject();
      row.put("metric", m.metric());
      // Field names and values as in the metrics rows of the sweep's results.json (SweepResultsJson), so one reader
      // serves both files; eval adds the interval's confidence and resamples and the item count.
      row.put("direction", m.direction().name());
      number(row, "value", m.value().estimate());
      number(row, "lower", m.value().lower());
      number(row, "upper", m.value().upper());
      number(row, "confidence", m.value().confidence());
      row.put("resamples", m.value().resamples());
      row.put("items", m.itemCount());
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  /** JSON has no NaN or infinity: as in the sweep's results, NaN is null and an infinity the string "Infinity". */
  private static void number(ObjectNode row, String field, double value) {
    if (Double.isFinite(value)) {
      row.put(field, value);
    } else if (Double.isNaN(value)) {
      row.putNull(field);
    } else {
      row.put(field, String.valueOf(value));
    }
  }
}
