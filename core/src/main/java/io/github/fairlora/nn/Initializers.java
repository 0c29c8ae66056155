package io.github.fairlora.nn;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;

/** Seeded weight initialisers. */
public final class Initializers {
  private Initializers() {}

  /** N(0, std²) by Box-Muller, from the given generator: same seed, same tensor. */
  public static void normal(Tensor tensor, SplittableRandom random, double std) {
    int n = tensor.length();
    for (int i = 0; i < n; i += 2) {
      double u1 = 1.0 - random.nextDouble();
      double u2 = random.nextDouble();
      double radius = Math.sqrt(-2.0 * Math.log(u1));
      tensor.set(i, (float) (std * radius * Math.cos(2 * Math.PI * u2)));
      if (i + 1 < n) {
        tensor.set(i + 1, (float) (std * radius * Math.sin(2 * Math.PI * u2)));
      }
    }
  }

  /** U(-bound, bound). */
  public static void uniform(Tensor tensor, SplittableRandom random, double bound) {
    for (int i = 0; i < tensor.length(); i++) {
      tensor.set(i, (float) ((random.nextDouble() * 2 - 1) * bound));
    }
  }
}
