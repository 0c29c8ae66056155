package io.github.fairlora.benchmarks.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's report when Python cannot run: it says "not measured" and why, and measures nothing. */
class HfPeerComparisonTest {
  @Test
  void aReasonGivenByRunShIsReported(@TempDir Path out) throws Exception {
    Path report = HfPeerComparison.run(new String[] {"--out", out.toString(), "--not-measured",
        "python3 is not on the PATH"});
    String text = Files.readString(report);
    assertThat(text).contains("**Not measured**: python3 is not on the PATH.").doesNotContain("| MET |");
    assertThat(Files.readString(out.resolve("HF-PEER.json"))).contains("\"notMeasured\"");
  }

  @Test
  void aPythonThatCannotStartIsReportedWithItsPath(@TempDir Path out) throws Exception {
    Path script = Files.writeString(out.resolve("peer.py"), "print('unused')\n");
    Path report = HfPeerComparison.run(new String[] {"--out", out.toString(), "--python",
        out.resolve("no-such-python").toString(), "--script", script.toString()});
    assertThat(Files.readString(report)).contains("**Not measured**: could not start")
        .contains("no-such-python");
  }

  @Test
  void unknownOptionsAreRefusedWithTheAcceptedOnes() {
    assertThatThrownBy(() -> HfPeerComparison.run(new String[] {"--round", "3"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rounds N");
  }
}
