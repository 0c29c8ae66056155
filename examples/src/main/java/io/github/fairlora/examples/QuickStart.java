package io.github.fairlora.examples;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.LoRA;
import io.github.fairlora.datasets.synthetic.BuiltInBaseModel;
import io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus;
import io.github.fairlora.datasets.synthetic.SyntheticCorpus;
import io.github.fairlora.generate.DecoderCompleter;
import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.io.PeftAdapters;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.text.Tokenizer;
import io.github.fairlora.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one-line LoRA fit, start to finish: a small model, {@code LoRA.adapt(model).rank(16).fit(data)}, a merge, a
 * generated sentence, and the adapter saved as a PEFT directory and loaded back.
 *
 * <p>The base model is the built-in one: a tiny word-level decoder pretrained on a seeded synthetic corpus (nothing to
 * download). With a real checkpoint the same lines apply: {@code Decoder model = Llama2c.load(path)} and
 * {@code model.setTokenizer(SentencePieceBpeTokenizer.load(tokenizerPath, model.vocabularySize()))}.
 *
 * <p>Usage: {@code QuickStart [--tiny] [--out DIR]}: {@code --tiny} uses a small corpus and short pretraining (for
 * tests); {@code --out} is where the adapter goes (default fairlora-out/quickstart-adapter).
 */
public final class QuickStart {
  private QuickStart() {}

  /** Runs the example; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    ExampleArguments arguments = ExampleArguments.parse(args, List.of("--tiny"), List.of("--out"));
    boolean tiny = arguments.flag("--tiny");
    Path out = arguments.path("--out", Path.of("fairlora-out", "quickstart-adapter"));

    // A small model that knows some language: pretrained on the synthetic corpus's sentences.
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(42).sentences(tiny ? 400 : 4000).build();
    Decoder model = BuiltInBaseModel.pretrain(corpus, tiny ? 2 : 10, 42, TrainingListener.console(System.err));
    Tokenizer tokenizer = model.tokenizer().orElseThrow();

    // The one line: adapters of rank 16 on the attention projections, trained on new texts; the base stays frozen.
    AdaptedModel tuned = LoRA.adapt(model).rank(16).fit(corpus.balancedTexts());

    // Means over the first and the last five steps: one batch's loss is too noisy to show the trend.
    List<Double> losses = tuned.history().stepLosses();
    double firstLosses = losses.subList(0, Math.min(5, losses.size())).stream().mapToDouble(Double::doubleValue)
        .average().orElseThrow();
    System.out.printf("LoRA r=16: %d steps, loss %.4f -> %.4f (means of the first and last 5 steps)%n",
        tuned.history().steps(), firstLosses, tuned.history().meanOfLast(5));
    long adapterParameters = tuned.adapter().orElseThrow().parameterCount();
    System.out.printf("trained %,d adapter parameters; the base model has %,d (%.1f%%)%n", adapterParameters,
        model.parameterCount(), 100.0 * adapterParameters / model.parameterCount());

    // Save the adapter alone: a PEFT directory (adapter_config.json + adapter_model.safetensors), a few KiB.
    tuned.adapter().orElseThrow().save(out, "fairlora built-in base (seed 42)");
    System.out.println("adapter saved to " + out);

    // Merge: the adapter is folded into the weights, so generating costs exactly what the base model costs.
    tuned.merge();
    GenerationOptions greedy = GenerationOptions.greedy(12);
    String prompt = "the nurse said that";
    String merged = new DecoderCompleter(tuned.model(), tokenizer, greedy).complete(prompt, 1, 0).get(0);
    System.out.println("generated (merged model): " + prompt + merged);

    // Load the saved adapter onto the untouched base model: the same sentence comes out.
    Decoder reloaded = model.copy();
    PeftAdapters.load(reloaded, out);
    String fromFile = new DecoderCompleter(reloaded, tokenizer, greedy).complete(prompt, 1, 0).get(0);
    System.out.println("generated (base + saved adapter): " + prompt + fromFile);
    System.out.println("same sentence: " + merged.equals(fromFile));
  }
}
