package io.github.fairlora.spark;

import io.github.fairlora.sweep.RankSweep;
import io.github.fairlora.sweep.SweepRecipe;
import io.github.fairlora.sweep.SweepResults;
import io.github.fairlora.sweep.Variant;
import io.github.fairlora.sweep.VariantKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link SweepRunPlan} over {@link RankSweep}'s units of work: one run per (variant, seed), keyed by the run's file
 * stem ("base-seed0", "full-seed1", "lora-r4-seed2"); a LoRA run of seed S needs the full fine-tune of seed S
 * ("full-seedS", whose checkpoint it reads for KL to full) when the sweep has one. A run is {@link RankSweep#execute}
 * of that one run on a sweep rebuilt from the {@link SweepRecipe}; assembling is {@link RankSweep#assemble}, which only
 * reads files.
 */
public final class RankSweepPlan implements SweepRunPlan {
  private static final long serialVersionUID = 1L;

  private final SweepRecipe recipe;
  /** Run file stems in the order the local sweep executes them. */
  private final List<String> keys;
  /** Prerequisite run stems by run stem (absent: none). */
  private final Map<String, String> prerequisite;

  private RankSweepPlan(SweepRecipe recipe, List<String> keys, Map<String, String> prerequisite) {
    this.recipe = recipe;
    this.keys = keys;
    this.prerequisite = prerequisite;
  }

  /**
   * The plan of the sweep {@code recipe} builds (built once here to list its runs and check its settings).
   *
   * @throws IllegalArgumentException when the recipe's settings are invalid (as {@link RankSweep.Builder#build})
   */
  public static RankSweepPlan of(SweepRecipe recipe) throws IOException {
    Objects.requireNonNull(recipe, "recipe");
    List<RankSweep.Run> runs = recipe.builder().build().runs();
    List<String> keys = runs.stream().map(RankSweep.Run::fileStem).toList();
    Map<String, String> prerequisite = new LinkedHashMap<>();
    for (RankSweep.Run run : runs) {
      if (run.variant().kind() == VariantKind.LORA) {
        RankSweep.Run full = new RankSweep.Run(Variant.full(), run.seed());
        if (runs.contains(full)) {
          prerequisite.put(run.fileStem(), full.fileStem());
        }
      }
    }
    return new RankSweepPlan(recipe, List.copyOf(keys), Map.copyOf(prerequisite));
  }

  @Override
  public List<String> runKeys() {
    return keys;
  }

  @Override
  public List<String> prerequisites(String key) {
    String needed = prerequisite.get(requireKey(key));
    return needed == null ? List.of() : List.of(needed);
  }

  @Override
  public String finishedMarker(String key) {
    return "variants/" + requireKey(key) + ".json";
  }

  @Override
  public List<String> resultFiles(String key, Path outputDirectory) throws IOException {
    List<String> files = new ArrayList<>();
    String items = "variants/" + requireKey(key) + ".items.json";
    if (Files.exists(outputDirectory.resolve(items))) {
      files.add(items);
    }
    if (key.startsWith(Variant.full().fileStem() + "-seed")) {
      // A full run's checkpoint is named like its run: checkpoints/full-seed<S>.safetensors.
      String checkpoint = "checkpoints/" + key + ".safetensors";
      if (Files.exists(outputDirectory.resolve(checkpoint))) {
        files.add(checkpoint);
      }
    }
    files.add(finishedMarker(key));
    return files;
  }

  @Override
  public void runOne(String key, Path outputDirectory, PrintStream progress) throws IOException {
    requireKey(key);
    RankSweep sweep = recipe.builder().outputDirectory(outputDirectory).progress(progress, false).build();
    RankSweep.Run run = sweep.runs().stream().filter(r -> r.fileStem().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the recipe rebuilt on this executor has no run " + key
            + " (it has " + sweep.runs() + "): the recipe must build the same sweep everywhere"));
    sweep.execute(List.of(run));
  }

  @Override
  public SweepResults assemble(Path outputDirectory, PrintStream progress) throws IOException {
    List<String> missing = keys.stream().filter(key -> !isFinished(key, outputDirectory)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cannot assemble the sweep from " + outputDirectory + ": runs " + missing
          + " are not finished (no " + finishedMarker(missing.get(0)) + ")");
    }
    return recipe.builder().outputDirectory(outputDirectory).progress(progress, false).build().assemble();
  }

  private String requireKey(String key) {
    if (!keys.contains(key)) {
      throw new IllegalArgumentException("unknown run key \"" + key + "\"; this sweep's runs are " + keys);
    }
    return key;
  }
}
