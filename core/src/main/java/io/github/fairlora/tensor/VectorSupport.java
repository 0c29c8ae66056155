package io.github.fairlora.tensor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the kernels may use the JDK's Vector API ({@code jdk.incubator.vector}, SIMD with SVML exp/log on x86).
 * It is an incubator module in JDK 17, present only when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}; without it every kernel takes its scalar path (same results within float rounding, a few
 * times slower), and the first use logs once how to enable it. {@code -Dfairlora.vector=false} forces the scalar
 * path even when the module is there (for comparisons and tests).
 *
 * <p>Classes that name Vector API types are only loaded behind a check of {@link #ENABLED}.
 */
public final class VectorSupport {
  private VectorSupport() {}

  private static final Logger LOG = LoggerFactory.getLogger(VectorSupport.class);

  /** True when the module is present and not disabled. */
  public static final boolean ENABLED = detect();

  private static boolean detect() {
    boolean present = modulePresent();
    boolean disabled = "false".equalsIgnoreCase(System.getProperty("fairlora.vector", "").trim());
    if (!present) {
      LOG.info("fairlora: the JDK Vector API is not enabled, so the kernels outside BLAS run scalar (slower). "
          + "Run java with --add-modules jdk.incubator.vector to enable it.");
    } else if (disabled) {
      LOG.info("fairlora: the Vector API is disabled by -Dfairlora.vector=false; kernels run scalar");
    }
    return present && !disabled;
  }

  /** True when {@code jdk.incubator.vector} is in the boot layer. */
  public static boolean modulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** True when the kernels use the Vector API. */
  public static boolean enabled() {
    return ENABLED;
  }
}
