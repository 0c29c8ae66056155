package io.github.fairlora.generate;

import java.util.List;

/**
 * Continues a text prompt: what generation-based toxicity protocols (RealToxicityPrompts, HONEST, BOLD) need from a
 * model. Sampling settings (temperature, top-k/top-p, maximum length) belong to the implementation.
 */
@FunctionalInterface
public interface TextCompleter {

  /**
   * {@code count} continuations of {@code prompt} (the continuation text only, without the prompt), sampled
   * deterministically from {@code seed}.
   */
  List<String> complete(String prompt, int count, long seed);
}
