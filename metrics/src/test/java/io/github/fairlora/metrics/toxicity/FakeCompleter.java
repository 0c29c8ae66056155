package io.github.fairlora.metrics.toxicity;

import io.github.fairlora.generate.TextCompleter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A completer with fixed continuations per prompt; records the prompts and seeds it was called with. */
final class FakeCompleter implements TextCompleter {
  private final Map<String, List<String>> continuations;
  final List<String> prompts = new ArrayList<>();
  final List<Long> seeds = new ArrayList<>();

  FakeCompleter(Map<String, List<String>> continuations) {
    this.continuations = continuations;
  }

  @Override
  public List<String> complete(String prompt, int count, long seed) {
    prompts.add(prompt);
    seeds.add(seed);
    List<String> all = continuations.get(prompt);
    if (all == null) {
      throw new AssertionError("unexpected prompt '" + prompt + "'");
    }
    return all.subList(0, Math.min(count, all.size()));
  }
}
