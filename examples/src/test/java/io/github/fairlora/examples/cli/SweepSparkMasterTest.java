package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep --spark-master} without the fairlora-spark module on the class path (as in this module's tests and the
 * default fairlora.jar): a usage error that says what is missing, before anything slow starts. The Spark run itself
 * is tested in the spark module.
 */
class SweepSparkMasterTest {
  @TempDir
  Path directory;

  @Test
  void sparkMasterWithoutTheSparkModuleIsAClearUsageError() {
    CliRun run = CliRun.of("sweep", "--quick", "--spark-master", "local[2]", "--out", directory.toString());
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--spark-master needs the fairlora-spark module on the class path")
        .contains("docs/scaling.md").doesNotContain("pretraining");
  }

  @Test
  void theRecipeDropsTheSparkMasterOptionInBothSpellings() {
    assertThat(CommandLineSweepRecipe.withoutSparkMaster(java.util.List.of("sweep", "--spark-master", "local[2]",
        "--quick", "--spark-master=local[4]", "--out", "x"))).containsExactly("sweep", "--quick", "--out", "x");
  }
}
