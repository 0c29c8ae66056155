package io.github.fairlora.generate;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to generate: how many tokens at most, how to pick each one, when to stop, and the seed.
 *
 * <p>Sampling applies, in order: temperature (logits divided by it; 0 means greedy, always the most likely token,
 * and then top-k and top-p do not matter), top-k (keep the k most likely tokens; 0 keeps all), top-p (keep the
 * smallest set of most likely tokens whose probability, renormalised after top-k, adds up to at least p; 1 keeps
 * all).
 *
 * @param maxNewTokens  most tokens to generate after the prompt, at least 1 (generation also stops when the prompt
 *                      plus the generated tokens fill the model's context length)
 * @param temperature   finite, at least 0; 0 = greedy
 * @param topK          at least 0; 0 = no top-k filter
 * @param topP          in (0, 1]; 1 = no top-p filter
 * @param stopTokens    token ids (each at least 0) that end a sequence when generated; the stop token itself is
 *                      not part of the result. Immutable copy; may be empty
 * @param seed          seed of the random draws (unused when greedy)
 */
public record GenerationOptions(int maxNewTokens, float temperature, int topK, float topP, Set<Integer> stopTokens,
    long seed) {

  /** Validates every field; the message names the value and the rule. */
  public GenerationOptions {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens (" + maxNewTokens + ") must be positive");
    }
    if (!(temperature >= 0) || !Float.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature (" + temperature + ") must be finite and >= 0 (0 = greedy)");
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK (" + topK + ") must be >= 0 (0 = no top-k filter)");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP (" + topP + ") must be in (0, 1] (1 = no top-p filter)");
    }
    if (stopTokens == null) {
      throw new IllegalArgumentException("stopTokens must not be null (use an empty set for none)");
    }
    for (Integer id : stopTokens) {
      if (id == null || id < 0) {
        throw new IllegalArgumentException("stop token id (" + id + ") must be a non-negative token id");
      }
    }
    stopTokens = Set.copyOf(stopTokens);
  }

  /** Greedy decoding of up to {@code maxNewTokens} tokens, no stop tokens. */
  public static GenerationOptions greedy(int maxNewTokens) {
    return new GenerationOptions(maxNewTokens, 0f, 0, 1f, Set.of(), 0L);
  }

  /** Sampling at {@code temperature} with the given top-k (0 = off) and top-p (1 = off), no stop tokens. */
  public static GenerationOptions sampling(int maxNewTokens, float temperature, int topK, float topP, long seed) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, Set.of(), seed);
  }

  /** True when every token is the most likely one (temperature 0). */
  public boolean greedy() {
    return temperature == 0f;
  }

  /** The same options with these stop token ids (replacing any). */
  public GenerationOptions withStopTokens(int... ids) {
    return withStopTokens(Arrays.stream(ids).boxed().collect(Collectors.toSet()));
  }

  /** The same options with these stop token ids (replacing any). */
  public GenerationOptions withStopTokens(Collection<Integer> ids) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, new java.util.HashSet<>(ids), seed);
  }

  /** The same options with another seed. */
  public GenerationOptions withSeed(long newSeed) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, stopTokens, newSeed);
  }

  /** The same options with another maximum number of new tokens. */
  public GenerationOptions withMaxNewTokens(int newMaxNewTokens) {
    return new GenerationOptions(newMaxNewTokens, temperature, topK, topP, stopTokens, seed);
  }
}
