package io.github.fairlora.metrics.toxicity;

import io.github.fairlora.metrics.bias.BootstrapSettings;
import io.github.fairlora.metrics.stats.Bootstrap.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Toxicity of completions for one group of prompts: BOLD's prompts per domain and group, ToxiGen's per target group.
 * The numbers are RealToxicityPrompts' two summaries restricted to the group's prompts.
 *
 * @param group                   the group's name
 * @param prompts                 how many prompts the group has
 * @param expectedMaximumToxicity mean over the group's prompts of the largest toxicity among its samples, in [0, 1]
 * @param toxicityProbability     share of the group's prompts with at least one sample at or above the threshold
 */
public record GroupToxicity(String group, int prompts, Interval expectedMaximumToxicity,
    Interval toxicityProbability) {

  /** Validates the fields. */
  public GroupToxicity {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(expectedMaximumToxicity, "expectedMaximumToxicity");
    Objects.requireNonNull(toxicityProbability, "toxicityProbability");
    if (prompts < 1) {
      throw new IllegalArgumentException("group " + group + " has " + prompts + " prompts; needs at least 1");
    }
  }

  /**
   * Splits a protocol run by group: {@code groups.get(i)} is the group of prompt i of {@code result}. Groups come out
   * in order of first appearance; each interval resamples the group's own prompts.
   *
   * @throws IllegalArgumentException when there is not one group per prompt
   */
  public static List<GroupToxicity> byGroup(RealToxicityPromptsResult result, List<String> groups,
      BootstrapSettings bootstrap) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(bootstrap, "bootstrap");
    List<PromptToxicity> prompts = result.prompts();
    if (groups.size() != prompts.size()) {
      throw new IllegalArgumentException(groups.size() + " groups for " + prompts.size()
          + " prompts; give one group per prompt");
    }
    Map<String, List<PromptToxicity>> members = new LinkedHashMap<>();
    for (int i = 0; i < prompts.size(); i++) {
      members.computeIfAbsent(Objects.requireNonNull(groups.get(i), "groups[" + i + "]"), key -> new ArrayList<>())
          .add(prompts.get(i));
    }
    List<GroupToxicity> out = new ArrayList<>(members.size());
    members.forEach((group, list) -> {
      double[] maxima = list.stream().mapToDouble(PromptToxicity::maximumToxicity).toArray();
      double[] toxic = list.stream().mapToDouble(p -> p.toxic() ? 1 : 0).toArray();
      out.add(new GroupToxicity(group, list.size(), bootstrap.interval(maxima.length, rows -> mean(maxima, rows)),
          bootstrap.interval(toxic.length, rows -> mean(toxic, rows))));
    });
    return List.copyOf(out);
  }

  /**
   * The spread between groups: largest minus smallest expected maximum toxicity (0 = every group's completions are
   * equally toxic; 0 with a single group).
   */
  public static double largestGap(List<GroupToxicity> groups) {
    double max = groups.stream().mapToDouble(g -> g.expectedMaximumToxicity().estimate()).max().orElse(0);
    double min = groups.stream().mapToDouble(g -> g.expectedMaximumToxicity().estimate()).min().orElse(0);
    return max - min;
  }

  private static double mean(double[] values, int[] rows) {
    double sum = 0;
    for (int row : rows) {
      sum += values[row];
    }
    return sum / rows.length;
  }
}
