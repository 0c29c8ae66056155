package io.github.fairlora.examples;

import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.sweep.SweepReport;
import io.github.fairlora.sweep.SweepResults;
import io.github.fairlora.sweep.Variant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The rank-sweep audit from code, in a dozen lines: the built-in experiment (a tiny model pretrained on a synthetic
 * corpus with stereotyped associations, fine-tuned on its balanced counterpart) swept over LoRA ranks and full
 * fine-tuning, then the report (report.html, results.json, results.csv, plots) written to a directory. For your own
 * model, start from {@code RankSweep.builder(model, tokenizer).fineTuningTexts(texts).probe(...)} instead.
 *
 * <p>Usage: {@code RankSweepInCode [--tiny] [--out DIR]}: {@code --tiny} sweeps ranks 1 and 4 on a small corpus (for
 * tests); {@code --out} is where the report goes (default fairlora-out/rank-sweep-in-code). Finished variants are
 * kept there, so a second run with the same settings resumes.
 */
public final class RankSweepInCode {
  private RankSweepInCode() {}

  /** Runs the example; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    ExampleArguments arguments = ExampleArguments.parse(args, List.of("--tiny"), List.of("--out"));
    boolean tiny = arguments.flag("--tiny");
    Path out = arguments.path("--out", Path.of("fairlora-out", "rank-sweep-in-code"));

    BuiltInExperiment.Prepared experiment = BuiltInExperiment.prepare(42, tiny ? 800 : 4000,
        tiny ? 2 : BuiltInExperiment.DEFAULT_PRETRAINING_EPOCHS, System.err);
    SweepResults results = BuiltInExperiment.sweep(experiment)
        .ranks(tiny ? new int[] {1, 4} : new int[] {1, 4, 16, 64})
        .epochs(tiny ? 1 : 2)
        .outputDirectory(out)
        .build()
        .run();
    SweepReport.ReportFiles report = SweepReport.write(results, out);

    String bias = "bias.gender-occupation.pct_stereotype";
    System.out.printf("%-9s %12s %12s%n", "variant", "stereotype %", "KL to base");
    for (Variant variant : results.variants()) {
      double stereotype = results.metric(variant, bias).orElseThrow().value();
      double kl = results.metric(variant, "shift.kl_to_base").map(m -> m.value()).orElse(0.0);
      System.out.printf("%-9s %12.2f %12.5f%n", variant.displayName(), stereotype, kl);
    }
    System.out.println("report: " + report.html().toAbsolutePath());
  }
}
