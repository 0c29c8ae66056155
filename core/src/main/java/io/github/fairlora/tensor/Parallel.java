package io.github.fairlora.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Splits loops over independent rows (or heads, or chunks of a flat array) across the machine's cores. The kernels
 * outside BLAS (cross-entropy over a vocabulary, GELU, SwiGLU, norms, attention softmax, AdamW) are memory- and
 * exp-bound loops that BLAS leaves single-threaded; on two cores splitting them roughly halves their time.
 *
 * <p>One small pool of daemon threads, sized to the available processors minus the caller (which takes the first
 * chunk itself). {@code -Dfairlora.threads=N} sets the total (1 = everything on the calling thread). Nested calls
 * from a pool thread run inline, so kernels may call each other freely.
 */
public final class Parallel {
  private Parallel() {}

  /** Work on the index range [from, to). */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** Work on chunk {@code chunk} (0-based), the index range [from, to). */
  @FunctionalInterface
  public interface ChunkBody {
    void run(int chunk, int from, int to);
  }

  private static final int THREADS = threadCount();
  private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1, pool -> {
    ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    thread.setDaemon(true);
    thread.setName("fairlora-kernel-" + thread.getPoolIndex());
    return thread;
  }, null, false) : null;

  private static int threadCount() {
    int available = Runtime.getRuntime().availableProcessors();
    String configured = System.getProperty("fairlora.threads");
    if (configured == null || configured.isBlank()) {
      return Math.max(1, available);
    }
    try {
      int value = Integer.parseInt(configured.trim());
      if (value < 1) {
        throw new IllegalArgumentException("-Dfairlora.threads=" + configured + ": expected an integer >= 1");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-Dfairlora.threads=" + configured + ": expected an integer >= 1", e);
    }
  }

  /** Threads a parallel loop uses, the caller included. */
  public static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body} over [0, count) in at most {@link #threads()} contiguous chunks of at least {@code minChunk}
   * indices (so small loops stay on the calling thread, where a hand-off would cost more than it saves). Returns
   * when every chunk is done; an exception in any chunk is rethrown.
   */
  public static void forRange(int count, int minChunk, RangeBody body) {
    forChunks(count, minChunk, (chunk, from, to) -> body.run(from, to));
  }

  /**
   * How many chunks {@link #forChunks} splits {@code count} indices into (at least 1), so a caller can prepare one
   * partial result per chunk and combine them in chunk order (deterministic sums).
   */
  public static int chunks(int count, int minChunk) {
    if (count <= 0 || POOL == null || Thread.currentThread() instanceof ForkJoinWorkerThread) {
      return 1;
    }
    return Math.min(THREADS, Math.max(1, count / Math.max(1, minChunk)));
  }

  /** As {@link #forRange}, telling each body its chunk number, in [0, {@link #chunks}(count, minChunk)). */
  public static void forChunks(int count, int minChunk, ChunkBody body) {
    if (count <= 0) {
      return;
    }
    int chunks = chunks(count, minChunk);
    if (chunks == 1) {
      body.run(0, 0, count);
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
    // Failures are caught inside each chunk, so the caller sees the original exception (ForkJoinTask.join would
    // rethrow a copy), the first chunk's first, the others suppressed.
    Throwable[] failures = new Throwable[chunks];
    for (int c = 1; c < chunks; c++) {
      int from = bound(count, chunks, c);
      int to = bound(count, chunks, c + 1);
      int chunk = c;
      tasks[c - 1] = POOL.submit(() -> {
        try {
          body.run(chunk, from, to);
        } catch (RuntimeException | Error e) {
          failures[chunk] = e;
        }
      });
    }
    try {
      body.run(0, 0, bound(count, chunks, 1));
    } catch (RuntimeException | Error e) {
      failures[0] = e;
    }
    for (ForkJoinTask<?> task : tasks) {
      task.join();
    }
    Throwable failure = null;
    for (Throwable t : failures) {
      if (t != null) {
        if (failure == null) {
          failure = t;
        } else {
          failure.addSuppressed(t);
        }
      }
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
  }

  private static int bound(int count, int chunks, int chunk) {
    return (int) ((long) count * chunk / chunks);
  }
}
