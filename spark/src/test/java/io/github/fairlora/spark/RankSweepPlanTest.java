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
    assertThat(plan.runKeys()).containsExactly("base", "full", "lora-r1", "lora-r2");
    assertThat(plan.prerequisites("lora-r1")).containsExactly("full");
    assertThat(plan.prerequisites("full")).isEmpty();
    assertThat(plan.prerequisites("base")).isEmpty();
    assertThat(plan.finishedMarker("lora-r2")).isEqualTo("variants/lora-r2.json");
    assertThatThrownBy(() -> plan.finishedMarker("lora-r3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lora-r3").hasMessageContaining("[base, full, lora-r1, lora-r2]");
  }

  @Test
  void aRunWritesItsFilesAndOnlyItsFiles() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "plan");
    assertThat(plan.isFinished("full", directory)).isFalse();
    plan.runOne("full", directory, QUIET);
    assertThat(plan.isFinished("full", directory)).isTrue();
    assertThat(plan.resultFiles("full", directory)).containsExactly("variants/full.items.json",
        "checkpoints/full-seed0.safetensors", "variants/full.json");
    for (String other : List.of("base", "lora-r1", "lora-r2")) {
      assertThat(plan.isFinished(other, directory)).as(other).isFalse();
    }
    // With the full checkpoint present a LoRA run can go; assembling still refuses while runs are missing.
    plan.runOne("lora-r1", directory, QUIET);
    assertThat(plan.resultFiles("lora-r1", directory)).containsExactly("variants/lora-r1.items.json",
        "variants/lora-r1.json");
    assertThatThrownBy(() -> plan.assemble(directory, QUIET)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[base, lora-r2] are not finished");
  }

  @Test
  void aLoraRunWithoutTheFullCheckpointSaysWhatIsMissing() throws Exception {
    Path directory = Files.createTempDirectory(SharedFiles.outputDirectory("spark"), "nofull");
    assertThatThrownBy(() -> plan.runOne("lora-r1", directory, QUIET)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("full-seed0.safetensors is missing");
    assertThat(plan.isFinished("lora-r1", directory)).isFalse();
  }

  @Test
  void stagesFollowPrerequisitesAndACycleIsRefused() {
    assertThat(SparkSweep.stages(plan)).containsExactly(List.of("base", "full"), List.of("lora-r1", "lora-r2"));
    SweepRunPlan cyclic = new SparkSweepTest.FailingFirstAttempt(plan, "none", "/nonexistent") {
      private static final long serialVersionUID = 1L;

      @Override
      public List<String> prerequisites(String key) {
        return key.equals("full") ? List.of("lora-r1") : plan.prerequisites(key);
      }
    };
    assertThatThrownBy(() -> SparkSweep.stages(cyclic)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cycle");
  }
}
