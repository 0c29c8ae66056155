package io.github.fairlora.metrics.fairness;

import io.github.fairlora.metrics.stats.Bootstrap.Interval;
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
    List<String> names = new ArrayList<>();
    List<boolean[]> memberships = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
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
      int members = 0;
      int positives = 0;
      for (int row = 0; row < n; row++) {
        if (member[row]) {
          members++;
          positives += predictions.trueLabel(row);
        }
      }
      if (members == 0) {
        throw new IllegalArgumentException("identity '" + identity + "' has no member rows");
      }
      names.add(identity);
      memberships.add(member.clone());
      counts.add(new int[] {members, positives});
    }
    // One vector per resample: overall AUC, then subgroup, BPSN and BNSP AUC of each identity.
    Sweep sweep = new Sweep(predictions, memberships.toArray(boolean[][]::new));
    Interval[] intervals = JointBootstrap.intervals(n, sweep::aucs, options);
    List<IdentityAucs> results = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      results.add(new IdentityAucs(names.get(i), counts.get(i)[0], counts.get(i)[1],
          intervals[1 + 3 * i], intervals[2 + 3 * i], intervals[3 + 3 * i]));
    }
    return new BiasAucResult(intervals[0], results);
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

  /**
   * All the AUCs of a resample in one pass over the rows in score order, instead of sorting every subset: each row
   * (with its multiplicity in the resample) falls in the overall set, in the subgroup set of each identity it belongs
   * to, and in exactly one of BPSN (subgroup negative or background positive) and BNSP (the other two cases). Within
   * a run of tied scores, positives count the negatives below them fully and the tied negatives by half, which is
   * the Mann-Whitney count of {@link RocAuc}.
   */
  private static final class Sweep {
    private final Predictions data;
    private final boolean[][] members;
    private final int[] order; // rows by ascending score
    private final int[] runEnds; // end (exclusive) in order of each run of equal scores

    Sweep(Predictions data, boolean[][] members) {
      this.data = data;
      this.members = members;
      int n = data.size();
      order = java.util.stream.IntStream.range(0, n).boxed()
          .sorted((a, b) -> Double.compare(data.score(a), data.score(b)))
          .mapToInt(Integer::intValue).toArray();
      List<Integer> ends = new ArrayList<>();
      for (int k = 1; k <= n; k++) {
        // == rather than Double.compare: -0.0 and 0.0 tie, as in RocAuc
        if (k == n || data.score(order[k]) != data.score(order[k - 1])) {
          ends.add(k);
        }
      }
      runEnds = ends.stream().mapToInt(Integer::intValue).toArray();
    }

    double[] aucs(int[] rows) {
      int sets = 1 + 3 * members.length;
      int[] multiplicity = new int[data.size()];
      for (int row : rows) {
        multiplicity[row]++;
      }
      long[] positivesInRun = new long[sets];
      long[] negativesInRun = new long[sets];
      long[] negativesBelow = new long[sets];
      long[] positives = new long[sets];
      long[] doubledWins = new long[sets];
      int start = 0;
      for (int end : runEnds) {
        java.util.Arrays.fill(positivesInRun, 0);
        java.util.Arrays.fill(negativesInRun, 0);
        for (int k = start; k < end; k++) {
          int row = order[k];
          int count = multiplicity[row];
          if (count == 0) {
            continue;
          }
          long[] side = data.trueLabel(row) == 1 ? positivesInRun : negativesInRun;
          boolean positive = side == positivesInRun;
          side[0] += count;
          for (int i = 0; i < members.length; i++) {
            boolean member = members[i][row];
            if (member) {
              side[1 + 3 * i] += count;
            }
            side[(member != positive ? 2 : 3) + 3 * i] += count; // BPSN : BNSP
          }
        }
        for (int set = 0; set < sets; set++) {
          doubledWins[set] += positivesInRun[set] * (2 * negativesBelow[set] + negativesInRun[set]);
          negativesBelow[set] += negativesInRun[set];
          positives[set] += positivesInRun[set];
        }
        start = end;
      }
      double[] aucs = new double[sets];
      for (int set = 0; set < sets; set++) {
        long negatives = negativesBelow[set];
        aucs[set] = positives[set] == 0 || negatives == 0
            ? Double.NaN : doubledWins[set] / (2.0 * positives[set] * (double) negatives);
      }
      return aucs;
    }
  }
}
