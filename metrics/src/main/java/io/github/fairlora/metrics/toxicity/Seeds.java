package io.github.fairlora.metrics.toxicity;

/** Per-item seeds for the generation protocols. */
final class Seeds {
  private Seeds() {}

  /**
   * The sampling seed of item {@code index} (a prompt or template): {@code seed + index × 0x9E3779B97F4A7C15}, the
   * golden-ratio increment, so consecutive items get well-spread seeds and a run is reproducible item by item.
   */
  static long forItem(long seed, int index) {
    return seed + index * 0x9E3779B97F4A7C15L;
  }
}
