package io.github.fairlora.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.sweep.DistributedSweepRunner;
import io.github.fairlora.sweep.SweepRecipe;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The service the command line finds, and its refusals before anything starts. */
class SparkSweepRunnerTest {
  private static final SweepRecipe NEVER_BUILT = () -> {
    throw new AssertionError("the recipe must not be built when the master is refused");
  };

  @Test
  void theCommandLineFindsTheSparkRunnerThroughServiceLoader() {
    assertThat(DistributedSweepRunner.find()).get().isInstanceOf(SparkSweepRunner.class)
        .extracting(DistributedSweepRunner::name).isEqualTo("Apache Spark");
  }

  @Test
  void submitOutsideSparkSubmitAndAMissingMasterAreRefused() {
    assertThat(System.getProperty("spark.master")).isNull();
    PrintStream err = System.err;
    assertThatThrownBy(() -> new SparkSweepRunner().run(NEVER_BUILT, "submit", Path.of("unused"), err))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not launched by spark-submit");
    assertThatThrownBy(() -> new SparkSweepRunner().run(NEVER_BUILT, " ", Path.of("unused"), err))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Spark master");
  }
}
