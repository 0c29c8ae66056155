package io.github.fairlora.spark;

import io.github.fairlora.sweep.SweepResults;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs a {@link SweepRunPlan} on Spark: one task per run not yet finished in the output directory. Each task rebuilds
 * the sweep from the plan, runs its key in a scratch directory on the executor (seeded with its prerequisites' files,
 * broadcast by the driver) and returns the files the run wrote; the driver writes them into the output directory,
 * the finished marker last, then assembles the results exactly as a local sweep does.
 *
 * <p>Runs go in stages: a run waits for its prerequisites (the LoRA runs for full fine-tuning), runs of one stage are
 * one Spark job. A run whose marker exists is not resubmitted, so an interrupted sweep resumes from the same
 * {@code variants} folder a local sweep uses, and a local sweep can resume a Spark one. A failed task is retried by
 * Spark ({@code spark.task.maxFailures}); every run is seeded, so a retry returns the same files.
 */
public final class SparkSweep {
  private SparkSweep() {}

  /** What one task sends back: the run's files (relative path to bytes) and how long it took. */
  record RunOutput(String key, LinkedHashMap<String, byte[]> files, double seconds, int threads)
      implements Serializable {}

  /**
   * Runs or resumes {@code plan} on {@code spark} into {@code outputDirectory} and returns the assembled results.
   *
   * @throws IOException when the driver cannot read or write the output directory
   */
  public static SweepResults run(JavaSparkContext spark, SweepRunPlan plan, Path outputDirectory, PrintStream progress)
      throws IOException {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(outputDirectory, "output directory");
    Objects.requireNonNull(progress, "progress");
    Files.createDirectories(outputDirectory);
    int cpus = TaskThreads.taskCpus(spark.getConf());
    for (List<String> stage : stages(plan)) {
      List<String> pending = stage.stream().filter(key -> !plan.isFinished(key, outputDirectory)).toList();
      if (stage.size() > pending.size()) {
        progress.printf(Locale.ROOT, "spark: %d of %d runs (%s) already finished in %s, not resubmitted%n",
            stage.size() - pending.size(), stage.size(),
            String.join(", ", stage.stream().filter(k -> !pending.contains(k)).toList()), outputDirectory);
      }
      if (pending.isEmpty()) {
        continue;
      }
      HashMap<String, byte[]> inputs = new HashMap<>();
      for (String key : pending) {
        for (String prerequisite : plan.prerequisites(key)) {
          for (String file : plan.resultFiles(prerequisite, outputDirectory)) {
            inputs.computeIfAbsent(file, f -> readBytes(outputDirectory.resolve(f)));
          }
        }
      }
      progress.printf(Locale.ROOT, "spark: running %s as %d task(s), %d core(s) each%n", String.join(", ", pending),
          pending.size(), cpus);
      Broadcast<HashMap<String, byte[]>> shared = spark.broadcast(inputs);
      List<RunOutput> outputs;
      try {
        outputs = spark.parallelize(pending, pending.size())
            .map(key -> runTask(plan, key, shared.value(), cpus))
            .collect();
      } finally {
        shared.destroy();
      }
      for (RunOutput output : outputs) {
        writeRun(plan, output, outputDirectory);
        progress.printf(Locale.ROOT, "spark: %s finished in %.1f s (%d thread(s)), %d file(s) written%n",
            output.key(), output.seconds(), output.threads(), output.files().size());
      }
    }
    return plan.assemble(outputDirectory, progress);
  }

  /** Run keys grouped by depth in the prerequisite graph, each group in the plan's order. */
  static List<List<String>> stages(SweepRunPlan plan) {
    List<String> keys = plan.runKeys();
    Map<String, Integer> depth = new HashMap<>();
    TreeMap<Integer, List<String>> byDepth = new TreeMap<>();
    for (String key : keys) {
      byDepth.computeIfAbsent(depth(plan, key, depth, new ArrayList<>()), d -> new ArrayList<>()).add(key);
    }
    return List.copyOf(byDepth.values());
  }

  private static int depth(SweepRunPlan plan, String key, Map<String, Integer> known, List<String> path) {
    Integer cached = known.get(key);
    if (cached != null) {
      return cached;
    }
    if (path.contains(key)) {
      throw new IllegalStateException("run prerequisites form a cycle: " + path + " -> " + key);
    }
    path.add(key);
    int deepest = 0;
    for (String prerequisite : plan.prerequisites(key)) {
      if (!plan.runKeys().contains(prerequisite)) {
        throw new IllegalStateException("run " + key + " needs " + prerequisite + ", which is not a run of the plan");
      }
      deepest = Math.max(deepest, depth(plan, prerequisite, known, path) + 1);
    }
    path.remove(path.size() - 1);
    known.put(key, deepest);
    return deepest;
  }

  /** Executor side: one run in a scratch directory holding its prerequisites' files; returns what it wrote. */
  static RunOutput runTask(SweepRunPlan plan, String key, Map<String, byte[]> inputs, int cpus) throws IOException {
    long started = System.nanoTime();
    int threads = TaskThreads.ofCurrentTask(cpus);
    TaskThreads.apply(threads);
    Path scratch = Files.createTempDirectory("fairlora-spark-" + key + "-");
    try {
      for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
        Path target = scratch.resolve(input.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, input.getValue());
      }
      plan.runOne(key, scratch, System.err);
      if (!plan.isFinished(key, scratch)) {
        throw new IllegalStateException("run " + key + " ended without writing " + plan.finishedMarker(key));
      }
      LinkedHashMap<String, byte[]> files = new LinkedHashMap<>();
      for (String file : plan.resultFiles(key, scratch)) {
        files.put(file, Files.readAllBytes(scratch.resolve(file)));
      }
      return new RunOutput(key, files, (System.nanoTime() - started) / 1e9, threads);
    } finally {
      deleteRecursively(scratch);
    }
  }

  /** Writes a run's files atomically, its finished marker last, so a crash leaves the run unfinished, not torn. */
  private static void writeRun(SweepRunPlan plan, RunOutput output, Path outputDirectory) throws IOException {
    String marker = plan.finishedMarker(output.key());
    if (!output.files().containsKey(marker)) {
      throw new IllegalStateException("run " + output.key() + " returned no " + marker);
    }
    for (Map.Entry<String, byte[]> file : output.files().entrySet()) {
      if (!file.getKey().equals(marker)) {
        writeAtomically(outputDirectory, file.getKey(), file.getValue());
      }
    }
    writeAtomically(outputDirectory, marker, output.files().get(marker));
  }

  private static void writeAtomically(Path outputDirectory, String relative, byte[] bytes) throws IOException {
    Path target = outputDirectory.resolve(relative).normalize();
    if (!target.startsWith(outputDirectory.normalize())) {
      throw new IllegalStateException("a run returned the file " + relative + ", outside the output directory");
    }
    Files.createDirectories(target.getParent());
    Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    Files.write(temporary, bytes);
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " for the runs that need it", e);
    }
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
