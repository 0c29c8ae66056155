package io.github.fairlora.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.sweep.SweepResults;
import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** {@code spark.task.cpus} becomes the OpenBLAS and ND4J thread count inside every task of a sweep. */
class TaskThreadsTest {

  @Test
  void eachRunSeesTheTaskCpusAsItsThreads() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "threads");
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("fairlora-threads-test")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1").set("spark.task.cpus", "2");
    TaskThreads.apply(1);
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      spark.setLogLevel("ERROR");
      SparkSweep.run(spark, new ThreadRecordingPlan(), directory,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    } finally {
      TaskThreads.apply(1);
    }
    for (String key : List.of("a", "b")) {
      assertThat(Files.readString(directory.resolve("variants/" + key + ".json"))).as(key)
          .isEqualTo("blas=2 nd4j=2");
    }
  }

  /** Two independent runs that record the thread counts they ran with as their only file. */
  static final class ThreadRecordingPlan implements SweepRunPlan {
    private static final long serialVersionUID = 1L;

    @Override
    public List<String> runKeys() {
      return List.of("a", "b");
    }

    @Override
    public List<String> prerequisites(String key) {
      return List.of();
    }

    @Override
    public String finishedMarker(String key) {
      return "variants/" + key + ".json";
    }

    @Override
    public List<String> resultFiles(String key, Path outputDirectory) {
      return List.of(finishedMarker(key));
    }

    @Override
    public void runOne(String key, Path outputDirectory, PrintStream progress) throws IOException {
      Path marker = outputDirectory.resolve(finishedMarker(key));
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, "blas=" + openblas_nolapack.blas_get_num_threads() + " nd4j="
          + Nd4j.getEnvironment().maxThreads());
    }

    @Override
    public SweepResults assemble(Path outputDirectory, PrintStream progress) {
      return null;
    }
  }
}
