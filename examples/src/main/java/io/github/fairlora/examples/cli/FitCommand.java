package io.github.fairlora.examples.cli;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.FineTune;
import io.github.fairlora.FitBuilder;
import io.github.fairlora.FitDefaults;
import io.github.fairlora.LoRA;
import io.github.fairlora.io.AtomicFiles;
import io.github.fairlora.io.Gpt2;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.io.PeftAdapters;
import io.github.fairlora.lora.Adapter;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.text.GptBpeTokenizer;
import io.github.fairlora.text.WordTokenizer;
import io.github.fairlora.train.MemoryEstimate;
import io.github.fairlora.train.ProgressListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fairlora fit}: LoRA (default) or full fine-tuning of a model on a text file. Writes a PEFT-compatible adapter
 * directory, or with {@code --merged} (always with {@code --full}) the whole model with the update folded in.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Fine-tune a model on texts: LoRA by default (writes a PEFT-compatible adapter directory: adapter_config.json "
            + "+ adapter_model.safetensors), or every weight with --full.",
        "With --merged (always with --full) the whole model is written instead: a llama2.c checkpoint (model.bin, "
            + "with its tokenizer beside it) or a Hugging Face GPT-2 directory; give that directory to --model later."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  fairlora fit --model stories260K.bin --tokenizer tok512.bin \\",
        "      --data stories.txt --rank 8 --out adapter",
        "  fairlora fit --built-in --data texts.txt --full --out tuned-model",
        "  fairlora generate --model tuned-model \"the nurse said\""})
final class FitCommand implements Callable<Integer> {
  @ParentCommand
  private FairloraCli cli;

  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelOptions model;

  @Mixin
  private DataOptions data;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "fairlora-out/fit",
      description = "Output directory for the adapter or the merged model (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--full", description = "Full fine-tuning: every weight trains; the whole model is written.")
  private boolean full;

  @Option(names = "--merged", description = "Write the model with the adapter folded into its weights instead of "
      + "the adapter alone.")
  private boolean merged;

  @Option(names = "--rank", paramLabel = "R", description = "LoRA rank (default " + FitDefaults.RANK + ").")
  private Integer rank;

  @Option(names = "--alpha", paramLabel = "A", description = "LoRA scaling numerator: scale = alpha / rank "
      + "(default " + FitDefaults.ALPHA_PER_RANK + " x rank).")
  private Double alpha;

  @Option(names = "--dropout", paramLabel = "P", description = "Dropout on the adapter input, in [0, 1) "
      + "(default 0).")
  private Double dropout;

  @Option(names = "--targets", paramLabel = "T", split = ",", description = "Projections that get adapters, "
      + "comma-separated: q, k, v, o, qkv, gate, up, down, attention, mlp, all_linear (default "
      + FitDefaults.TARGET_NAME + ").")
  private String[] targets;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default "
      + FitDefaults.LEARNING_RATE + ").")
  private Double learningRate;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default " + FitDefaults.EPOCHS
      + ").")
  private Integer epochs;

  @Option(names = "--max-steps", paramLabel = "N", description = "Stop after this many steps (default: none).")
  private Integer maxSteps;

  @Option(names = "--batch-size", paramLabel = "N", description = "Sequences per step (default "
      + FitDefaults.BATCH_SIZE + ").")
  private Integer batchSize;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of shuffling and adapter initialisation (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--allow-degenerate", description = "Save the result and exit 0 even when training collapsed (the "
      + "loss settled at ln(vocabulary): the model emits one token). Without it such a run is reported, nothing is "
      + "saved and the exit code is " + ExitCodes.DEGENERATE + ".")
  private boolean allowDegenerate;

  @Override
  public Integer call() throws IOException {
    PrintStream err = cli.err();
    model.validate(spec.commandLine(), true);
    if (data.data == null) {
      throw new ParameterException(spec.commandLine(), "fit needs --data FILE: the texts to fine-tune on");
    }
    if (full && (rank != null || alpha != null || dropout != null || targets != null)) {
      throw new ParameterException(spec.commandLine(),
          "--rank, --alpha, --dropout and --targets are LoRA settings; --full trains every weight");
    }
    validateSettings();
    OutputFiles.requireWritableDirectory("--out", out);
    List<String> texts = data.loadTexts();
    checkStepCount(texts.size());
    ModelOptions.Loaded loaded = model.load(spec.commandLine(), err);
    Decoder base = loaded.model();
    FitBuilder<?> builder = configure(base, err);
    int context = base.contextLength();
    DataOptions.Prepared prepared = DataOptions.prepare(texts, loaded.tokenizer(), context);
    DataOptions.describe(prepared, loaded.tokenizer(), context, err);

    cli.out().println("settings: " + settings(builder));
    AdaptedModel tuned;
    try {
      tuned = builder.fit(prepared.data());
    } catch (MemoryEstimate.InsufficientMemoryException e) {
      // The library's advice, in the command's terms.
      throw new ParameterException(spec.commandLine(), "--batch-size " + e.estimate().batchSize() + ": "
          + e.getMessage().replace("lower the batch size", "lower --batch-size")
              .replace("shorten the sequences (maximum length)", "use shorter texts"), e);
    }
    PrintStream printed = cli.out();
    printed.printf(Locale.ROOT, "%s: %d steps in %.1f s, loss %.4f -> %.4f (mean of the last 10 steps %.4f)%n",
        tuned.label(), tuned.history().steps(), tuned.history().seconds(), tuned.history().stepLosses().get(0),
        tuned.history().finalLoss(), tuned.history().meanOfLast(10));
    java.util.Optional<String> degenerate = tuned.degenerate();
    if (degenerate.isPresent()) {
      err.println("warning: " + degenerate.get() + "; the model is degenerate (it emits one token or noise). Try a "
          + "smaller --learning-rate.");
      if (!allowDegenerate) {
        err.println("nothing was saved; pass --allow-degenerate to save it anyway");
        return ExitCodes.DEGENERATE;
      }
    }
    long modelParameters = base.parameterCount();
    if (!full && !merged) {
      Adapter adapter = tuned.adapter().orElseThrow();
      write(() -> adapter.save(out, loaded.name()));
      long adapterParameters = adapter.parameterCount();
      // The trainable share was printed once when training started; here only the sizes.
      printed.printf(Locale.ROOT, "adapter: %,d parameters (%s as float32); the model has %,d (%s)%n",
          adapterParameters, TextTable.bytes(4 * adapterParameters), modelParameters,
          TextTable.bytes(4 * modelParameters));
      printed.println("saved adapter to " + out + " (" + listing(out) + ")");
    } else {
      Decoder whole = full ? tuned.model() : PeftAdapters.mergedCopy(tuned.model());
      write(() -> saveModel(whole, loaded));
      printed.printf(Locale.ROOT, "model: %,d parameters (%s as float32)%s%n", modelParameters,
          TextTable.bytes(4 * modelParameters), full ? ", all of them trained" : ", adapter folded in");
      printed.println("saved " + (full ? "fine-tuned" : "merged") + " model to " + out + " (" + listing(out) + ")");
    }
    return ExitCodes.SUCCESS;
  }

  /** Checks the settings before the model is loaded (or the built-in one pretrained); messages name the option. */
  private void validateSettings() {
    usage(rank == null || rank >= 1, "--rank (" + rank + ") must be positive");
    usage(alpha == null || alpha > 0 && Double.isFinite(alpha), "--alpha (" + alpha + ") must be positive and finite");
    usage(dropout == null || dropout >= 0 && dropout < 1, "--dropout (" + dropout + ") must be in [0, 1)");
    usage(learningRate == null || learningRate > 0 && Double.isFinite(learningRate),
        "--learning-rate (" + learningRate + ") must be positive and finite");
    usage(epochs == null || epochs >= 1, "--epochs (" + epochs + ") must be >= 1");
    usage(maxSteps == null || maxSteps >= 1, "--max-steps (" + maxSteps + ") must be >= 1");
    usage(batchSize == null || batchSize >= 1, "--batch-size (" + batchSize + ") must be >= 1");
    if (targets != null) {
      for (String name : targets) {
        try {
          Target.parse(name);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--targets: " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * Epochs × batches per epoch must be a countable number of steps (computed in long: 536870917 epochs used to wrap
   * around to a few steps). The data's text count is an upper bound of the training sequences.
   */
  private void checkStepCount(int texts) {
    if (maxSteps != null) {
      return;
    }
    long perEpoch = (texts + (long) (batchSize != null ? batchSize : 8) - 1) / (batchSize != null ? batchSize : 8);
    long total = perEpoch * (epochs != null ? epochs : 1);
    usage(total <= Integer.MAX_VALUE, "--epochs " + epochs + " × " + perEpoch + " batches per epoch = " + total
        + " steps, more than a run can count (" + Integer.MAX_VALUE + "); lower --epochs or set --max-steps");
  }

  private void usage(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** LoRA or full fine-tuning with the options given; a rejected value is a usage error. */
  private FitBuilder<?> configure(Decoder base, PrintStream err) {
    try {
      FitBuilder<?> builder;
      if (full) {
        builder = FineTune.full(base);
      } else {
        LoRA lora = LoRA.adapt(base);
        if (rank != null) {
          lora.rank(rank);
        }
        if (alpha != null) {
          lora.alpha(alpha);
        }
        if (dropout != null) {
          lora.dropout(dropout);
        }
        if (targets != null) {
          lora.targets(targets);
        }
        checkRankFits(lora, base.config());
        builder = lora;
      }
      if (learningRate != null) {
        builder.learningRate(learningRate);
      }
      if (epochs != null) {
        builder.epochs(epochs);
      }
      if (maxSteps != null) {
        builder.maxSteps(maxSteps);
      }
      if (batchSize != null) {
        builder.batchSize(batchSize);
      }
      String label = full ? "full" : "lora r=" + (rank != null ? rank : FitDefaults.RANK);
      return builder.seed(seed).listener(new ProgressListener(err, cli.interactive(), label, 5));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * The settings the fit runs with, given or defaulted ({@link FitDefaults}), in one line: what makes it comparable to
   * the sweep's variant of the same rank.
   */
  private static String settings(FitBuilder<?> builder) {
    var options = builder.options();
    String training = String.format(Locale.ROOT, "%d epochs%s, learning rate %s, batch size %d, %s schedule, seed %d",
        options.epochs(), options.maxSteps() > 0 ? " (at most " + options.maxSteps() + " steps)" : "",
        options.learningRate(), options.batchSize(), options.schedule().name().toLowerCase(Locale.ROOT),
        options.seed());
    if (builder instanceof LoRA lora) {
      var config = lora.config();
      return String.format(Locale.ROOT, "lora rank %d, alpha %s, targets %s, dropout %s, %s", config.rank(),
          config.alpha(), config.targets().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).sorted()
              .collect(Collectors.joining(",")), config.dropout(), training);
    }
    return "full fine-tuning, " + training;
  }

  /** A rank above a targeted projection's smaller side is refused up front, before the data is tokenised. */
  private static void checkRankFits(LoRA lora, DecoderConfig config) {
    int chosen = lora.config().rank();
    int smallest = Math.min(config.width(), config.family() == DecoderConfig.Family.LLAMA ? config.kvWidth()
        : config.width());
    boolean touchesKv = lora.config().targets().stream().anyMatch(t -> switch (t) {
      case K, V, ATTENTION, ALL_LINEAR -> true;
      default -> false;
    });
    int limit = touchesKv ? smallest : config.width();
    if (chosen > limit) {
      throw new IllegalArgumentException("--rank " + chosen + " exceeds the smallest targeted projection dimension ("
          + limit + ") of this model");
    }
  }

  /**
   * Writes a whole model: a GPT-2 directory (its tokenizer files copied beside it), or model.bin with the tokenizer
   * that goes with it (the llama2.c tokenizer file copied, or the built-in model's word vocabulary).
   */
  private void saveModel(Decoder whole, ModelOptions.Loaded loaded) throws IOException {
    if (whole.config().family() == DecoderConfig.Family.GPT2) {
      Gpt2.save(whole, out);
      Path tokenizerDirectory = model.tokenizer != null ? model.tokenizer : loaded.source();
      for (List<String> pair : List.of(List.of("encoder.json", "vocab.bpe"), List.of("vocab.json", "merges.txt"))) {
        if (pair.stream().allMatch(name -> Files.isRegularFile(tokenizerDirectory.resolve(name)))) {
          for (String name : pair) {
            copy(tokenizerDirectory.resolve(name), out.resolve(name));
          }
          break;
        }
      }
      if (!(loaded.tokenizer() instanceof GptBpeTokenizer)) {
        cli.err().println("note: the tokenizer was not written; give --tokenizer when loading " + out);
      }
      return;
    }
    if (whole.config().variant().ropeLayout() == io.github.fairlora.nn.Rope.Layout.ROTATE_HALF
        || whole.config().family() == DecoderConfig.Family.OPT) {
      // Loaded from a Hugging Face directory: written back in that layout, its tokenizer.json beside it.
      io.github.fairlora.io.HuggingFace.save(whole, out);
      Path source = model.tokenizer != null ? model.tokenizer : loaded.source();
      Path tokenizerJson = Files.isDirectory(source) ? source.resolve("tokenizer.json") : source;
      if (Files.isRegularFile(tokenizerJson) && tokenizerJson.getFileName().toString().endsWith(".json")) {
        copy(tokenizerJson, out.resolve("tokenizer.json"));
        Path tokenizerConfig = tokenizerJson.resolveSibling("tokenizer_config.json");
        if (Files.isRegularFile(tokenizerConfig)) {
          copy(tokenizerConfig, out.resolve("tokenizer_config.json"));
        }
      }
      return;
    }
    Llama2c.save(whole, out.resolve(ModelOptions.MERGED_LLAMA_FILE));
    if (loaded.tokenizer() instanceof WordTokenizer words) {
      words.save(out.resolve(ModelOptions.MERGED_WORD_TOKENIZER));
    } else if (model.tokenizer != null && Files.isRegularFile(model.tokenizer)) {
      copy(model.tokenizer, out.resolve(ModelOptions.MERGED_LLAMA_TOKENIZER));
    } else if (loaded.source() != null && Files.isDirectory(loaded.source())) {
      Path previous = loaded.source().resolve(ModelOptions.MERGED_LLAMA_TOKENIZER);
      if (Files.isRegularFile(previous)) {
        copy(previous, out.resolve(ModelOptions.MERGED_LLAMA_TOKENIZER));
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    AtomicFiles.write(to, stream -> Files.copy(from, stream));
  }

  /** Something that writes output files. */
  @FunctionalInterface
  private interface Writer {
    void write() throws IOException;
  }

  private void write(Writer writer) {
    try {
      writer.write();
    } catch (IOException e) {
      throw new OutputException("could not write " + out + ": " + OutputFiles.describe(e), e);
    }
  }

  /** "name (size), name (size)" of the plain files in {@code directory}. */
  private static String listing(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).sorted()
          .map(f -> f.getFileName() + " " + TextTable.bytes(sizeOf(f))).collect(Collectors.joining(", "));
    } catch (IOException e) {
      return "could not list: " + e.getMessage();
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
