package io.github.fairlora.generate;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Autoregressive generation with a {@link CachedDecoder}: the prompt is processed once, then each new token costs
 * one position.
 *
 * <p>Length: a sequence stops after {@link GenerationOptions#maxNewTokens()} tokens, at a stop token (which is not
 * returned), or when the prompt plus the generated tokens reach the model's context length, so that the whole
 * sequence can still be scored by the model. Reaching the context length is not an error: the result is simply
 * shorter (empty when the prompt already fills the context).
 *
 * <p>Randomness: sequence i of a call draws from its own stream, the i-th {@code split()} of
 * {@code new SplittableRandom(options.seed())}, so results are reproducible per seed, the single-prompt form equals
 * the first entry of the batch form, and copies of one prompt in a batch get different samples.
 */
public final class Generator {
  private Generator() {}

  /** Key/value cache memory one group of batched sequences may take, in bytes. */
  private static final long CACHE_BUDGET_BYTES = 256L << 20;
  /** Most sequences advanced together. */
  private static final int MAX_SLOTS = 64;

  /**
   * The tokens generated after {@code prompt} (the prompt itself is not included).
   *
   * @param prompt at least one token id (e.g. BOS), at most the context length
   * @throws IllegalArgumentException for an empty prompt, a token or stop token outside the vocabulary, or a prompt
   *     longer than the context length
   */
  public static int[] generate(Decoder model, int[] prompt, GenerationOptions options) {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt must not be null");
    }
    return generate(model, List.of(prompt), options).get(0);
  }

  /**
   * The tokens generated after each prompt, in the order of {@code prompts}; prompts advance together in groups,
   * each new token of a group costing one batched pass of one row per sequence. Identical prompts in a group are
   * processed once and their cache copied.
   *
   * @throws IllegalArgumentException as {@link #generate(Decoder, int[], GenerationOptions)}, naming the prompt
   */
  public static List<int[]> generate(Decoder model, List<int[]> prompts, GenerationOptions options) {
    if (model == null || prompts == null || options == null) {
      throw new IllegalArgumentException("model, prompts and options must not be null");
    }
    DecoderConfig config = model.config();
    int vocabulary = config.vocabularySize();
    int context = config.contextLength();
    for (int stop : options.stopTokens()) {
      if (stop >= vocabulary) {
        throw new IllegalArgumentException("stop token id " + stop + " is outside the vocabulary [0, " + vocabulary
            + ")");
      }
    }
    int count = prompts.size();
    int[] budgets = new int[count];
    int capacity = 1;
    for (int i = 0; i < count; i++) {
      int[] prompt = prompts.get(i);
      validatePrompt(i, prompt, vocabulary, context);
      budgets[i] = Math.min(options.maxNewTokens(), context - prompt.length);
      // The last generated token is never fed back, so the cache needs prompt + budget − 1 positions.
      capacity = Math.max(capacity, prompt.length + budgets[i] - 1);
    }
    SplittableRandom root = new SplittableRandom(options.seed());
    Sampler[] samplers = new Sampler[count];
    for (int i = 0; i < count; i++) {
      samplers[i] = new Sampler(options, root.split());
    }
    long bytesPerSlot = 2L * config.numberOfLayers() * capacity * config.kvWidth() * Float.BYTES;
    int groupSize = (int) Math.max(1, Math.min(MAX_SLOTS, CACHE_BUDGET_BYTES / bytesPerSlot));
    int[][] results = new int[count][];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (budgets[i] == 0) {
        results[i] = new int[0];
      } else {
        pending.add(i);
      }
    }
    for (int start = 0; start < pending.size(); start += groupSize) {
      List<Integer> group = pending.subList(start, Math.min(pending.size(), start + groupSize));
      runGroup(model, prompts, group, budgets, samplers, options.stopTokens(), capacity, results);
    }
    return List.of(results);
  }

  private static void validatePrompt(int index, int[] prompt, int vocabulary, int context) {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt " + index + " is null");
    }
    if (prompt.length == 0) {
      throw new IllegalArgumentException("prompt " + index + " is empty; it needs at least one token (e.g. BOS)");
    }
    if (prompt.length > context) {
      throw new IllegalArgumentException("prompt " + index + " has " + prompt.length
          + " tokens, more than the context length " + context);
    }
    for (int t = 0; t < prompt.length; t++) {
      if (prompt[t] < 0 || prompt[t] >= vocabulary) {
        throw new IllegalArgumentException("prompt " + index + ", token " + t + " is " + prompt[t]
            + ", outside the vocabulary [0, " + vocabulary + ")");
      }
    }
  }

  private static void runGroup(Decoder model, List<int[]> prompts, List<Integer> group, int[] budgets,
      Sampler[] samplers, Set<Integer> stops, int capacity, int[][] results) {
    int slots = group.size();
    CachedDecoder cached = new CachedDecoder(model, slots, capacity);
    int[][] generated = new int[slots][];
    int[] produced = new int[slots];
    int[] last = new int[slots];
    boolean[] active = new boolean[slots];
    float[][] prefillLogits = new float[slots][];
    for (int s = 0; s < slots; s++) {
      int index = group.get(s);
      int[] prompt = prompts.get(index);
      generated[s] = new int[budgets[index]];
      for (int earlier = 0; earlier < s && prefillLogits[s] == null; earlier++) {
        if (Arrays.equals(prompts.get(group.get(earlier)), prompt)) {
          cached.copySlot(earlier, s);
          prefillLogits[s] = prefillLogits[earlier];
        }
      }
      if (prefillLogits[s] == null) {
        prefillLogits[s] = cached.append(s, prompt);
      }
      active[s] = accept(samplers[index].sample(prefillLogits[s]), s, budgets[index], stops, generated, produced,
          last);
    }
    int[] stepSlots = new int[slots];
    int[] stepTokens = new int[slots];
    while (true) {
      int n = 0;
      for (int s = 0; s < slots; s++) {
        if (active[s]) {
          stepSlots[n] = s;
          stepTokens[n] = last[s];
          n++;
        }
      }
      if (n == 0) {
        break;
      }
      float[][] logits = cached.step(Arrays.copyOf(stepSlots, n), Arrays.copyOf(stepTokens, n));
      for (int i = 0; i < n; i++) {
        int s = stepSlots[i];
        int index = group.get(s);
        active[s] = accept(samplers[index].sample(logits[i]), s, budgets[index], stops, generated, produced, last);
      }
    }
    for (int s = 0; s < slots; s++) {
      results[group.get(s)] = Arrays.copyOf(generated[s], produced[s]);
    }
  }

  /** Records a sampled token; returns whether the sequence goes on. */
  private static boolean accept(int token, int slot, int budget, Set<Integer> stops, int[][] generated,
      int[] produced, int[] last) {
    if (stops.contains(token)) {
      return false;
    }
    generated[slot][produced[slot]++] = token;
    last[slot] = token;
    return produced[slot] < budget;
  }
}
