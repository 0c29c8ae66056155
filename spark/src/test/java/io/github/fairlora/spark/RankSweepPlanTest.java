package io.github.fairlora.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plan over RankSweep without Spark: run keys, prerequisites, the files of a run, and its refusals. */
class RankSweepPlanTest {
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private static RankSweepPlan plan;

  @BeforeAll
  static void prepare() throws Exception {
    BuiltInExperiment.Prepared prepared = BuiltInExperiment.prepare(5, 300, 1, QUIET);
    plan = RankSweepPlan.of(BuiltInSweepRecipe.of(prepared, SparkSweepTest.QUICK));
  }

  @Test
  void runsInOrderWithLoraAfterFull() {
    assertThat(plan.runKeys()).containsExactly("base-seed0", "full-seed0", "lora-r1-seed0", "lora-r2-seed0");
    assertThat(plan.prerequisites("lora-r1-seed0")).containsExactly("full-seed0");
    assertThat(plan.prerequisites("full-seed0")).isEmpty();
    assertThat(plan.prerequisites("base-seed0")).isEmpty();
    assertThat(plan.finishedMarker("lora-r2-seed0")).isEqualTo("variants/lora-r2-seed0.json");
    assertThatThrownBy(() -> plan.finishedMarker("lora-r3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lora-r3").hasMessageContaining("[base-seed0, full-seed0, lora-r1-seed0, lora-r2-seed0]");
  }

  @Test
  void aRunWritesItsFilesAndOnlyItsFiles() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "plan");
    assertThat(plan.isFinished("full-seed0", directory)).isFalse();
    plan.runOne("full-seed0", directory, QUIET);
    assertThat(plan.isFinished("full-seed0", directory)).isTrue();
    assertThat(plan.resultFiles("full-seed0", directory)).containsExactly("variants/full-seed0.items.json",
        "checkpoints/full-seed0.safetensors", "variants/full-seed0.json");
    for (String other : List.of("base-seed0", "lora-r1-seed0", "lora-r2-seed0")) {
      assertThat(plan.isFinished(other, directory)).as(other).isFalse();
    }
    // With the full checkpoint present a LoRA run can go; assembling still refuses while runs are missing.
    plan.runOne("lora-r1-seed0", directory, QUIET);
    assertThat(plan.resultFiles("lora-r1-seed0", directory)).containsExactly("variants/lora-r1-seed0.items.json",
        "variants/lora-r1-seed0.json");
    assertThatThrownBy(() -> plan.assemble(directory, QUIET)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[base-seed0, lora-r2-seed0] are not finished");
  }

  @Test
  void aLoraRunWithoutTheFullCheckpointSaysWhatIsMissing() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "nofull");
    assertThatThrownBy(() -> plan.runOne("lora-r1-seed0", directory, QUIET)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("full-seed0.safetensors is missing");
    assertThat(plan.isFinished("lora-r1-seed0", directory)).isFalse();
  }

  @Test
  void stagesFollowPrerequisitesAndACycleIsRefused() {
    assertThat(SparkSweep.stages(plan)).containsExactly(List.of("base-seed0", "full-seed0"), List.of("lora-r1-seed0", "lora-r2-seed0"));
    SweepRunPlan cyclic = new SparkSweepTest.FailingFirstAttempt(plan, "none", "/nonexistent") {
      private static final long serialVersionUID = 1L;

      @Override
      public List<String> prerequisites(String key) {
        return key.equals("full-seed0") ? List.of("lora-r1-seed0") : plan.prerequisites(key);
      }
    };
    assertThatThrownBy(() -> SparkSweep.stages(cyclic)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cycle");
  }
}
