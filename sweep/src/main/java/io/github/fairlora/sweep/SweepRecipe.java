package io.github.fairlora.sweep;

import java.io.IOException;
import java.io.Serializable;

/**
 * How to build one sweep from scratch, as a serializable value: a distributed runner ships the recipe to its workers
 * and each one rebuilds the same sweep from it (reading the model, data and probe files from paths the workers see, or
 * from small byte arrays the recipe carries). Every call must give a sweep with equal settings; the output directory
 * and progress stream are set by the runner.
 */
@FunctionalInterface
public interface SweepRecipe extends Serializable {

  /** A fresh builder of the sweep (its base model a private copy: workers run several recipes at once). */
  RankSweep.Builder builder() throws IOException;
}
