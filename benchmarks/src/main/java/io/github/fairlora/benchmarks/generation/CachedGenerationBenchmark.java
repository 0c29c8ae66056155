package io.github.fairlora.benchmarks.generation;

import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.generate.Generator;
import io.github.fairlora.model.Decoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * KV-CACHED generation speed, the counterpart of {@link UncachedGenerationBenchmark} with the same models, prompt and
 * token count: {@code Generator.generate} prefills the prompt once and then runs one position per new token. Tokens
 * per second = NEW_TOKENS / time per invocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class CachedGenerationBenchmark {

  /** Which random model. */
  @Param({"STORIES260K", "GPT2_SMALL_2L"})
  public GenerationModel model;

  private Decoder decoder;
  private int[] prompt;
  private GenerationOptions options;

  /** Builds the random model and prompt (the same as the uncached benchmark's). */
  @Setup
  public void setUp() {
    decoder = new Decoder(model.config(), 99);
    prompt = UncachedGenerator.randomPrompt(UncachedGenerationBenchmark.PROMPT_TOKENS, model.config().vocabularySize(),
        5);
    options = GenerationOptions.greedy(UncachedGenerationBenchmark.NEW_TOKENS);
  }

  /** Generates NEW_TOKENS tokens with the cache. */
  @Benchmark
  public int[] generateCached() {
    return Generator.generate(decoder, prompt, options);
  }
}
