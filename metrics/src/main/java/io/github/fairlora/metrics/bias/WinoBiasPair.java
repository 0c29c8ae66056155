package io.github.fairlora.metrics.bias;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A WinoBias sentence in its pro-stereotyped and anti-stereotyped versions (same line index in the pro_stereotyped
 * and anti_stereotyped files), as plain text with the bracket annotations removed.
 *
 * @param pro the pro-stereotyped sentence (pronoun matches the occupation's stereotypical gender)
 * @param anti the anti-stereotyped sentence
 * @param category e.g. {@code "type1"} or {@code "type2"}; results are also reported per category
 */
public record WinoBiasPair(String pro, String anti, String category) {

  /** Validates that all three are non-blank. */
  public WinoBiasPair {
    CounterfactualPair.requireText(pro, "pro");
    CounterfactualPair.requireText(anti, "anti");
    CounterfactualPair.requireText(category, "category");
  }

  /**
   * Pairs {@code pro.get(i)} with {@code anti.get(i)}, all in {@code category}.
   *
   * @throws IllegalArgumentException when the lists differ in length
   */
  public static List<WinoBiasPair> zip(List<String> pro, List<String> anti, String category) {
    Objects.requireNonNull(pro, "pro");
    Objects.requireNonNull(anti, "anti");
    if (pro.size() != anti.size()) {
      throw new IllegalArgumentException("pro has " + pro.size() + " sentences but anti has " + anti.size()
          + "; WinoBias pairs them by index");
    }
    List<WinoBiasPair> pairs = new ArrayList<>(pro.size());
    for (int i = 0; i < pro.size(); i++) {
      pairs.add(new WinoBiasPair(pro.get(i), anti.get(i), category));
    }
    return List.copyOf(pairs);
  }
}
