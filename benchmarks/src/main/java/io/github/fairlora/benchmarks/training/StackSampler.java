package io.github.fairlora.benchmarks.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small sampling profiler for one thread: every few milliseconds, while {@linkplain #setActive active}, it reads
 * the thread's stack and charges the sample to the innermost frame that is real work rather than an accessor.
 *
 * <p>Frames of {@code Tensor}, {@code java.nio} buffers, {@code Math} and JDK internals are skipped, so a Java loop is
 * charged to the layer method that runs it. A sample inside native BLAS is charged to "sgemm (BLAS) ← caller", with
 * the caller being the first frame outside {@code Gemm} and JavaCPP. Samples are taken at safepoints, so loop-heavy
 * Java code may be slightly misattributed to nearby frames; the shares are a guide to where time goes, not a
 * measurement.
 */
public final class StackSampler implements AutoCloseable {
  /** Label prefix of samples inside BLAS. */
  public static final String BLAS = "sgemm (BLAS) ← ";

  private final Thread target;
  private final Thread sampler;
  private final Map<String, Integer> counts = new HashMap<>();
  private volatile boolean active;
  private volatile boolean running = true;
  private int total;

  /** One share of the samples. */
  public record Hotspot(String label, double share) {}

  /** Starts sampling {@code target} every {@code periodMillis} ms (it only counts while active). */
  public StackSampler(Thread target, long periodMillis) {
    this.target = target;
    this.sampler = new Thread(() -> loop(periodMillis), "stack-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void loop(long periodMillis) {
    while (running) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
      if (active) {
        String label = classify(target.getStackTrace());
        if (label != null) {
          synchronized (counts) {
            counts.merge(label, 1, Integer::sum);
            total++;
          }
        }
      }
    }
  }

  /** Counts samples only while active. */
  public void setActive(boolean active) {
    this.active = active;
  }

  /** Samples taken while active. */
  public int samples() {
    synchronized (counts) {
      return total;
    }
  }

  /** The {@code limit} most frequent labels with their share of all samples, largest first. */
  public List<Hotspot> hotspots(int limit) {
    synchronized (counts) {
      List<Hotspot> list = new ArrayList<>();
      for (Map.Entry<String, Integer> e : counts.entrySet()) {
        list.add(new Hotspot(e.getKey(), total == 0 ? 0 : e.getValue() / (double) total));
      }
      list.sort(Comparator.comparingDouble(Hotspot::share).reversed());
      return list.size() > limit ? List.copyOf(list.subList(0, limit)) : List.copyOf(list);
    }
  }

  /** Share of samples inside BLAS, all callers together. */
  public double blasShare() {
    synchronized (counts) {
      int blas = counts.entrySet().stream().filter(e -> e.getKey().startsWith(BLAS)).mapToInt(Map.Entry::getValue)
          .sum();
      return total == 0 ? 0 : blas / (double) total;
    }
  }

  /** The label a stack is charged to, or null for an empty stack. Package-private for tests. */
  static String classify(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return null;
    }
    boolean inBlas = stack[0].getClassName().startsWith("org.bytedeco.openblas");
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      boolean blasWrapper = cls.startsWith("org.bytedeco.") || cls.equals("io.github.fairlora.tensor.Gemm");
      if (skipped(cls) || (inBlas && blasWrapper)) {
        continue;
      }
      String label = simpleName(cls) + "." + frame.getMethodName();
      return inBlas ? BLAS + label : label;
    }
    return simpleName(stack[0].getClassName()) + "." + stack[0].getMethodName();
  }

  private static boolean skipped(String cls) {
    return cls.startsWith("java.nio.") || cls.startsWith("jdk.internal.") || cls.equals("java.lang.Math")
        || cls.equals("java.lang.StrictMath") || cls.equals("io.github.fairlora.tensor.Tensor");
  }

  private static String simpleName(String cls) {
    int dot = cls.lastIndexOf('.');
    return dot < 0 ? cls : cls.substring(dot + 1);
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
