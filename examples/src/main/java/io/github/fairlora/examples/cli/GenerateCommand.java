package io.github.fairlora.examples.cli;

import io.github.fairlora.generate.DecoderCompleter;
import io.github.fairlora.generate.GenerationOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fairlora generate}: samples continuations of a prompt, optionally with a PEFT adapter applied. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Sample continuations of a prompt from a model, optionally with a PEFT LoRA adapter applied. Generation stops "
            + "at --max-tokens, at the end-of-text token, or at the model's context length.",
        "--temperature 0 is greedy decoding (deterministic)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  fairlora generate --model stories260K.bin --tokenizer tok512.bin \\",
        "      \"Once upon a time\"",
        "  fairlora generate --built-in --samples 3 \"the nurse said that\""})
final class GenerateCommand implements Callable<Integer> {
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

  @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT", defaultValue = "",
      description = "The text to continue (default: empty, the model starts from its beginning-of-text token).")
  private String prompt;

  @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "50",
      description = "Most new tokens per sample (default: ${DEFAULT-VALUE}).")
  private int maxTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
      description = "Sampling temperature, >= 0; 0 is greedy (default: ${DEFAULT-VALUE}).")
  private float temperature;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
      description = "Sample among the K most likely tokens; 0 is off (default: ${DEFAULT-VALUE}).")
  private int topK;

  @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95",
      description = "Nucleus sampling: the smallest set of tokens with this much probability; 1 is off "
          + "(default: ${DEFAULT-VALUE}).")
  private float topP;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Sampling seed (default: "
      + "${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = {"-n", "--samples"}, paramLabel = "N", defaultValue = "1",
      description = "How many continuations to sample (default: ${DEFAULT-VALUE}).")
  private int samples;

  @Override
  public Integer call() throws IOException {
    model.validate(spec.commandLine(), true);
    require(maxTokens >= 1, "--max-tokens (" + maxTokens + ") must be positive");
    require(temperature >= 0 && Float.isFinite(temperature), "--temperature (" + temperature
        + ") must be finite and >= 0 (0 = greedy)");
    require(topK >= 0, "--top-k (" + topK + ") must be >= 0 (0 = off)");
    require(topP > 0 && topP <= 1, "--top-p (" + topP + ") must be in (0, 1] (1 = off)");
    require(samples >= 1, "--samples (" + samples + ") must be positive");
    GenerationOptions options = GenerationOptions.sampling(maxTokens, temperature, topK, topP, seed);
    if (adapter != null) {
      InputFiles.requireDirectory("--adapter", adapter);
    }
    ModelOptions.Loaded loaded = model.load(spec.commandLine(), cli.err());
    if (adapter != null) {
      ModelOptions.applyAdapter(loaded, adapter, cli.err());
      cli.err().println("applied adapter " + adapter);
    }
    DecoderCompleter completer = new DecoderCompleter(loaded.model(), loaded.tokenizer(), options);
    List<String> continuations;
    try {
      continuations = completer.complete(prompt, samples, seed);
    } catch (IllegalArgumentException e) {
      // An empty prompt without BOS, or a prompt that fills the context.
      throw new ParameterException(spec.commandLine(), "PROMPT: " + e.getMessage(), e);
    }
    PrintStream printed = cli.out();
    for (int i = 0; i < continuations.size(); i++) {
      if (continuations.size() > 1) {
        printed.println("--- sample " + (i + 1) + " ---");
      }
      printed.println(prompt + continuations.get(i));
    }
    return ExitCodes.SUCCESS;
  }

  private void require(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
