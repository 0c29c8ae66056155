package io.github.fairlora.examples.cli;

import io.github.fairlora.datasets.synthetic.BuiltInBaseModel;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.sweep.DistributedSweepRunner;
import io.github.fairlora.sweep.MetricDirection;
import io.github.fairlora.sweep.MetricResult;
import io.github.fairlora.sweep.RankSweep;
import io.github.fairlora.sweep.SweepProbe;
import io.github.fairlora.sweep.SweepReport;
import io.github.fairlora.sweep.SweepResults;
import io.github.fairlora.sweep.Variant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fairlora sweep}: the rank-sweep audit. Fine-tunes the base model with LoRA at each rank and with full
 * fine-tuning, measures every variant, and writes report.html, results.json, results.csv and plots. Without a model
 * it runs the built-in experiment; finished variants are kept under {@code <out>/variants}, so a second run resumes.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "The rank-sweep audit: fine-tune a base model with LoRA at several ranks and with full fine-tuning on the "
            + "same data, measure bias, toxicity and how far each variant moved from the base, and write a report "
            + "(report.html, results.json, results.csv, plots/).",
        "",
        "Without --model it runs the built-in experiment: a tiny model pretrained on a synthetic corpus with "
            + "stereotyped associations, fine-tuned on its balanced counterpart (a few minutes, nothing to download).",
        "With --model, --data is required and the probes come from benchmark files.",
        "Finished variants are saved under <out>/variants as they complete; running the same command again resumes."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  fairlora sweep",
        "  fairlora sweep --quick --out /tmp/smoke",
        "  fairlora sweep --model stories260K.bin --tokenizer tok512.bin \\",
        "      --data stories.txt --crows-pairs crows_pairs_anonymized.csv \\",
        "      --ranks 1,4,16 --max-steps 200"})
final class SweepCommand implements Callable<Integer> {
  /** Ranks of a --quick sweep. */
  static final int[] QUICK_RANKS = {1, 4};
  /** Corpus sentences of a --quick built-in sweep. */
  static final int QUICK_SENTENCES = 800;
  /** Pretraining epochs of a --quick built-in sweep. */
  static final int QUICK_PRETRAINING_EPOCHS = 2;
  /** Fine-tuning texts a --quick sweep of a user's data keeps. */
  static final int QUICK_TEXTS = 256;
  /** Texts the KL and logit-lens measures read when the data is the user's. */
  static final int SHIFT_TEXTS = 64;

  @ParentCommand
  private FairloraCli cli;

  @Spec
  private CommandSpec spec;

  /** The default output directory; its checkpoints/ is where other commands look for the built-in base model. */
  static final String DEFAULT_OUT = "fairlora-out/sweep";

  @Option(names = "--out", paramLabel = "DIR", defaultValue = DEFAULT_OUT,
      description = "Where the report and the per-variant results go (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--ranks", paramLabel = "R", split = ",",
      description = "LoRA ranks, comma-separated, each >= 1 and at most the model's smallest targeted dimension "
          + "(default: 1,2,4,... up to a quarter of the model width, 1,2,4,8,16 for the built-in model; with --quick "
          + "1,4).")
  private int[] ranks;

  @Option(names = "--seeds", paramLabel = "S", split = ",",
      description = "Training seeds, comma-separated; intervals resample seeds and items (default 0,1,2; with "
          + "--quick 0).")
  private long[] seeds;

  @Option(names = "--epochs", paramLabel = "N", description = "Fine-tuning epochs (default 2; with --quick 1).")
  private Integer epochs;

  @Option(names = "--max-steps", paramLabel = "N", description = "Cap on optimizer steps per run (default: none).")
  private Integer maxSteps;

  @Option(names = "--batch-size", paramLabel = "N", description = "Sequences per step (default 32).")
  private Integer batchSize;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate of the LoRA runs "
      + "(default 1e-3).")
  private Double learningRate;

  @Option(names = "--full-learning-rate", paramLabel = "LR", description = "Peak learning rate of full "
      + "fine-tuning (default: the LoRA rate).")
  private Double fullLearningRate;

  @Option(names = "--targets", paramLabel = "T", split = ",", description = "Projections that get adapters, "
      + "comma-separated: q, k, v, o, qkv, gate, up, down, attention, mlp, all_linear (default all_linear).")
  private String[] targets;

  @Option(names = "--quick", description = "Tiny settings for a smoke test, well under a minute: a small corpus, "
      + QUICK_PRETRAINING_EPOCHS + " pretraining epochs, ranks 1,4, 1 epoch (with --data: its first "
      + QUICK_TEXTS + " texts). Options given explicitly win.")
  private boolean quick;

  @Option(names = "--fresh", description = "Delete the per-variant results of an earlier run in --out instead of "
      + "resuming from them.")
  private boolean fresh;

  @Option(names = "--spark-master", paramLabel = "URL", description = "Run the sweep's variants as Apache Spark "
      + "tasks on this master (local[4], local[4,2] to retry failed tasks, spark://host:7077, or 'submit' for the "
      + "one spark-submit set) and assemble the same results here; needs the fairlora-spark module on the class "
      + "path (see docs/scaling.md).")
  String sparkMaster;

  @Mixin
  private ModelOptions model;

  /** The model the sweep runs on, once {@link #sweepBuilder} loaded it. */
  private ModelOptions.Loaded loaded;

  @Mixin
  private DataOptions data;

  @Mixin
  private ProbeOptions probes;

  @Override
  public Integer call() throws IOException {
    PrintStream err = cli.err();
    model.validate(spec.commandLine(), false);
    if (model.builtInCache != null) {
      throw new ParameterException(spec.commandLine(), "--built-in-cache is for the other commands: sweep keeps its "
          + "pretrained built-in base model in <out>/checkpoints (" + out.resolve("checkpoints") + ")");
    }
    probes.validate(spec.commandLine());
    if (model.model != null && data.data == null) {
      throw new ParameterException(spec.commandLine(), "--model needs --data FILE: the texts to fine-tune on");
    }
    if (!model.given() && data.data != null) {
      throw new ParameterException(spec.commandLine(), "--data needs --model (or --built-in): the built-in "
          + "experiment brings its own data");
    }
    // Settings are checked before anything slow starts.
    validateSettings();
    OutputFiles.requireWritableDirectory("--out", out);
    DistributedSweepRunner runner = sparkMaster == null ? null : DistributedSweepRunner.find().orElseThrow(
        () -> new ParameterException(spec.commandLine(), "--spark-master needs the fairlora-spark module on the class "
            + "path, and it is not there: run spark/target/fairlora-spark.jar with Spark's jars, or spark-submit it "
            + "(see docs/scaling.md)"));
    List<Target> targetList = parseTargets();
    Path variants = out.resolve("variants");
    if (fresh) {
      int removed = deleteEarlierResults();
      if (removed > 0) {
        err.println("--fresh: removed " + removed + " earlier variant result(s) from " + variants);
      }
    }
    long resumable = finishedVariants(variants);
    if (resumable > 0) {
      err.println("resuming: " + resumable + " finished variant(s) in " + variants + " are reused (--fresh starts "
          + "over)");
    }
    long started = System.nanoTime();
    RankSweep.Builder builder = sweepBuilder(err, targetList, null);
    RankSweep sweep;
    try {
      sweep = builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    SweepResults results;
    try {
      results = runner == null ? sweep.run()
          : runner.run(CommandLineSweepRecipe.of(spec.commandLine().getParseResult().originalArgs(), loaded),
              sparkMaster, out, err);
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("cannot resume")) {
        throw new IllegalStateException(e.getMessage() + " Or run again with --fresh to discard them.", e);
      }
      throw e;
    }
    SweepReport.ReportFiles files;
    try {
      files = SweepReport.write(results, out);
    } catch (IOException e) {
      throw new OutputException("could not write the report into " + out + ": " + e.getMessage(), e);
    }
    printSummary(results, files, resumable, Duration.ofNanos(System.nanoTime() - started));
    return ExitCodes.SUCCESS;
  }

  /**
   * The sweep's builder, output directory and progress set: probe files and data read, the model loaded (or the
   * built-in one prepared), the options applied. {@code shipped}, when given, is the model to use instead of loading
   * one: a Spark executor rebuilding the sweep gets the driver's built-in base model this way, without pretraining.
   */
  RankSweep.Builder sweepBuilder(PrintStream err, List<Target> targetList, ModelOptions.Loaded shipped)
      throws IOException {
    // Input files are read before the model is loaded (or the built-in one pretrained): a bad file fails fast.
    List<SweepProbe> fileProbes = probes.load();
    List<String> texts = data.data == null ? null : data.loadTexts();
    loaded = shipped != null ? shipped : model.model != null ? model.load(spec.commandLine(), err)
        : model.builtIn(err, quick ? QUICK_SENTENCES : ModelOptions.DEFAULT_BUILT_IN_SENTENCES,
            quick ? QUICK_PRETRAINING_EPOCHS : BuiltInExperiment.DEFAULT_PRETRAINING_EPOCHS,
            out.resolve("checkpoints"));
    RankSweep.Builder builder;
    if (texts == null) {
      builder = BuiltInExperiment.sweep(loaded.builtIn());
    } else {
      builder = userDataSweep(loaded, texts, err);
      if (loaded.builtIn() != null) {
        loaded.builtIn().probes().forEach(builder::probe);
      }
      if (fileProbes.isEmpty() && loaded.builtIn() == null) {
        err.println("note: no probe file given (" + ProbeOptions.ALL + "): the sweep measures only how far each "
            + "variant moved from the base (KL, logit lens)");
      }
    }
    fileProbes.forEach(builder::probe);
    configure(builder, loaded.model(), targetList);
    builder.outputDirectory(out).progress(err, cli.interactive());
    return builder;
  }

  /** The targets option parsed (for {@link CommandLineSweepRecipe}, which rebuilds the sweep on an executor). */
  List<Target> targets() {
    return parseTargets();
  }

  /** A sweep of a model on the user's texts (cut to the model's context). */
  private RankSweep.Builder userDataSweep(ModelOptions.Loaded loaded, List<String> texts, PrintStream err) {
    if (quick && texts.size() > QUICK_TEXTS) {
      texts = texts.subList(0, QUICK_TEXTS);
    }
    int context = loaded.model().contextLength();
    DataOptions.Prepared prepared = DataOptions.prepare(texts, loaded.tokenizer(), context);
    DataOptions.describe(prepared, loaded.tokenizer(), context, err);
    List<String> shift = prepared.shiftTexts(SHIFT_TEXTS);
    return RankSweep.builder(loaded.model(), loaded.tokenizer())
        .title("LoRA rank sweep of " + loaded.name())
        .fineTuningData(prepared.data())
        .shiftTexts(shift)
        .setting("data", data.data + " (" + prepared.data().size() + " texts"
            + (prepared.truncated() > 0 ? ", " + prepared.truncated() + " cut to the context" : "") + ")");
  }

  /**
   * Checks the numeric settings before the (slow) model preparation, with the rules the sweep applies; the message
   * names the option.
   */
  private void validateSettings() {
    if (ranks != null) {
      int[] sorted = ranks.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        usage(sorted[i] >= 1, "--ranks: rank (" + sorted[i] + ") must be positive");
        usage(i == 0 || sorted[i] != sorted[i - 1], "--ranks: rank " + sorted[i] + " is listed twice");
      }
      if (model.model == null) {
        int limit = BuiltInBaseModel.WIDTH;
        usage(sorted[sorted.length - 1] <= limit, "--ranks: rank " + sorted[sorted.length - 1] + " exceeds the "
            + "built-in model's projection dimension (" + limit + ")");
      }
    }
    if (seeds != null) {
      usage(Arrays.stream(seeds).distinct().count() == seeds.length,
          "--seeds " + Arrays.toString(seeds) + " contain a duplicate");
    }
    usage(epochs == null || epochs >= 1, "--epochs (" + epochs + ") must be >= 1");
    usage(maxSteps == null || maxSteps >= 1, "--max-steps (" + maxSteps + ") must be >= 1");
    usage(batchSize == null || batchSize >= 1, "--batch-size (" + batchSize + ") must be >= 1");
    usage(learningRate == null || learningRate > 0 && Double.isFinite(learningRate),
        "--learning-rate (" + learningRate + ") must be positive and finite");
    usage(fullLearningRate == null || fullLearningRate > 0 && Double.isFinite(fullLearningRate),
        "--full-learning-rate (" + fullLearningRate + ") must be positive and finite");
  }

  private void usage(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** The options given (and the --quick presets) applied to the builder; a rejected value is a usage error. */
  private void configure(RankSweep.Builder builder, io.github.fairlora.model.Decoder decoder, List<Target> targetList) {
    try {
      if (ranks != null) {
        builder.ranks(ranks);
      } else if (quick) {
        builder.ranks(QUICK_RANKS);
      } else if (model.model != null) {
        builder.ranks(defaultRanksThatFit(decoder, targetList));
      }
      if (seeds != null) {
        builder.seeds(seeds);
      } else if (quick) {
        builder.seeds(0);
      }
      if (epochs != null) {
        builder.epochs(epochs);
      } else if (quick) {
        builder.epochs(1);
      }
      if (maxSteps != null) {
        builder.maxSteps(maxSteps);
      }
      if (batchSize != null) {
        builder.batchSize(batchSize);
      }
      if (learningRate != null) {
        builder.learningRate(learningRate);
      }
      if (fullLearningRate != null) {
        builder.fullLearningRate(fullLearningRate);
      }
      if (!targetList.isEmpty()) {
        builder.targets(targetList.toArray(Target[]::new));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The default ranks up to the smallest targeted projection dimension of the model (a rank cannot exceed it). */
  private int[] defaultRanksThatFit(io.github.fairlora.model.Decoder decoder, List<Target> targetList) {
    int smallest = Math.min(RankSweep.largestRank(decoder, targetList), Math.max(1, decoder.config().width() / 4));
    int[] fitting = RankSweep.DEFAULT_RANKS.stream().mapToInt(Integer::intValue).filter(r -> r <= smallest).toArray();
    if (fitting.length < RankSweep.DEFAULT_RANKS.size()) {
      cli.err().println("ranks: " + Arrays.toString(fitting) + " (larger default ranks exceed a quarter of the model "
          + "width or its smallest projection dimension, " + smallest + ")");
    }
    return fitting;
  }

  private List<Target> parseTargets() {
    List<Target> parsed = new ArrayList<>();
    if (targets != null) {
      for (String name : targets) {
        try {
          parsed.add(Target.parse(name));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--targets: " + e.getMessage(), e);
        }
      }
    }
    return parsed;
  }

  /** Removes {@code <out>/variants} and {@code <out>/checkpoints}; returns how many variant results were there. */
  private int deleteEarlierResults() {
    int removed = (int) finishedVariants(out.resolve("variants"));
    for (String name : List.of("variants", "checkpoints")) {
      Path directory = out.resolve(name);
      if (!Files.exists(directory)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(directory)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      } catch (IOException e) {
        throw new OutputException("--fresh could not delete " + directory + ": " + e.getMessage(), e);
      }
    }
    return removed;
  }

  /** Variant result files (not their item files) in {@code directory}. */
  private static long finishedVariants(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".json") && !name.endsWith(".items.json")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private void printSummary(SweepResults results, SweepReport.ReportFiles files, long resumed, Duration took) {
    PrintStream printed = cli.out();
    printed.println();
    printed.printf(Locale.ROOT, "%s: %d variants in %s%s%n", results.title(), results.variants().size(),
        format(took), resumed > 0 ? " (" + resumed + " resumed from " + out.resolve("variants") + ")" : "");
    Optional<String> main = results.verdict() != null ? Optional.of(results.verdict().metric())
        : mainBiasMetric(results);
    TextTable table = new TextTable("variant", main.orElse("(no bias metric)"), "95% interval", "KL to base",
        "retention", "95% interval");
    for (Variant variant : results.variants()) {
      String value = "-";
      String valueInterval = "";
      String retention = "-";
      String retentionInterval = "";
      if (main.isPresent()) {
        Optional<MetricResult> row = results.metric(variant, main.get());
        if (row.isPresent()) {
          value = TextTable.number(row.get().value());
          valueInterval = TextTable.interval(row.get().lower(), row.get().upper());
        }
        if (results.isDegenerate(variant)) {
          value = "degenerate";
          valueInterval = "";
        }
        Optional<MetricResult> retained = results.metric(variant, "retention." + main.get());
        if (retained.isPresent()) {
          retention = TextTable.number(retained.get().value());
          retentionInterval = TextTable.interval(retained.get().lower(), retained.get().upper());
        } else if (variant.kind() == io.github.fairlora.sweep.VariantKind.BASE) {
          retention = "1 (def.)";
        } else if (variant.kind() == io.github.fairlora.sweep.VariantKind.FULL) {
          retention = "0 (def.)";
        }
      }
      String kl = results.metric(variant, "shift.kl_to_base").map(r -> TextTable.number(r.value())).orElse("-");
      table.row(variant.displayName(), value, valueInterval, kl, retention, retentionInterval);
    }
    printed.print(table.render());
    if (main.isPresent()) {
      printed.println("retention = (b(variant) - b(full)) / (b(base) - b(full)), b = the bias magnitude of " + main.get()
          + io.github.fairlora.sweep.BiasMagnitude.forMetric(main.get()).map(m -> " (" + m.description() + ")")
              .orElse("") + "; 1 = all of the base model's bias, 0 = as little as full "
          + "fine-tuning; below 0 or above 1 = past either end");
    }
    if (results.verdict() != null) {
      printed.println("verdict: " + results.verdict().statement());
    }
    for (String note : results.notes()) {
      printed.println("note: " + note);
    }
    printed.println();
    printed.println("Report: " + files.html().toAbsolutePath());
    printed.println("Also written: " + files.json().getFileName() + ", " + files.csv().getFileName() + " and "
        + files.plots().size() + " plots in " + files.html().toAbsolutePath().getParent());
  }

  /**
   * The metric the summary shows: the first stereotype percentage measured (the figure most bias benchmarks report),
   * else the first metric where higher means more bias or toxicity.
   */
  static Optional<String> mainBiasMetric(SweepResults results) {
    List<String> names = results.metricNames().stream()
        .filter(name -> !name.startsWith("retention.") && !name.startsWith("shift.")).toList();
    Optional<String> stereotype = names.stream().filter(name -> name.endsWith(".pct_stereotype")).findFirst();
    if (stereotype.isPresent()) {
      return stereotype;
    }
    return names.stream()
        .filter(name -> results.direction(name).orElse(MetricDirection.UNSPECIFIED)
            == MetricDirection.HIGHER_IS_MORE_BIASED)
        .findFirst();
  }

  private static String format(Duration duration) {
    long seconds = Math.round(duration.toMillis() / 1000.0);
    return seconds >= 60 ? String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60) : seconds + " s";
  }
}
