package io.github.fairlora.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences against a hand-written backward, in float32.
 *
 * <p>Why these tolerances: the library computes in float32 (BLAS sgemm). With a step h = 1e-2 on inputs of order 1,
 * the central difference's truncation error is O(h²·f''') ≈ 1e-4, and float rounding of a loss of order 1-10 is
 * ≈ 1e-6 absolute, which the division by 2h turns into ≈ 5e-5. A per-entry bound of 3e-3 absolute plus 2e-2 relative
 * therefore leaves a wide margin for honest float noise while catching any real error (a wrong sign, a missing term,
 * a transposed index gives errors of the order of the gradient itself). Losses are accumulated in double.
 */
public final class GradientCheck {
  private GradientCheck() {}

  public static final double STEP = 1e-2;
  public static final double ABSOLUTE = 3e-3;
  public static final double RELATIVE = 2e-2;

  /**
   * Checks {@code analytic} (the gradient of {@code loss} with respect to {@code values}) at up to {@code samples}
   * random entries (all entries when the tensor is small).
   */
  public static void check(String name, Tensor values, Tensor analytic, DoubleSupplier loss, int samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = values.length();
    int count = Math.min(samples, n);
    double worst = 0;
    for (int s = 0; s < count; s++) {
      int i = count == n ? s : random.nextInt(n);
      float original = values.get(i);
      values.set(i, (float) (original + STEP));
      double plus = loss.getAsDouble();
      values.set(i, (float) (original - STEP));
      double minus = loss.getAsDouble();
      values.set(i, original);
      double numeric = (plus - minus) / (2 * STEP);
      double exact = analytic.get(i);
      double error = Math.abs(numeric - exact);
      worst = Math.max(worst, error);
      assertThat(error)
          .as("%s[%d]: analytic %.6f vs numeric %.6f", name, i, exact, numeric)
          .isLessThanOrEqualTo(ABSOLUTE + RELATIVE * Math.abs(numeric));
    }
  }

  /** Fills a tensor with N(0, 1) values. */
  public static Tensor randomTensor(SplittableRandom random, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.length(); i++) {
      t.set(i, (float) gaussian(random));
    }
    return t;
  }

  public static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** Σ out[i]·weights[i] over the first {@code count} entries, in double: a scalar loss with known gradient. */
  public static double weightedSum(Tensor out, Tensor weights, int count) {
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += (double) out.get(i) * weights.get(i);
    }
    return sum;
  }
}
