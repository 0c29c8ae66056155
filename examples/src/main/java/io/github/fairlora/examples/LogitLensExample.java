package io.github.fairlora.examples;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.LoRA;
import io.github.fairlora.lora.Target;
import io.github.fairlora.metrics.shift.LogitLensAnalysis;
import io.github.fairlora.sweep.BuiltInExperiment;
import java.util.List;

/**
 * Where in the network a LoRA fine-tune changed the model, layer by layer, with the logit lens: every layer's hidden
 * state is read through the final norm and output head as if it were the last, and the base and adapted models'
 * readings are compared by KL divergence (nats, averaged over every position of the probe sentences).
 *
 * <p>The base is the built-in model (pretrained on a synthetic corpus with stereotyped associations); the adapted
 * model is a LoRA fine-tune of it on the balanced sentences. Layer 0 is the embedding output, which LoRA does not
 * touch, so the two models agree there exactly; the divergence grows through the blocks the adapters changed. The
 * table also shows each model's own KL from its final layer (how far each layer's reading still is from the output).
 *
 * <p>Usage: {@code LogitLensExample [--tiny]}: {@code --tiny} uses a small corpus and short training (for tests).
 */
public final class LogitLensExample {
  private LogitLensExample() {}

  /** Runs the example; see the class comment for the arguments. */
  public static void main(String[] args) {
    ExampleArguments arguments = ExampleArguments.parse(args, List.of("--tiny"), List.of());
    boolean tiny = arguments.flag("--tiny");

    BuiltInExperiment.Prepared experiment = BuiltInExperiment.prepare(42, tiny ? 800 : 4000,
        tiny ? 2 : BuiltInExperiment.DEFAULT_PRETRAINING_EPOCHS, System.err);
    AdaptedModel adapted = LoRA.adapt(experiment.base()).rank(8).targets(Target.ALL_LINEAR).epochs(tiny ? 1 : 2)
        .batchSize(32).fit(experiment.fineTuningTexts());
    List<int[]> sentences = experiment.shiftTexts().stream()
        .map(text -> experiment.tokenizer().encode(text, true, false)).toList();

    var comparison = LogitLensAnalysis.compare(experiment.base(), adapted, sentences);
    double[] baseToAdapted = comparison.klBaseToAdapted();
    double[] adaptedToBase = comparison.klAdaptedToBase();
    double[] jensenShannon = comparison.jensenShannon();
    double[] baseFromFinal = comparison.base().klFromFinal();
    double[] adaptedFromFinal = comparison.adapted().klFromFinal();
    System.out.printf("logit lens over %d sentences (%d positions), KL in nats%n", sentences.size(),
        comparison.positions());
    System.out.printf("%-10s %16s %16s %10s %16s %16s%n", "layer", "KL(base||LoRA)", "KL(LoRA||base)", "JS",
        "base from final", "LoRA from final");
    for (int layer = 0; layer < comparison.layers(); layer++) {
      System.out.printf("%-10s %16.6f %16.6f %10.6f %16.6f %16.6f%n", layer == 0 ? "embedding" : "block " + layer,
          baseToAdapted[layer], adaptedToBase[layer], jensenShannon[layer], baseFromFinal[layer],
          adaptedFromFinal[layer]);
    }
  }
}
