package io.github.fairlora.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.tensor.VectorSupport;
import org.junit.jupiter.api.Assumptions;

/**
 * Which kernel paths a test run can exercise. Surefire runs core's tests twice: with {@code --add-modules
 * jdk.incubator.vector} and {@code -Dfairlora.test.expectVector=true} (the vector path must then be there, so its
 * tests cannot be silently skipped), and without the module (expectVector=false: only the scalar path exists).
 */
public final class VectorPaths {
  private VectorPaths() {}

  /** The paths to test: {false} or {false, true}. */
  public static boolean[] available() {
    return VectorSupport.enabled() ? new boolean[] {false, true} : new boolean[] {false};
  }

  /** Fails when the run expects the vector path and it is absent; skips a vector-only test when it is not expected. */
  public static void requireVector() {
    String expected = System.getProperty("fairlora.test.expectVector");
    if ("true".equals(expected)) {
      assertThat(VectorSupport.enabled())
          .as("this run expects --add-modules jdk.incubator.vector, but the Vector API is not enabled").isTrue();
    }
    Assumptions.assumeTrue(VectorSupport.enabled(), "the Vector API module is absent in this run (scalar run)");
  }
}
