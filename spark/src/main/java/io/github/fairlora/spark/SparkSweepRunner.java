package io.github.fairlora.spark;

import io.github.fairlora.sweep.DistributedSweepRunner;
import io.github.fairlora.sweep.SweepRecipe;
import io.github.fairlora.sweep.SweepResults;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@link DistributedSweepRunner} on Apache Spark, found by the command line through {@code ServiceLoader}: starts
 * (or joins, under spark-submit) a Spark application on the given master and runs the sweep with {@link SparkSweep}.
 * A master given by spark-submit ({@code spark.master} already set) wins over none given here.
 */
public final class SparkSweepRunner implements DistributedSweepRunner {

  /** The application name shown in the Spark UI. */
  static final String APP_NAME = "fairlora sweep";

  @Override
  public String name() {
    return "Apache Spark";
  }

  @Override
  public SweepResults run(SweepRecipe recipe, String master, Path outputDirectory, PrintStream progress)
      throws IOException {
    SparkConf conf = new SparkConf().setAppName(APP_NAME);
    if (master != null && !master.isBlank()) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      throw new IllegalArgumentException("no Spark master: give one (local[4], spark://host:7077) or launch with "
          + "spark-submit --master");
    }
    // Runs are seeded, so a retried task gives the same files: let Spark retry a failed run a few times.
    conf.setIfMissing("spark.task.maxFailures", "4");
    RankSweepPlan plan = RankSweepPlan.of(recipe);
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      spark.setLogLevel("WARN");
      progress.println("spark: master " + spark.master() + ", " + plan.runKeys().size() + " runs, "
          + TaskThreads.taskCpus(spark.getConf()) + " core(s) per task");
      return SparkSweep.run(spark, plan, outputDirectory, progress);
    }
  }
}
