package io.github.fairlora.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A service that runs a sweep's variants on a cluster engine instead of one after another in this JVM. The command
 * line finds one through {@link ServiceLoader} when a module providing it (fairlora-spark) is on the class path, so
 * that nothing here depends on the engine at compile time.
 */
public interface DistributedSweepRunner {

  /** The engine's name, e.g. "Apache Spark". */
  String name();

  /**
   * Runs (or resumes) the sweep {@code recipe} builds on the cluster {@code master} (e.g. "local[4]",
   * "spark://host:7077"), writing each run's files into {@code outputDirectory}/variants as a local sweep does, and
   * returns the assembled results, equal to those of a local run.
   */
  SweepResults run(SweepRecipe recipe, String master, Path outputDirectory, PrintStream progress) throws IOException;

  /** The first runner on the class path, if any. */
  static Optional<DistributedSweepRunner> find() {
    return ServiceLoader.load(DistributedSweepRunner.class).findFirst();
  }
}
