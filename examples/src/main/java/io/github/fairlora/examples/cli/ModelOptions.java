package io.github.fairlora.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.datasets.synthetic.SyntheticCorpusSettings;
import io.github.fairlora.io.Gpt2;
import io.github.fairlora.io.HuggingFace;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.io.PeftAdapters;
import io.github.fairlora.lora.Adapter;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.text.GptBpeTokenizer;
import io.github.fairlora.text.HfTokenizer;
import io.github.fairlora.text.SentencePieceBpeTokenizer;
import io.github.fairlora.text.Tokenizer;
import io.github.fairlora.text.WordTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Which model a command works on: a llama2.c checkpoint with its tokenizer, a Hugging Face GPT-2 directory, a
 * directory written by {@code fairlora fit --merged}, or the built-in base model (pretrained on the spot, seeded).
 */
final class ModelOptions {
  /** The corpus seed of the built-in experiment when none is given (the synthetic corpus's own default). */
  static final long DEFAULT_BUILT_IN_SEED = 42;
  /** Sentences of the built-in corpus when none are given. */
  static final int DEFAULT_BUILT_IN_SENTENCES = 4000;
  /** How the built-in model is named in output and in adapter_config.json, followed by its settings. */
  static final String BUILT_IN_NAME = "fairlora-built-in";
  /** The file name {@code fit --merged} gives a Llama-style model inside its output directory. */
  static final String MERGED_LLAMA_FILE = "model.bin";
  /** The llama2.c tokenizer file name inside such a directory. */
  static final String MERGED_LLAMA_TOKENIZER = "tokenizer.bin";
  /** The word-tokenizer vocabulary file name inside such a directory (for the built-in model). */
  static final String MERGED_WORD_TOKENIZER = "tokenizer.txt";

  @Option(names = "--model", paramLabel = "PATH", description = {
      "A llama2.c checkpoint (.bin, needs --tokenizer), a Hugging Face directory of model_type gpt2, llama, "
          + "mistral, qwen2 or opt (config.json + model.safetensors or model.safetensors.index.json; "
          + "tokenizer.json or the GPT-2 tokenizer files beside them, or --tokenizer), or a directory written by "
          + "'fairlora fit --merged' or '--full'."})
  Path model;

  @Option(names = "--tokenizer", paramLabel = "PATH", description = {
      "The model's tokenizer: a llama2.c tokenizer (.bin, e.g. tok512.bin), a Hugging Face tokenizer.json (or a "
          + "directory holding one), a GPT-2 tokenizer directory (encoder.json + vocab.bpe, or vocab.json + "
          + "merges.txt) or a word vocabulary (.txt, one token a line)."})
  Path tokenizer;

  @Option(names = "--built-in", description = "The built-in base model: a tiny word-level decoder pretrained, "
      + "seeded, on the built-in synthetic biased corpus (nothing to download).")
  boolean builtIn;

  @Option(names = "--built-in-seed", paramLabel = "N",
      description = "Seed of the built-in corpus and base model (default " + DEFAULT_BUILT_IN_SEED + ").")
  Long builtInSeed;

  @Option(names = "--built-in-sentences", paramLabel = "N", description = "Sentences of the built-in corpus "
      + "(default " + DEFAULT_BUILT_IN_SENTENCES + ").")
  Integer builtInSentences;

  @Option(names = "--built-in-cache", paramLabel = "DIR", description = "Where to look for the pretrained built-in "
      + "base model that 'fairlora sweep' keeps in <out>/checkpoints (default " + DEFAULT_BUILT_IN_CACHE + ", the "
      + "default sweep's); when it holds none with the same seed, sentences and epochs, the model is pretrained on the "
      + "spot. Only read, never written.")
  Path builtInCache;

  /** The default sweep's checkpoint directory, where --built-in looks for an already pretrained model. */
  static final String DEFAULT_BUILT_IN_CACHE = SweepCommand.DEFAULT_OUT + "/checkpoints";

  @Option(names = "--pretraining-epochs", paramLabel = "N", description = "Epochs of pretraining the built-in "
      + "base model (default " + BuiltInExperiment.DEFAULT_PRETRAINING_EPOCHS + ").")
  Integer pretrainingEpochs;

  /**
   * A model and its tokenizer.
   *
   * @param model the decoder, tokenizer attached
   * @param tokenizer its tokenizer
   * @param name how to refer to the model in output and in adapter_config.json
   * @param source the checkpoint path, or null for the built-in model
   * @param builtIn the built-in experiment the model came from, or null
   */
  record Loaded(Decoder model, Tokenizer tokenizer, String name, Path source, BuiltInExperiment.Prepared builtIn) {}

  /** Whether a model was named at all (--model or --built-in). */
  boolean given() {
    return model != null || builtIn;
  }

  /** Refuses contradictory model options; {@code required} also refuses none. */
  void validate(CommandLine commandLine, boolean required) {
    if (model != null && builtIn) {
      throw new ParameterException(commandLine, "--model and --built-in exclude each other: give one");
    }
    if (tokenizer != null && model == null) {
      throw new ParameterException(commandLine, "--tokenizer goes with --model (the built-in model has its own)");
    }
    if (model != null && (builtInSeed != null || builtInSentences != null || pretrainingEpochs != null
        || builtInCache != null)) {
      throw new ParameterException(commandLine, "--built-in-seed, --built-in-sentences, --pretraining-epochs and "
          + "--built-in-cache apply to the built-in model, not --model");
    }
    if (required && !given()) {
      throw new ParameterException(commandLine, "no model: give --model PATH (with --tokenizer for a llama2.c "
          + ".bin) or --built-in");
    }
    if (builtInSentences != null
        && (builtInSentences < 1 || builtInSentences > SyntheticCorpusSettings.MAX_SENTENCES)) {
      throw new ParameterException(commandLine, "--built-in-sentences (" + builtInSentences + ") must be in 1.."
          + SyntheticCorpusSettings.MAX_SENTENCES);
    }
    if (pretrainingEpochs != null && pretrainingEpochs < 1) {
      throw new ParameterException(commandLine, "--pretraining-epochs (" + pretrainingEpochs + ") must be >= 1");
    }
  }

  /** Loads the model named by --model, or prepares the built-in one when there is none. */
  Loaded load(CommandLine commandLine, PrintStream progress) throws IOException {
    if (model == null) {
      // Reuse the model a sweep pretrained with the same settings; never write one here (no side effects).
      Path cache = builtInCache != null ? builtInCache : Path.of(DEFAULT_BUILT_IN_CACHE);
      Path cached = BuiltInExperiment.cachedBaseModel(cache, seed(), sentences(DEFAULT_BUILT_IN_SENTENCES),
          epochs(BuiltInExperiment.DEFAULT_PRETRAINING_EPOCHS));
      return builtIn(progress, DEFAULT_BUILT_IN_SENTENCES, BuiltInExperiment.DEFAULT_PRETRAINING_EPOCHS,
          Files.isRegularFile(cached) ? cache : null);
    }
    return fromPath(commandLine);
  }

  /** The built-in experiment, with these corpus and pretraining sizes unless the options set them. */
  Loaded builtIn(PrintStream progress, int defaultSentences, int defaultEpochs) {
    try {
      return builtIn(progress, defaultSentences, defaultEpochs, null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // not reached: nothing is cached without a directory
    }
  }

  /** Like {@link #builtIn(PrintStream, int, int)}, keeping the pretrained model in {@code cache} (null: none). */
  Loaded builtIn(PrintStream progress, int defaultSentences, int defaultEpochs, Path cache) throws IOException {
    long seed = seed();
    int sentences = sentences(defaultSentences);
    int epochs = epochs(defaultEpochs);
    BuiltInExperiment.Prepared prepared = BuiltInExperiment.prepare(seed, sentences, epochs, progress, cache);
    String name = String.format(Locale.ROOT, BUILT_IN_NAME + "(seed=%d,sentences=%d,pretraining-epochs=%d)", seed,
        sentences, epochs);
    return new Loaded(prepared.base(), prepared.tokenizer(), name, null, prepared);
  }

  private long seed() {
    return builtInSeed != null ? builtInSeed : DEFAULT_BUILT_IN_SEED;
  }

  private int sentences(int defaultSentences) {
    return builtInSentences != null ? builtInSentences : defaultSentences;
  }

  private int epochs(int defaultEpochs) {
    return pretrainingEpochs != null ? pretrainingEpochs : defaultEpochs;
  }

  private Loaded fromPath(CommandLine commandLine) throws IOException {
    InputFiles.requireExisting("--model", model);
    if (tokenizer != null) {
      InputFiles.requireExisting("--tokenizer", tokenizer);
    }
    if (Files.isDirectory(model)) {
      if (HuggingFace.isCheckpointDirectory(model) && !isGpt2(model)) {
        // A Llama-family Hugging Face directory (llama, mistral, qwen2); its tokenizer.json is attached by the loader.
        Decoder decoder = HuggingFace.load(model);
        Tokenizer tok = tokenizer != null ? loadTokenizer(decoder) : decoder.tokenizer().orElseThrow(
            () -> new InputException("--model " + model + " holds no " + HuggingFace.TOKENIZER_FILE + "; copy it there"
                + " or give --tokenizer FILE"));
        return attach(decoder, tok);
      }
      if (Files.exists(model.resolve(Gpt2.CONFIG_FILE))) {
        Decoder decoder = Gpt2.load(model);
        Tokenizer tok = tokenizer != null ? loadTokenizer(decoder) : decoder.tokenizer().orElseThrow(
            () -> new InputException("--model " + model + " holds no GPT-2 tokenizer files (encoder.json + vocab.bpe, "
                + "or vocab.json + merges.txt); copy them there or give --tokenizer DIR"));
        return attach(decoder, tok);
      }
      Path checkpoint = model.resolve(MERGED_LLAMA_FILE);
      if (Files.isRegularFile(checkpoint)) {
        Decoder decoder = Llama2c.load(checkpoint);
        Tokenizer tok;
        if (tokenizer != null) {
          tok = loadTokenizer(decoder);
        } else if (Files.isRegularFile(model.resolve(MERGED_WORD_TOKENIZER))) {
          tok = WordTokenizer.load(model.resolve(MERGED_WORD_TOKENIZER));
        } else if (Files.isRegularFile(model.resolve(MERGED_LLAMA_TOKENIZER))) {
          tok = SentencePieceBpeTokenizer.load(model.resolve(MERGED_LLAMA_TOKENIZER), decoder.vocabularySize());
        } else {
          throw new InputException("--model " + model + " holds " + MERGED_LLAMA_FILE + " but no tokenizer ("
              + MERGED_LLAMA_TOKENIZER + " or " + MERGED_WORD_TOKENIZER + "); give --tokenizer");
        }
        return attach(decoder, tok);
      }
      throw new InputException("--model " + model + " is neither a Hugging Face checkpoint directory ("
          + Gpt2.CONFIG_FILE + " + " + Gpt2.WEIGHTS_FILE + " or model.safetensors.index.json) nor a directory written"
          + " by 'fairlora fit --merged' (" + MERGED_LLAMA_FILE + " + tokenizer)");
    }
    if (tokenizer == null) {
      throw new ParameterException(commandLine, "a llama2.c checkpoint needs its tokenizer: add --tokenizer FILE "
          + "(e.g. tok512.bin for stories260K.bin)");
    }
    Decoder decoder = Llama2c.load(model);
    return attach(decoder, loadTokenizer(decoder));
  }

  /** Whether the Hugging Face directory's config.json says model_type gpt2 (or says none, as old GPT-2 exports). */
  private static boolean isGpt2(Path directory) throws IOException {
    JsonNode type = new ObjectMapper().readTree(directory.resolve(Gpt2.CONFIG_FILE).toFile()).path("model_type");
    return type.isMissingNode() || type.isNull() || type.asText().equals("gpt2");
  }

  private Tokenizer loadTokenizer(Decoder decoder) throws IOException {
    InputFiles.requireExisting("--tokenizer", tokenizer);
    if (Files.isDirectory(tokenizer) && Files.isRegularFile(tokenizer.resolve(HfTokenizer.FILE))) {
      return HfTokenizer.load(tokenizer);
    }
    if (tokenizer.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return HfTokenizer.load(tokenizer);
    }
    if (Files.isDirectory(tokenizer)) {
      return GptBpeTokenizer.load(tokenizer);
    }
    if (tokenizer.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
      return WordTokenizer.load(tokenizer);
    }
    return SentencePieceBpeTokenizer.load(tokenizer, decoder.vocabularySize());
  }

  private Loaded attach(Decoder decoder, Tokenizer tok) {
    if (tok.vocabularySize() > decoder.vocabularySize()) {
      throw new InputException("the tokenizer " + (tokenizer != null ? tokenizer : model) + " has "
          + tok.vocabularySize() + " ids but the model " + model + " has a vocabulary of " + decoder.vocabularySize()
          + ": they do not belong together");
    }
    decoder.setTokenizer(tok);
    return new Loaded(decoder, tok, model.toString(), model, null);
  }

  /**
   * Applies the PEFT adapter in {@code directory} to the loaded model (which must carry none yet). An adapter that
   * {@code fit} trained on a built-in model with other settings still has the right shapes, but it belongs to another
   * base model: that is reported on {@code progress} (the numbers would mean little).
   */
  static Adapter applyAdapter(Loaded loaded, Path directory, PrintStream progress) throws IOException {
    InputFiles.requireDirectory("--adapter", directory);
    Adapter adapter = PeftAdapters.load(loaded.model(), directory);
    JsonNode base = new ObjectMapper().readTree(directory.resolve(PeftAdapters.CONFIG_FILE).toFile())
        .path("base_model_name_or_path");
    if (base.isTextual() && base.asText().startsWith(BUILT_IN_NAME) && !base.asText().equals(loaded.name())) {
      progress.println("warning: the adapter in " + directory + " was trained on " + base.asText() + ", but the model "
          + "here is " + loaded.name() + "; give the same --built-in-seed, --built-in-sentences and "
          + "--pretraining-epochs as to fit");
    }
    return adapter;
  }
}
