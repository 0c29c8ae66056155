package io.github.fairlora.spark;

import io.github.fairlora.metrics.bias.SentenceScorer;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.LanguageModel;
import io.github.fairlora.text.Tokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A {@link LanguageModel} whose {@link #tokenLogProbabilities} is computed by Spark tasks: the sequences are cut into
 * batches of {@link #batchSize()} consecutive sequences, the batches are dealt to {@link #partitions()} tasks in
 * contiguous blocks, each task scores its batches with its own copy of the model, and the rows come back in the
 * caller's order.
 *
 * <p>Wrapped in a {@link SentenceScorer} by {@link #scorer}, every probe of the metrics module (counterfactual pairs,
 * CrowS-Pairs, StereoSet, BBQ, WinoBias, HolisticBias) runs unchanged: the probe scores all its items with one call, the
 * items are scored on the cluster, and the probe computes its metrics and bootstrap intervals from the per-item scores
 * on the driver, with the same code as on one machine. The scorer sorts the items longest first and this model cuts
 * them into the batches a local scorer would send, so each batch, and therefore each score, is the same as on one
 * machine (given the same BLAS threads per batch).
 *
 * <p>The per-sequence distributions ({@link #nextTokenLogProbabilities}, {@link #logitLens}) are computed on the driver
 * with a local copy of the model.
 */
public final class SparkLanguageModel implements LanguageModel {
  private final JavaSparkContext spark;
  private final Broadcast<ModelSnapshot> model;
  private final int partitions;
  private final int batchSize;
  private final int threads;
  private final Decoder local;

  private SparkLanguageModel(JavaSparkContext spark, ModelSnapshot snapshot, int partitions, int batchSize) {
    this.spark = spark;
    this.model = spark.broadcast(snapshot);
    this.partitions = partitions;
    this.batchSize = batchSize;
    this.threads = TaskThreads.taskCpus(spark.getConf());
    this.local = snapshot.restore();
  }

  /**
   * Scores with {@code model} (weights broadcast once) over {@code partitions} tasks per call, {@code batchSize}
   * sequences per forward pass.
   */
  public static SparkLanguageModel of(JavaSparkContext spark, Decoder model, int partitions, int batchSize) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(model, "model");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions (" + partitions + ") must be >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
    }
    return new SparkLanguageModel(spark, ModelSnapshot.of(model), partitions, batchSize);
  }

  /**
   * A sentence scorer for the probes whose model calls run on {@code partitions} Spark tasks, with the batches of a
   * local {@code SentenceScorer.of(model, tokenizer)}.
   */
  public static SentenceScorer scorer(JavaSparkContext spark, Decoder model, Tokenizer tokenizer, int partitions) {
    SparkLanguageModel distributed = of(spark, model, partitions, SentenceScorer.DEFAULT_BATCH_SIZE);
    // The whole item list in one call: the scorer sorts it, this model cuts it into the scorer's batches.
    return SentenceScorer.of(distributed, tokenizer).withBatchSize(Integer.MAX_VALUE);
  }

  /** Tasks per call. */
  public int partitions() {
    return partitions;
  }

  /** Sequences per forward pass in a task. */
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int vocabularySize() {
    return local.vocabularySize();
  }

  @Override
  public int contextLength() {
    return local.contextLength();
  }

  @Override
  public int numberOfLayers() {
    return local.numberOfLayers();
  }

  /** One task's share: consecutive batches, each scored in one forward pass. */
  record Slice(int index, ArrayList<int[][]> batches) implements Serializable {}

  @Override
  public float[][] tokenLogProbabilities(List<int[]> sequences) {
    Objects.requireNonNull(sequences, "sequences");
    int batches = (sequences.size() + batchSize - 1) / batchSize;
    if (batches == 0) {
      return new float[0][];
    }
    int tasks = Math.min(partitions, batches);
    List<Slice> slices = new ArrayList<>(tasks);
    for (int task = 0; task < tasks; task++) {
      // Contiguous blocks of batches: task t gets batches [t·B/T, (t+1)·B/T).
      int first = (int) ((long) task * batches / tasks);
      int end = (int) ((long) (task + 1) * batches / tasks);
      ArrayList<int[][]> mine = new ArrayList<>();
      for (int b = first; b < end; b++) {
        int from = b * batchSize;
        int to = Math.min(sequences.size(), from + batchSize);
        mine.add(sequences.subList(from, to).toArray(int[][]::new));
      }
      slices.add(new Slice(task, mine));
    }
    Broadcast<ModelSnapshot> shared = model;
    int cpus = threads;
    List<float[][]> scored = spark.parallelize(slices, tasks)
        .map(slice -> scoreSlice(shared.value(), slice, cpus))
        .collect();
    float[][] out = new float[sequences.size()][];
    int row = 0;
    for (float[][] part : scored) {
      for (float[] values : part) {
        out[row++] = values;
      }
    }
    if (row != sequences.size()) {
      throw new IllegalStateException("Spark tasks returned " + row + " rows for " + sequences.size() + " sequences");
    }
    return out;
  }

  /** Executor side: the rows of one slice, in order. */
  static float[][] scoreSlice(ModelSnapshot snapshot, Slice slice, int cpus) {
    TaskThreads.apply(TaskThreads.ofCurrentTask(cpus));
    Decoder decoder = TaskModels.get(snapshot);
    List<float[]> rows = new ArrayList<>();
    for (int[][] batch : slice.batches()) {
      float[][] perToken = decoder.tokenLogProbabilities(List.of(batch));
      rows.addAll(List.of(perToken));
    }
    return rows.toArray(float[][]::new);
  }

  @Override
  public float[][] nextTokenLogProbabilities(int[] tokens) {
    return local.nextTokenLogProbabilities(tokens);
  }

  @Override
  public float[][][] logitLens(int[] tokens) {
    return local.logitLens(tokens);
  }

  /** Releases the broadcast weights on the executors. */
  public void release() {
    model.destroy();
  }
}
