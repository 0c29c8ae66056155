package io.github.fairlora.metrics.fairness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unintended-bias AUCs of the Civil Comments / Jigsaw benchmark (Borkan et al., 2019) for a classifier that
 * scores rows (comments) for toxicity: for each identity, subgroup AUC, BPSN AUC and BNSP AUC (see
 * {@link IdentityAucs}). A row may mention several identities or none; membership is one boolean per row and
 * identity (Civil Comments' identity columns are annotator shares, usually binarised at 0.5 before this step).
 *
 * <p>Labels are 0/1 (Civil Comments' toxicity is binarised at 0.5 the same way). NaN scores are rejected by
 * {@link Predictions}. An identity with no member rows is an error naming it; one whose members are all of one label
 * gets NaN for the AUCs that need the missing label.
 */
public final class BiasAucs {
  private BiasAucs() {}

  /**
   * Bias AUCs for every identity in {@code identities} (name → one membership flag per row, iteration order kept)
   * on {@code predictions}, which must carry scores, with the options' bootstrap intervals.
   */
  public static BiasAucResult compute(
      Predictions predictions, Map<String, boolean[]> identities, FairnessOptions options) {
    if (predictions == null || identities == null || options == null) {
      throw new NullPointerException("predictions, identities and options must not be null");
    }
    predictions.requireScores("bias AUCs");
    int n = predictions.size();
    if (n == 0) {
      throw new IllegalArgumentException("predictions have no rows; bias AUCs need at least one");
    }
    if (identities.isEmpty()) {
      throw new IllegalArgumentException("no identity subgroups given");
    }
    List<IdentityAucs> results = new ArrayList<>();
    for (Map.Entry<String, boolean[]> entry : identities.entrySet()) {
      String identity = entry.getKey();
      boolean[] member = entry.getValue();
      if (member == null) {
        throw new NullPointerException("membership of identity '" + identity + "' must not be null");
      }
      if (member.length != n) {
        throw new IllegalArgumentException("identity '" + identity + "' has " + member.length
            + " membership flags but predictions have " + n + " rows");
      }
      boolean[] flags = member.clone();
      int members = 0;
      int positives = 0;
      for (int row = 0; row < n; row++) {
        if (flags[row]) {
          members++;
          positives += predictions.trueLabel(row);
        }
      }
      if (members == 0) {
        throw new IllegalArgumentException("identity '" + identity + "' has no member rows");
      }
      results.add(new IdentityAucs(identity, members, positives,
          options.interval(n, rows -> RocAuc.of(predictions, select(predictions, flags, rows, Part.SUBGROUP))),
          options.interval(n, rows -> RocAuc.of(predictions, select(predictions, flags, rows, Part.BPSN))),
          options.interval(n, rows -> RocAuc.of(predictions, select(predictions, flags, rows, Part.BNSP)))));
    }
    return new BiasAucResult(options.interval(n, rows -> RocAuc.of(predictions, rows)), results);
  }

  /**
   * Bias AUCs with one subgroup per group of {@code features} (its rows against all other rows), groups sorted and
   * named as {@link Group#toString()}.
   */
  public static BiasAucResult compute(Predictions predictions, SensitiveFeatures features, FairnessOptions options) {
    GroupIndex index = MetricFrame.index(predictions, features);
    Map<String, boolean[]> identities = new LinkedHashMap<>();
    for (int g = 0; g < index.groups().size(); g++) {
      boolean[] member = new boolean[predictions.size()];
      for (int row = 0; row < member.length; row++) {
        member[row] = index.groupOf(row) == g;
      }
      identities.put(index.groups().get(g).toString(), member);
    }
    return compute(predictions, identities, options);
  }

  private enum Part { SUBGROUP, BPSN, BNSP }

  private static int[] select(Predictions data, boolean[] member, int[] rows, Part part) {
    int[] selected = new int[rows.length];
    int count = 0;
    for (int row : rows) {
      boolean positive = data.trueLabel(row) == 1;
      boolean keep = switch (part) {
        case SUBGROUP -> member[row];
        case BPSN -> member[row] ? !positive : positive;
        case BNSP -> member[row] ? positive : !positive;
      };
      if (keep) {
        selected[count++] = row;
      }
    }
    return java.util.Arrays.copyOf(selected, count);
  }
}
