package io.github.fairlora.spark;

import io.github.fairlora.sweep.SweepResults;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * The narrow interface between a sweep and the engine that runs it: the independent runs a sweep consists of, how to
 * run one of them into a directory, and how to assemble the results from a directory where all of them are done.
 * {@link SparkSweep} runs one Spark task per run key; it knows nothing else about sweeps.
 *
 * <p>A plan is shipped to the executors, so it is serializable and rebuilds everything it needs from serializable
 * inputs. Paths in this interface are relative to an output directory and use '/' as separator.
 */
public interface SweepRunPlan extends Serializable {

  /** Every run of the sweep, in the order a local sweep runs them; a key is safe in file names. */
  List<String> runKeys();

  /** Runs whose files must be present in the output directory before {@code key} can run (e.g. full fine-tuning). */
  List<String> prerequisites(String key);

  /** The file whose presence in an output directory means {@code key} finished; written last. */
  String finishedMarker(String key);

  /** The files a finished run left in {@code outputDirectory}, the marker included (relative paths). */
  List<String> resultFiles(String key, Path outputDirectory) throws IOException;

  /**
   * Runs {@code key} into {@code outputDirectory}, which holds the result files of its prerequisites; writes the run's
   * files there. Called on an executor.
   */
  void runOne(String key, Path outputDirectory, PrintStream progress) throws IOException;

  /**
   * The sweep's results from {@code outputDirectory}, where every run is finished: nothing is trained or evaluated.
   *
   * @throws IllegalStateException when a run's files are missing
   */
  SweepResults assemble(Path outputDirectory, PrintStream progress) throws IOException;

  /** Whether {@code key} finished in {@code outputDirectory}. */
  default boolean isFinished(String key, Path outputDirectory) {
    return java.nio.file.Files.exists(outputDirectory.resolve(finishedMarker(key)));
  }
}
