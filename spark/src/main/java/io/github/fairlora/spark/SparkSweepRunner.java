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
 * Under spark-submit, the master {@value #SUBMITTED} takes the one spark-submit set.
 */
public final class SparkSweepRunner implements DistributedSweepRunner {

  /** The master value meaning "the one spark-submit set". */
  public static final String SUBMITTED = "submit";

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
    if (SUBMITTED.equals(master)) {
      if (!conf.contains("spark.master")) {
        throw new IllegalArgumentException("--spark-master " + SUBMITTED + " takes the master from spark-submit, but "
            + "this JVM was not launched by spark-submit (spark.master is not set); give a master URL instead");
      }
    } else if (master != null && !master.isBlank()) {
      conf.setMaster(master);
    } else {
      throw new IllegalArgumentException("no Spark master: give one (local[4], spark://host:7077), or '"
          + SUBMITTED + "' under spark-submit");
    }
    // Runs are seeded, so a retried task gives the same files: let Spark retry a failed run a few times (cluster
    // masters; a local master retries only as its local[N,F] form says).
    conf.setIfMissing("spark.task.maxFailures", "4");
    // A full fine-tune's result carries its checkpoint (4 bytes a parameter): no cap beyond the driver's memory.
    conf.setIfMissing("spark.driver.maxResultSize", "0");
    RankSweepPlan plan = RankSweepPlan.of(recipe);
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      spark.setLogLevel("WARN");
      progress.println("spark: master " + spark.master() + ", " + plan.runKeys().size() + " runs, "
          + TaskThreads.taskCpus(spark.getConf()) + " core(s) per task");
      return SparkSweep.run(spark, plan, outputDirectory, progress);
    }
  }
}
