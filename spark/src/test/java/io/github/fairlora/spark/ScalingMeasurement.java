package io.github.fairlora.spark;

import io.github.fairlora.datasets.benchmarks.CrowsPair;
import io.github.fairlora.datasets.benchmarks.CrowsPairsLoader;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.metrics.bias.CrowsPairsItem;
import io.github.fairlora.metrics.bias.CrowsPairsProbe;
import io.github.fairlora.metrics.bias.CrowsPairsResult;
import io.github.fairlora.metrics.bias.SentenceScorer;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.sweep.ProbeSources;
import io.github.fairlora.text.SentencePieceBpeTokenizer;
import io.github.fairlora.text.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The measurements behind docs/scaling.md (not a test: run by hand, see the document): Spark start-up, CrowS-Pairs on
 * stories260K scored locally and over Spark tasks, and a quick built-in sweep locally and on Spark, with the time of
 * each run. Arguments: the shared directory, the Spark master, the task count for the evaluation. Run with the module
 * flags of docs/scaling.md and {@code -cp spark/target/test-classes:spark/target/fairlora-spark.jar:$SPARK_HOME/jars/*}.
 */
public final class ScalingMeasurement {
  private ScalingMeasurement() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    String master = args.length > 1 ? args[1] : "local[2]";
    int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    TaskThreads.apply(1);

    Path checkpoint = shared.resolve("models/stories260K/stories260K.bin");
    Decoder model = Llama2c.load(checkpoint);
    Tokenizer tokenizer = SentencePieceBpeTokenizer.load(checkpoint.resolveSibling("tok512.bin"),
        model.vocabularySize());
    List<CrowsPairsItem> items = new ArrayList<>();
    for (CrowsPair pair : CrowsPairsLoader.create().loadAll(shared.resolve("data/crows-pairs/"
        + "crows_pairs_anonymized.csv"))) {
      items.add(ProbeSources.toItem(pair));
    }
    System.out.printf(Locale.ROOT, "stories260K: %,d parameters, snapshot %.2f MB%n", model.parameterCount(),
        ModelSnapshot.of(model).weightBytes() / 1e6);
    CrowsPairsProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(items.subList(0, 100)); // warm-up
    long start = System.nanoTime();
    CrowsPairsResult local = CrowsPairsProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(items);
    double localSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "CrowS-Pairs %d pairs (%d sentences), local, 1 thread: %.2f s (%.0f sentences/s)%n",
        items.size(), 2 * items.size(), localSeconds, 2 * items.size() / localSeconds);

    start = System.nanoTime();
    JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster(master).setAppName("fairlora-scaling")
        .set("spark.ui.enabled", "false"));
    spark.setLogLevel("ERROR");
    System.out.printf(Locale.ROOT, "Spark context %s: %.2f s to start%n", master, (System.nanoTime() - start) / 1e9);
    try {
      SentenceScorer distributed = SparkLanguageModel.scorer(spark, model, tokenizer, tasks);
      CrowsPairsProbe.of(distributed).evaluate(items.subList(0, 100)); // warm-up, broadcast
      start = System.nanoTime();
      CrowsPairsResult onSpark = CrowsPairsProbe.of(distributed).evaluate(items);
      double sparkSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "CrowS-Pairs on Spark %s, %d tasks: %.2f s (%.0f sentences/s), equal to local: "
          + "%s%n", master, tasks, sparkSeconds, 2 * items.size() / sparkSeconds, onSpark.equals(local));

      BuiltInExperiment.Prepared prepared = BuiltInExperiment.prepare(5, 800, 2, quiet);
      SweepSettings settings = b -> b.ranks(1, 4, 16).epochs(1).batchSize(32);
      var builder = BuiltInExperiment.sweep(prepared);
      settings.applyTo(builder);
      start = System.nanoTime();
      builder.progress(quiet, false).build().run();
      double sweepLocal = (System.nanoTime() - start) / 1e9;
      Path out = Files.createTempDirectory("fairlora-scaling");
      start = System.nanoTime();
      SparkSweep.run(spark, RankSweepPlan.of(BuiltInSweepRecipe.of(prepared, settings)), out, System.out);
      double sweepSpark = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "built-in sweep (800 sentences, ranks 1,4,16 + base + full, 1 epoch): local "
          + "%.1f s, Spark %s %.1f s%n", sweepLocal, master, sweepSpark);
      SparkSweep.deleteRecursively(out);
    } finally {
      spark.close();
    }
  }
}
