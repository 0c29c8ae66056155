package io.github.fairlora.benchmarks.generation;

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
 * UNCACHED generation speed: {@link #NEW_TOKENS} greedy tokens after a {@link #PROMPT_TOKENS}-token prompt, each one
 * re-scoring the whole prefix with {@code Decoder.nextTokenLogProbabilities}. Tokens per second = NEW_TOKENS / time
 * per invocation. A key/value-cached generator is measured elsewhere; do not compare the two without the label.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class UncachedGenerationBenchmark {
  /** Prompt length. */
  public static final int PROMPT_TOKENS = 8;
  /** Tokens generated per invocation. */
  public static final int NEW_TOKENS = 16;

  /** Which random model. */
  @Param({"STORIES260K", "GPT2_SMALL_2L"})
  public GenerationModel model;

  private Decoder decoder;
  private int[] prompt;

  /** Builds the random model and prompt. */
  @Setup
  public void setUp() {
    decoder = new Decoder(model.config(), 99);
    prompt = UncachedGenerator.randomPrompt(PROMPT_TOKENS, model.config().vocabularySize(), 5);
  }

  /** Generates NEW_TOKENS tokens. */
  @Benchmark
  public int[] generateUncached() {
    return UncachedGenerator.generate(decoder, prompt, NEW_TOKENS);
  }
}
