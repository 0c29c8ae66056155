package io.github.fairlora.benchmarks.report;

import static io.github.fairlora.benchmarks.report.ReportBuilder.fixed;
import static io.github.fairlora.benchmarks.report.ReportBuilder.percent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.fairlora.benchmarks.paired.PairedRatio;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Breakdown;
import io.github.fairlora.benchmarks.report.BenchmarkReport.GenerationRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.KernelRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Nd4jBuildRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.PyTorchRow;
import io.github.fairlora.benchmarks.report.BenchmarkReport.Target;
import io.github.fairlora.benchmarks.report.BenchmarkReport.TrainingRow;
import io.github.fairlora.benchmarks.training.TrainingShape;
import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a {@link BenchmarkReport} as Markdown (REPORT.md) and JSON (REPORT.json), each atomically. */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** Writes {@code REPORT.md} and {@code REPORT.json} into {@code directory}; returns the Markdown path. */
  public static Path write(BenchmarkReport report, Path directory) throws IOException {
    java.nio.file.Files.createDirectories(directory);
    Path markdown = directory.resolve("REPORT.md");
    AtomicFiles.writeString(markdown, render(report));
    AtomicFiles.writeString(directory.resolve("REPORT.json"), json(report));
    return markdown;
  }

  /** The report as pretty-printed JSON (NaN written as the string "NaN"). */
  public static String json(BenchmarkReport report) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The report as Markdown. */
  public static String render(BenchmarkReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# fairlora benchmark report\n\n");
    md.append("Run: ").append(r.date()).append(", `--").append(r.runMode()).append("`, ")
        .append(fixed(r.durationSeconds() / 60, 1)).append(" minutes.\n\n");
    md.append("> **Caveat.** ").append(r.caveat()).append("\n\n");

    BenchmarkReport.Machine m = r.machine();
    md.append("## Machine\n\n| | |\n|---|---|\n");
    row(md, "CPU", m.cpu() + " (" + m.cores() + " cores visible to the JVM)");
    row(md, "memory", fixed(m.memoryGiB(), 1) + " GiB");
    row(md, "OS / JVM", m.os() + " / " + m.java());
    row(md, "ND4J", m.nd4j());
    row(md, "ND4J native library", "`" + m.nd4jLibrary() + "`");
    row(md, "BLAS", m.blas());
    row(md, "1-minute load average", fixed(m.loadBefore(), 2) + " at the start, " + fixed(m.loadAfter(), 2)
        + " at the end (" + m.cores() + " cores)");
    md.append('\n');

    md.append("## Targets (docs/performance.md)\n\n");
    md.append("| target | requirement | measured | status | detail |\n|---|---|---|---|---|\n");
    for (Target t : r.targets()) {
      md.append("| ").append(t.name()).append(" | ").append(escape(t.requirement())).append(" | ")
          .append(escape(t.measured())).append(" | **").append(t.status().name().replace('_', ' ')).append("** | ")
          .append(escape(t.detail())).append(" |\n");
    }
    md.append('\n');

    md.append("## Gemm ceiling\n\n").append(fixed(r.ceiling().gflops(), 1)).append(" GFLOP/s, the best plain BLAS")
        .append(" sgemm of this run (").append(r.ceiling().source()).append("). Every \"% of ceiling\" below is")
        .append(" achieved GFLOP/s divided by this figure; a JMH figure measured while other jobs held a core can be")
        .append(" far below it (docs/performance.md measured about 185 GFLOP/s on a quiet machine).\n\n");

    kernels(md, r.kernels());
    paired(md, r.paired());
    training(md, r.training());
    breakdowns(md, r.breakdowns());
    generation(md, r.generation());
    nd4j(md, r.nd4jBuilds());
    pytorch(md, r.pytorch());

    md.append("## Reproduce\n\n```\n")
        .append("benchmarks/run.sh --").append(r.runMode()).append("\n```\n\n")
        .append("See benchmarks/README.md for what each part measures and how to run one part alone.\n");
    return md.toString();
  }

  private static void kernels(StringBuilder md, List<KernelRow> rows) {
    md.append("## Adapter kernels\n\n");
    md.append("One square linear layer (in = out), n tokens, adapter scale s = 2. Times are medians per call;")
        .append(" \"× dense\" divides by the dense base forward at the same n and size; GFLOP/s counts the FLOPs")
        .append(" each variant executes; ± is half the range of the iterations relative to the median.\n\n");
    if (rows.isEmpty()) {
      md.append("Not measured in this run.\n\n");
      return;
    }
    md.append("| in=out | n | r | variant | µs | ± | × dense | GFLOP/s | % of ceiling |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (KernelRow k : rows) {
      md.append("| ").append(k.size()).append(" | ").append(k.tokens()).append(" | ")
          .append(k.rank() == 0 ? "–" : String.valueOf(k.rank())).append(" | ").append(k.title()).append(" | ")
          .append(fixed(k.micros(), k.micros() < 100 ? 1 : 0)).append(" | ").append(percent(k.spread())).append(" | ")
          .append(fixed(k.ratioToDense(), 2))
          .append(" | ").append(fixed(k.gflops(), 1)).append(" | ").append(percent(k.shareOfCeiling())).append(" |\n");
    }
    md.append('\n');
  }

  private static void paired(StringBuilder md, List<PairedRatio> rows) {
    md.append("## Paired ratios (interleaved)\n\n");
    md.append("Each round times the baseline and the candidate back to back (alternating which goes first) in the")
        .append(" suite's own JVM; the ratio is the median of the per-round ratios, with their quartiles. Two calls")
        .append(" milliseconds apart see the same machine load, so these ratios are steadier than two medians")
        .append(" measured minutes apart; the targets use them where they exist.\n\n");
    if (rows.isEmpty()) {
      md.append("Not measured in this run.\n\n");
      return;
    }
    md.append("| comparison | baseline ms | candidate ms | ratio | quartiles | rounds |\n|---|---|---|---|---|---|\n");
    for (PairedRatio p : rows) {
      md.append("| ").append(p.name()).append(" | ").append(fixed(p.baselineMillis(), 2)).append(" | ")
          .append(fixed(p.candidateMillis(), 2)).append(" | ").append(fixed(p.ratio(), 3)).append(" | ")
          .append(fixed(p.lowerQuartile(), 3)).append("–").append(fixed(p.upperQuartile(), 3)).append(" | ")
          .append(p.rounds()).append(" |\n");
    }
    md.append('\n');
  }

  private static void training(StringBuilder md, List<TrainingRow> rows) {
    md.append("## Training step\n\n");
    md.append("One step = zero gradients, forward, backward, clip the global gradient norm to 1, AdamW. LoRA adapts")
        .append(" the attention projections with alpha = 2r. GFLOP counts the step's matrix products as this engine")
        .append(" executes them (≈ 6·parameters·tokens for full fine-tuning, plus attention and the tied head).")
        .append(" Memory is the maximum over iterations: Java heap retained after a GC (AdamW's moments live")
        .append(" there); native memory, the growth of resident memory since before the model was built (ND4J's")
        .append(" weights, gradients and activations, OpenBLAS's work space); and the JVM's resident size, which")
        .append(" includes its pre-touched 3 GiB heap.\n\n");
    for (TrainingShape shape : TrainingShape.values()) {
      md.append("- ").append(shape.name()).append(": ").append(shape.describe()).append('\n');
    }
    md.append('\n');
    if (rows.isEmpty()) {
      md.append("Not measured in this run.\n\n");
      return;
    }
    md.append("| shape | mode | ms/step | ± | tokens/s | GFLOP/step | GFLOP/s | % of ceiling | × full step |")
        .append(" trainable / total params | heap MiB | native MiB | RSS MiB |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (TrainingRow t : rows) {
      md.append("| ").append(t.shape()).append(" | ").append(t.mode()).append(" | ").append(fixed(t.stepMillis(), 1))
          .append(" | ").append(percent(t.spread())).append(" | ").append(fixed(t.tokensPerSecond(), 0))
          .append(" | ").append(fixed(t.gflopPerStep(), 2))
          .append(" | ").append(fixed(t.gflops(), 1)).append(" | ").append(percent(t.shareOfCeiling())).append(" | ")
          .append(fixed(t.ratioToFull(), 2)).append(" | ").append(count(t.trainableParameters())).append(" / ")
          .append(count(t.totalParameters())).append(" | ").append(fixed(t.heapMiB(), 0)).append(" | ")
          .append(fixed(t.nativeMiB(), 0)).append(" | ").append(fixed(t.physicalMiB(), 0)).append(" |\n");
    }
    md.append('\n');
  }

  private static void breakdowns(StringBuilder md, List<Breakdown> rows) {
    md.append("## Where the step time goes\n\n");
    md.append("Each phase timed on its own (medians over a few steps, in the suite's own JVM); backward is")
        .append(" (forward + backward) − forward. \"gemm at ceiling\" is the step's counted FLOPs at the ceiling:")
        .append(" the least time the matrix products can take. Hotspots come from sampling the stack every few")
        .append(" milliseconds: a Java loop is charged to the layer method that runs it, BLAS to")
        .append(" \"sgemm (BLAS) ← caller\".\n\n");
    if (rows.isEmpty()) {
      md.append("Not measured in this run.\n\n");
      return;
    }
    for (Breakdown b : rows) {
      md.append("### ").append(b.shape()).append(", ").append(b.mode()).append("\n\n");
      md.append("| phase | ms | share |\n|---|---|---|\n");
      for (Map.Entry<String, Double> e : b.phasesMillis().entrySet()) {
        md.append("| ").append(e.getKey()).append(" | ").append(fixed(e.getValue(), 1)).append(" | ")
            .append(percent(e.getValue() / b.stepMillis())).append(" |\n");
      }
      md.append("| **step** | ").append(fixed(b.stepMillis(), 1)).append(" | |\n");
      md.append("| gemm at ceiling | ").append(fixed(b.gemmMillisAtCeiling(), 1)).append(" | ")
          .append(percent(b.gemmMillisAtCeiling() / b.stepMillis())).append(" |\n\n");
      md.append("Stack samples inside BLAS: ").append(percent(b.blasShare())).append(". Hotspots: ");
      md.append(String.join(", ", b.hotspots().entrySet().stream()
          .map(e -> "`" + e.getKey() + "` " + percent(e.getValue())).toList()));
      md.append(".\n\n");
    }
  }

  private static void generation(StringBuilder md, List<GenerationRow> rows) {
    md.append("## Generation\n\n");
    md.append("Greedy generation with random weights in the shapes of real checkpoints. **Uncached**: every new token")
        .append(" re-runs the whole prefix through `Decoder.nextTokenLogProbabilities`. **KV cache**: `Generator`")
        .append(" prefills the prompt once, then runs one position per new token.\n\n");
    if (rows.isEmpty()) {
      md.append("Not measured in this run.\n\n");
      return;
    }
    md.append("| model | generator | prompt | new tokens | ms per call | tokens/s |\n|---|---|---|---|---|---|\n");
    for (GenerationRow g : rows) {
      md.append("| ").append(g.model()).append(" | ").append(g.label()).append(" | ").append(g.promptTokens())
          .append(" | ").append(g.newTokens())
          .append(" | ").append(fixed(g.millisPerCall(), 1)).append(" | ").append(fixed(g.tokensPerSecond(), 1))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void nd4j(StringBuilder md, BenchmarkReport.Nd4jBuilds b) {
    md.append("## ND4J CPU builds: linux-x86_64 versus linux-x86_64-avx2\n\n");
    md.append("The same probe (`Nd4jBuildProbe`: ND4J's own tanh and add into preallocated outputs, and the SMALL")
        .append(" training step) run in child processes from two jars built from the same sources, one per")
        .append(" `org.nd4j:nd4j-native:1.0.0-M2.1` classifier, alternating default and AVX2 so that both see the")
        .append(" same drift in load; the ratio is the median over pairs. The project default is unchanged by this")
        .append(" comparison.\n\n");
    if (!b.defaultLibrary().isEmpty()) {
      md.append("- default build loaded `").append(b.defaultLibrary()).append("`\n");
    }
    if (!b.avx2Library().isEmpty()) {
      md.append("- AVX2 build loaded `").append(b.avx2Library()).append("`\n");
    }
    md.append('\n');
    if (b.measured()) {
      md.append("| operation | default ms | avx2 ms | avx2 / default | quartiles | pairs |\n")
          .append("|---|---|---|---|---|---|\n");
      for (Nd4jBuildRow row : b.rows()) {
        md.append("| ").append(row.benchmark()).append(" | ").append(fixed(row.defaultMedian(), 3)).append(" | ")
            .append(fixed(row.avx2Median(), 3)).append(" | ").append(fixed(row.avx2OverDefault(), 2)).append(" | ")
            .append(fixed(row.lowerQuartile(), 2)).append("–").append(fixed(row.upperQuartile(), 2)).append(" | ")
            .append(row.pairs()).append(" |\n");
      }
      md.append('\n');
    }
    md.append(b.verdict()).append("\n\n");
  }

  private static void pytorch(StringBuilder md, BenchmarkReport.PyTorchComparison p) {
    md.append("## PyTorch peer (libtorch through DJL)\n\n");
    if (!p.engine().isEmpty()) {
      md.append("Engine: ").append(p.engine()).append(". ");
    }
    md.append(p.note()).append("\n\n");
    if (p.rows().isEmpty()) {
      return;
    }
    md.append("| what | fairlora ms | PyTorch ms | speed-up (PyTorch / fairlora) | quartiles | rounds |\n")
        .append("|---|---|---|---|---|---|\n");
    for (PyTorchRow row : p.rows()) {
      md.append("| ").append(row.what()).append(" | ").append(fixed(row.fairloraMillis(), 2)).append(" | ")
          .append(fixed(row.pytorchMillis(), 2)).append(" | ").append(fixed(row.speedup(), 2)).append("× | ")
          .append(fixed(row.lowerQuartile(), 2)).append("–").append(fixed(row.upperQuartile(), 2)).append(" | ")
          .append(row.rounds()).append(" |\n");
    }
    md.append('\n');
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(escape(value)).append(" |\n");
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String count(long value) {
    if (value >= 1_000_000) {
      return fixed(value / 1e6, 2) + "M";
    }
    if (value >= 1_000) {
      return fixed(value / 1e3, 1) + "k";
    }
    return String.valueOf(value);
  }
}
