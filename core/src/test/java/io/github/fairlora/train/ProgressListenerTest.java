package io.github.fairlora.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {

  static TrainingListener.StepEvent step(int step) {
    // 10 steps planned, 2 s per step so far: ETA = 2 s × remaining steps.
    return new TrainingListener.StepEvent(step, 10, 1, 1.5, 1e-3, 0.7, 1234, 2.0 * step);
  }

  @Test
  void aTerminalGetsOneBarRedrawnInPlaceWithTheEta() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressListener listener = new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), true,
        "lora r=4", 5);
    listener.onStart(10, 100, 1000);
    listener.onStep(step(5));
    listener.onStep(step(10));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("lora r=4: 10 steps, 100 trainable of 1,000 parameters (10.00%)");
    assertThat(out).contains("\rlora r=4 [###############...............] 5/10 loss 1.5000, 1234 tok/s, ETA 0:10");
    assertThat(out).contains("\rlora r=4 [##############################] 10/10").endsWith("ETA 0:00\n");
  }

  @Test
  void aLogGetsPlainLinesAtMostEveryIntervalAndTheLastOne() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressListener listener = new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
        "full", 3600);
    listener.onStart(10, 1000, 1000);
    for (int i = 1; i <= 10; i++) {
      listener.onStep(step(i));
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    // The start line and the final step only: the interval (an hour) never elapsed in between.
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("full [##############################] 10/10").doesNotContain("\r");
    assertThat(ProgressListener.formatSeconds(3725)).isEqualTo("1:02:05");
  }
}
