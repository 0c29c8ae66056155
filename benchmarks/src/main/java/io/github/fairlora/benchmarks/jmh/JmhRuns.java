package io.github.fairlora.benchmarks.jmh;

import io.github.fairlora.benchmarks.report.Measurement;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs JMH benchmarks programmatically and turns the results into {@link Measurement}s. */
public final class JmhRuns {
  private JmhRuns() {}

  /**
   * How long to run each benchmark: warmup and measurement iterations (time per iteration; ignored by single-shot
   * benchmarks, where an iteration is one call) and forks.
   */
  public record Timing(int warmupIterations, TimeValue warmupTime, int measurementIterations,
      TimeValue measurementTime, int forks) {
    /** Iterations of {@code millis} ms each. */
    public static Timing of(int warmup, int measurement, long millis, int forks) {
      return new Timing(warmup, TimeValue.milliseconds(millis), measurement, TimeValue.milliseconds(millis), forks);
    }
  }

  /**
   * Runs the benchmark methods of {@code benchmarkClass} named in {@code methods} (all when empty) with the given
   * parameter values (each name → values; unnamed parameters keep their annotation defaults).
   *
   * @param profiler an {@link org.openjdk.jmh.profile.InternalProfiler} class to attach, or null
   * @param log      where one line per finished benchmark goes
   */
  public static List<Measurement> run(Class<?> benchmarkClass, List<String> methods, Map<String, List<String>> params,
      Timing timing, Class<? extends org.openjdk.jmh.profile.Profiler> profiler, PrintStream log) {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .warmupIterations(timing.warmupIterations())
        .warmupTime(timing.warmupTime())
        .measurementIterations(timing.measurementIterations())
        .measurementTime(timing.measurementTime())
        .forks(timing.forks())
        .shouldFailOnError(true)
        .timeout(TimeValue.minutes(10));
    if (methods.isEmpty()) {
      options.include("^" + java.util.regex.Pattern.quote(benchmarkClass.getName()) + "\\.");
    } else {
      for (String method : methods) {
        options.include("^" + java.util.regex.Pattern.quote(benchmarkClass.getName() + "." + method) + "$");
      }
    }
    for (Map.Entry<String, List<String>> entry : params.entrySet()) {
      options.param(entry.getKey(), entry.getValue().toArray(String[]::new));
    }
    if (profiler != null) {
      options.addProfiler(profiler);
    }
    try {
      Collection<RunResult> results = new Runner(options.build(), new ConciseOutputFormat(log)).run();
      List<Measurement> list = new ArrayList<>();
      for (RunResult result : results) {
        list.add(toMeasurement(result));
      }
      return list;
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH run of " + benchmarkClass.getSimpleName() + " " + methods + " failed: "
          + e.getMessage(), e);
    }
  }

  /** The measurement of one JMH result: median over all forks' measurement iterations. */
  static Measurement toMeasurement(RunResult result) {
    BenchmarkParams params = result.getParams();
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : params.getParamsKeys()) {
      values.put(key, params.getParam(key));
    }
    List<Double> iterations = new ArrayList<>();
    for (BenchmarkResult fork : result.getBenchmarkResults()) {
      for (IterationResult iteration : fork.getIterationResults()) {
        iterations.add(iteration.getPrimaryResult().getScore());
      }
    }
    Map<String, Double> secondary = new LinkedHashMap<>();
    result.getSecondaryResults().forEach((name, value) -> secondary.put(name, value.getScore()));
    var primary = result.getPrimaryResult();
    double[] sorted = iterations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted.length == 0 ? primary.getScore()
        : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return new Measurement(shortName(params.getBenchmark()), values, primary.getScoreUnit(), median,
        primary.getScore(), primary.getScoreError(), iterations, secondary);
  }

  /** "pkg.Class.method" → "Class.method". */
  static String shortName(String benchmark) {
    int method = benchmark.lastIndexOf('.');
    int cls = benchmark.lastIndexOf('.', method - 1);
    return benchmark.substring(cls + 1);
  }
}
