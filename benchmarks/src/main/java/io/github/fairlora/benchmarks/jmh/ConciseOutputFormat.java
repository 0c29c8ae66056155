package io.github.fairlora.benchmarks.jmh;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's console output reduced to one line per benchmark (name, parameters, mean score), so that a suite of a
 * hundred runs stays readable. What the forked VM prints is held back and shown only when the benchmark fails, or
 * line by line when a line reports an error or exception (libraries' start-up chatter is dropped).
 */
final class ConciseOutputFormat implements OutputFormat {
  private final PrintStream out;
  private final java.io.ByteArrayOutputStream forked = new java.io.ByteArrayOutputStream();

  ConciseOutputFormat(PrintStream out) {
    this.out = out;
  }

  @Override
  public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {}

  @Override
  public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
      IterationResult data) {}

  @Override
  public void startBenchmark(BenchmarkParams benchParams) {
    forked.reset();
  }

  @Override
  public void endBenchmark(BenchmarkResult result) {
    if (result == null) {
      out.println("  a benchmark produced no result; its forked VM printed:");
      out.println(forked.toString(java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    BenchmarkParams params = result.getParams();
    out.println(String.format(Locale.ROOT, "  %s%s: %.4g %s", JmhRuns.shortName(params.getBenchmark()),
        describe(params), result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreUnit()));
    for (String line : forked.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if ((line.contains("Exception") || line.contains("ERROR")) && !line.startsWith("SLF4J")) {
        out.println("    forked VM: " + line);
      }
    }
  }

  private static String describe(BenchmarkParams params) {
    if (params.getParamsKeys().isEmpty()) {
      return "";
    }
    return params.getParamsKeys().stream().map(k -> k + "=" + params.getParam(k))
        .collect(Collectors.joining(", ", " (", ")"));
  }

  @Override
  public void startRun() {}

  @Override
  public void endRun(Collection<RunResult> result) {}

  @Override
  public void print(String s) {}

  @Override
  public void println(String s) {
    // JMH reports failures and forked-VM errors through println; keep those, drop the banner and progress.
    if (s.contains("ERROR") || s.contains("Exception") || s.contains("<failure>") || s.startsWith("\tat ")) {
      out.println(s);
    }
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
  }

  @Override
  public void verbosePrintln(String s) {}

  @Override
  public void write(int b) {
    forked.write(b);
  }

  @Override
  public void write(byte[] b) {
    forked.write(b, 0, b.length);
  }
}
