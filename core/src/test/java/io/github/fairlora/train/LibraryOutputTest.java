package io.github.fairlora.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.LoRA;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.testing.CharTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The library never writes to System.out or System.err itself: progress reaches the caller through the listener it
 * passes, and everything else goes through SLF4J (bound to slf4j-nop in these tests, so a log line does not count as
 * output).
 */
class LibraryOutputTest {

  @Test
  void loraFitWritesNothingToTheStandardStreams() {
    AtomicInteger steps = new AtomicInteger();
    TrainingListener counting = new TrainingListener() {
      @Override
      public void onStep(StepEvent event) {
        steps.incrementAndGet();
      }
    };
    Captured captured = capture(() -> {
      CharTokenizer tokenizer = TrainingTest.tokenizer();
      Decoder model = new Decoder(TrainingTest.config(DecoderConfig.Family.LLAMA, tokenizer.vocabularySize()), 42)
          .setTokenizer(tokenizer);
      List<String> data = TrainingTest.firstText().subList(0, 48);
      // The default listener, then a caller's listener and the logging one, with an evaluation split.
      AdaptedModel silent = LoRA.adapt(model).rank(2).epochs(1).batchSize(8).seed(1).fit(data);
      AdaptedModel listened = LoRA.adapt(model).rank(2).targets(Target.ALL_LINEAR).epochs(2).batchSize(8).seed(2)
          .evaluationFraction(0.25).listener(counting).fit(data);
      AdaptedModel logged = LoRA.adapt(model).rank(2).epochs(1).batchSize(8).seed(3)
          .listener(TrainingListener.logging()).fit(data);
      assertThat(silent.history().steps()).isPositive();
      assertThat(listened.history().steps()).isPositive();
      assertThat(logged.history().steps()).isPositive();
      return listened.history().steps();
    });
    assertThat(captured.out).as("System.out during fit").isEmpty();
    assertThat(captured.err).as("System.err during fit").isEmpty();
    assertThat(steps.get()).as("steps reported to the caller's listener").isEqualTo(captured.result);
  }

  @Test
  void consoleProgressGoesOnlyToTheStreamItIsGiven() {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Captured captured = capture(() -> {
      CharTokenizer tokenizer = TrainingTest.tokenizer();
      Decoder model = new Decoder(TrainingTest.config(DecoderConfig.Family.GPT2, tokenizer.vocabularySize()), 42)
          .setTokenizer(tokenizer);
      PrintStream stream = new PrintStream(progress, true, StandardCharsets.UTF_8);
      return LoRA.adapt(model).rank(2).epochs(1).batchSize(8).seed(1).listener(TrainingListener.console(stream))
          .fit(TrainingTest.firstText().subList(0, 32)).history().steps();
    });
    assertThat(captured.out).isEmpty();
    assertThat(captured.err).isEmpty();
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("train: " + captured.result + " steps")
        .contains(captured.result + "/" + captured.result + " loss");
  }

  private record Captured(String out, String err, int result) {}

  private interface Work {
    int run();
  }

  /** Runs {@code work} with System.out and System.err redirected, and restores them whatever happens. */
  private static synchronized Captured capture(Work work) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int result;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      result = work.run();
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new Captured(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), result);
  }
}
