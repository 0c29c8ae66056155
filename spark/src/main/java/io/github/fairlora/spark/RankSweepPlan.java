package io.github.fairlora.spark;

import io.github.fairlora.sweep.RankSweep;
import io.github.fairlora.sweep.SweepRecipe;
import io.github.fairlora.sweep.SweepResults;
import io.github.fairlora.sweep.Variant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@link SweepRunPlan} over today's {@link RankSweep}: one run per variant (all of its seeds), keyed by the variant's
 * file stem ("base", "full", "lora-r4"); a LoRA run needs the full fine-tune's checkpoints when the sweep has one. A run
 * is {@link RankSweep#runVariants} on a sweep rebuilt from the {@link SweepRecipe}; assembling is {@link RankSweep#run}
 * on a directory where every variant is finished, which only reads files.
 */
public final class RankSweepPlan implements SweepRunPlan {
  private static final long serialVersionUID = 1L;
  private static final String FULL_CHECKPOINT_PREFIX = "full-seed";

  private final SweepRecipe recipe;
  private final List<String> keys;
  private final boolean hasFull;

  private RankSweepPlan(SweepRecipe recipe, List<String> keys, boolean hasFull) {
    this.recipe = recipe;
    this.keys = keys;
    this.hasFull = hasFull;
  }

  /**
   * The plan of the sweep {@code recipe} builds (built once here to list its variants and check its settings).
   *
   * @throws IllegalArgumentException when the recipe's settings are invalid (as {@link RankSweep.Builder#build})
   */
  public static RankSweepPlan of(SweepRecipe recipe) throws IOException {
    Objects.requireNonNull(recipe, "recipe");
    List<Variant> variants = recipe.builder().build().variants();
    List<String> keys = variants.stream().map(Variant::fileStem).toList();
    return new RankSweepPlan(recipe, List.copyOf(new ArrayList<>(keys)), variants.contains(Variant.full()));
  }

  @Override
  public List<String> runKeys() {
    return keys;
  }

  @Override
  public List<String> prerequisites(String key) {
    return hasFull && key.startsWith("lora-") ? List.of(Variant.full().fileStem()) : List.of();
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
    if (key.equals(Variant.full().fileStem())) {
      Path checkpoints = outputDirectory.resolve("checkpoints");
      if (Files.isDirectory(checkpoints)) {
        try (Stream<Path> listed = Files.list(checkpoints)) {
          listed.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(FULL_CHECKPOINT_PREFIX)).sorted()
              .forEach(name -> files.add("checkpoints/" + name));
        }
      }
    }
    files.add(finishedMarker(key));
    return files;
  }

  @Override
  public void runOne(String key, Path outputDirectory, PrintStream progress) throws IOException {
    requireKey(key);
    RankSweep sweep = recipe.builder().outputDirectory(outputDirectory).progress(progress, false).build();
    Variant variant = sweep.variants().stream().filter(v -> v.fileStem().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the recipe rebuilt on this executor has no variant " + key
            + " (it has " + sweep.variants() + "): the recipe must build the same sweep everywhere"));
    sweep.runVariants(List.of(variant));
  }

  @Override
  public SweepResults assemble(Path outputDirectory, PrintStream progress) throws IOException {
    List<String> missing = keys.stream().filter(key -> !isFinished(key, outputDirectory)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cannot assemble the sweep from " + outputDirectory + ": runs " + missing
          + " are not finished (no " + finishedMarker(missing.get(0)) + ")");
    }
    // Every variant resumes from its files: run() reads and assembles, it trains nothing.
    return recipe.builder().outputDirectory(outputDirectory).progress(progress, false).build().run();
  }

  private String requireKey(String key) {
    if (!keys.contains(key)) {
      throw new IllegalArgumentException("unknown run key \"" + key + "\"; this sweep's runs are " + keys);
    }
    return key;
  }
}
