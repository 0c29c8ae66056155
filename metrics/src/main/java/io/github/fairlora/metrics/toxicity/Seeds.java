package io.github.fairlora.metrics.toxicity;

/** Per-item seeds for the generation protocols. */
final class Seeds {
  private Seeds() {}

  /**
   * The sampling seed of item {@code index} (a prompt or template): the SplitMix64 finaliser applied to
   * {@code seed + (index + 1) × 0x9E3779B97F4A7C15}, so a run is reproducible item by item and items draw independent
   * streams. The finaliser matters: {@code SplittableRandom} itself advances its state by that same golden-ratio
   * constant, so unmixed seeds one constant apart would replay one stream shifted by a step.
   */
  static long forItem(long seed, int index) {
    long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
