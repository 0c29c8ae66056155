package io.github.fairlora.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sizes a task's native thread pools to the cores Spark gave it ({@code spark.task.cpus}), so that tasks sharing an
 * executor do not oversubscribe its cores: the OpenBLAS threads fairlora's matrix products use and ND4J's kernel
 * threads. Both pools are per process; every task of an application asks for the same count, so concurrent tasks
 * agree.
 */
final class TaskThreads {
  private TaskThreads() {}

  /** The key Spark reads the cores per task from. */
  static final String TASK_CPUS = "spark.task.cpus";

  /** {@code spark.task.cpus} of {@code conf} (1 when unset), checked. */
  static int taskCpus(SparkConf conf) {
    int cpus = conf.getInt(TASK_CPUS, 1);
    if (cpus < 1) {
      throw new IllegalArgumentException(TASK_CPUS + " (" + cpus + ") must be >= 1");
    }
    return cpus;
  }

  /** The cores of the running task: its {@code task.cpus} resource, else {@code fallback}. */
  static int ofCurrentTask(int fallback) {
    TaskContext context = TaskContext.get();
    if (context != null && context.cpus() > 0) {
      return context.cpus();
    }
    return fallback;
  }

  /** Sets the BLAS and kernel threads of this process to {@code threads}. */
  static void apply(int threads) {
    // ND4J sets the OpenBLAS threads to all cores when its backend loads: load it first, or the count set here would
    // be overwritten by the first tensor allocated afterwards.
    Nd4j.getBlasWrapper();
    openblas_nolapack.blas_set_num_threads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.getEnvironment().setMaxThreads(threads);
  }
}
