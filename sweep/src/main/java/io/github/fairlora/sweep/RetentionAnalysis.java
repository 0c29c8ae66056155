package io.github.fairlora.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Retention of each LoRA rank on one bias measure, its trend over rank and the verdict, with intervals from a paired,
 * hierarchical bootstrap over training seeds and items.
 *
 * <p>Bias of a model on one seed: the magnitude ({@link BiasMagnitude}) of the mean of its per-item values. Bias of
 * a variant: the mean of that over seeds. Retention of rank r: {@code (b(r) - b(full)) / (b(base) - b(full))}, 1 =
 * as biased as the base model, 0 = as little as full fine-tuning. Trend: the least-squares slope of retention
 * against log2(rank).
 *
 * <p>One bootstrap replicate draws the seeds with replacement (seed k of every variant goes with seed k of full
 * fine-tuning), then the items with replacement; the same item draw is applied to the base model, every variant and
 * full fine-tuning, so differences and ratios get paired intervals. Intervals are percentile intervals of the
 * replicates. Where the base model and full fine-tuning cannot be told apart (the interval of their difference
 * contains 0) retention is undefined, and so are the trend and the verdict.
 */
public final class RetentionAnalysis {
  private RetentionAnalysis() {}

  /**
   * An estimate with its interval; NaN bounds when there is none.
   *
   * @param estimate the value on the data as measured
   * @param lower lower end of the percentile interval
   * @param upper upper end of the percentile interval
   */
  public record Estimate(double estimate, double lower, double upper) {
    /** Whether the interval lies entirely below 0. */
    public boolean below0() {
      return upper < 0;
    }

    /** Whether the interval lies entirely above 0. */
    public boolean above0() {
      return lower > 0;
    }
  }

  /**
   * Retention of one rank.
   *
   * @param rank the LoRA rank
   * @param retention estimate and interval
   * @param perSeed retention computed on each seed alone (items not resampled)
   */
  public record RankRetention(int rank, Estimate retention, double[] perSeed) {}

  /** Which way retention moves as the rank grows, as the slope's interval says. */
  public enum Trend {
    /** The slope's interval lies below 0: low ranks keep more bias. */
    FALLS,
    /** The slope's interval contains 0. */
    NO_CLEAR_TREND,
    /** The slope's interval lies above 0. */
    RISES,
    /** Retention is undefined or fewer than two ranks were usable: nothing is claimed. */
    UNDEFINED
  }

  /**
   * Everything the analysis found for one measure.
   *
   * @param metric the measure
   * @param baseMinusFull bias of the base model minus that of full fine-tuning, with its interval
   * @param retentionDefined whether that interval excludes 0
   * @param ranks retention of each rank (empty when undefined)
   * @param slope slope of retention against log2(rank) per doubling of rank (null when undefined)
   * @param perSeedSlopes the slope on each seed alone (empty when undefined)
   * @param trend the verdict's direction
   * @param statement the verdict sentence, with its numbers
   */
  public record Result(String metric, Estimate baseMinusFull, boolean retentionDefined, List<RankRetention> ranks,
      Estimate slope, double[] perSeedSlopes, Trend trend, String statement) {}

  /** The data of one measure: per-item values of the base model and, per seed, of full fine-tuning and each rank. */
  public static final class Input {
    private final String metric;
    private final BiasMagnitude magnitude;
    private final double[] base;
    private final double[][] full;
    private final SortedMap<Integer, double[][]> ranks = new TreeMap<>();

    /**
     * @param metric the measure's name
     * @param magnitude how a mean becomes a bias magnitude
     * @param base per-item values of the base model
     * @param full per seed, per-item values of full fine-tuning (every row as long as {@code base})
     */
    public Input(String metric, BiasMagnitude magnitude, double[] base, double[][] full) {
      this.metric = Objects.requireNonNull(metric, "metric");
      this.magnitude = Objects.requireNonNull(magnitude, "magnitude");
      this.base = base.clone();
      if (base.length == 0) {
        throw new IllegalArgumentException(metric + ": no items");
      }
      if (full.length == 0) {
        throw new IllegalArgumentException(metric + ": full fine-tuning has no seed");
      }
      this.full = check(full, "full fine-tuning");
    }

    /** Adds a rank's per-seed item values (as many seeds as full fine-tuning, in the same seed order). */
    public Input rank(int rank, double[][] perSeed) {
      if (rank < 1) {
        throw new IllegalArgumentException("rank (" + rank + ") must be positive");
      }
      ranks.put(rank, check(perSeed, "rank " + rank));
      return this;
    }

    private double[][] check(double[][] perSeed, String what) {
      if (full != null && perSeed.length != full.length) {
        throw new IllegalArgumentException(metric + ": " + what + " has " + perSeed.length + " seeds, full "
            + "fine-tuning " + full.length);
      }
      double[][] copy = new double[perSeed.length][];
      for (int s = 0; s < perSeed.length; s++) {
        if (perSeed[s].length != base.length) {
          throw new IllegalArgumentException(metric + ": " + what + " seed " + s + " has " + perSeed[s].length
              + " items, the base model " + base.length);
        }
        copy[s] = perSeed[s].clone();
      }
      return copy;
    }
  }

  /**
   * Runs the analysis.
   *
   * @param input the data
   * @param resamples bootstrap replicates (at least 100)
   * @param confidence interval confidence in (0, 1)
   * @param seed seed of the resampling
   */
  public static Result analyze(Input input, int resamples, double confidence, long seed) {
    if (resamples < 100) {
      throw new IllegalArgumentException("resamples (" + resamples + ") must be at least 100");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence (" + confidence + ") must be in (0, 1)");
    }
    int seeds = input.full.length;
    int items = input.base.length;
    int[] seedDraw = new int[seeds];
    int[] itemDraw = new int[items];
    for (int s = 0; s < seeds; s++) {
      seedDraw[s] = s;
    }
    for (int i = 0; i < items; i++) {
      itemDraw[i] = i;
    }
    List<Integer> rankList = new ArrayList<>(input.ranks.keySet());
    Replicate observed = replicate(input, rankList, seedDraw, itemDraw);
    double[] differences = new double[resamples];
    double[][] retentions = new double[rankList.size()][resamples];
    double[] slopes = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    for (int b = 0; b < resamples; b++) {
      for (int s = 0; s < seeds; s++) {
        seedDraw[s] = random.nextInt(seeds);
      }
      for (int i = 0; i < items; i++) {
        itemDraw[i] = random.nextInt(items);
      }
      Replicate r = replicate(input, rankList, seedDraw, itemDraw);
      differences[b] = r.baseMinusFull;
      for (int k = 0; k < rankList.size(); k++) {
        retentions[k][b] = r.retention[k];
      }
      slopes[b] = r.slope;
    }
    double alpha = 1 - confidence;
    Estimate difference = percentile(observed.baseMinusFull, differences, alpha);
    String label = input.metric + " (bias as " + input.magnitude.description() + ")";
    boolean defined = difference.above0() || difference.below0();
    if (!defined) {
      String statement = String.format(Locale.ROOT, "No verdict on %s: the base model and full fine-tuning cannot be "
          + "told apart (bias difference %.3g, %.0f%% interval [%.3g, %.3g] contains 0), so retention is undefined.",
          label, difference.estimate(), 100 * confidence, difference.lower(), difference.upper());
      return new Result(input.metric, difference, false, List.of(), null, new double[0], Trend.UNDEFINED, statement);
    }
    List<RankRetention> ranks = new ArrayList<>();
    for (int k = 0; k < rankList.size(); k++) {
      double[] perSeed = new double[seeds];
      for (int s = 0; s < seeds; s++) {
        perSeed[s] = seedRetention(input, input.ranks.get(rankList.get(k))[s], s);
      }
      ranks.add(new RankRetention(rankList.get(k), percentile(observed.retention[k], retentions[k], alpha), perSeed));
    }
    if (rankList.size() < 2) {
      String statement = "No verdict on " + label + ": a trend over rank needs at least two usable LoRA ranks, this "
          + "sweep has " + rankList.size() + ".";
      return new Result(input.metric, difference, true, ranks, null, new double[0], Trend.UNDEFINED, statement);
    }
    Estimate slope = percentile(observed.slope, slopes, alpha);
    double[] perSeedSlopes = new double[seeds];
    double[] logRanks = rankList.stream().mapToDouble(r -> Math.log(r) / Math.log(2)).toArray();
    for (int s = 0; s < seeds; s++) {
      double[] values = new double[rankList.size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = ranks.get(k).perSeed()[s];
      }
      perSeedSlopes[s] = slope(logRanks, values);
    }
    Trend trend = slope.below0() ? Trend.FALLS : slope.above0() ? Trend.RISES : Trend.NO_CLEAR_TREND;
    return new Result(input.metric, difference, true, ranks, slope, perSeedSlopes, trend,
        statement(label, trend, slope, ranks, perSeedSlopes, confidence));
  }

  private static String statement(String label, Trend trend, Estimate slope, List<RankRetention> ranks,
      double[] perSeedSlopes, double confidence) {
    RankRetention first = ranks.get(0);
    RankRetention last = ranks.get(ranks.size() - 1);
    String head = switch (trend) {
      case FALLS -> "Retention falls with rank on " + label;
      case RISES -> "Retention rises with rank on " + label;
      default -> "No clear trend of retention with rank on " + label;
    };
    String numbers = String.format(Locale.ROOT, ": slope %.3f per doubling of rank, %.0f%% interval [%.3f, %.3f]%s; "
        + "retention %.2f [%.2f, %.2f] at r=%d and %.2f [%.2f, %.2f] at r=%d (1 = the base model's bias, 0 = full "
        + "fine-tuning's).", slope.estimate(), 100 * confidence, slope.lower(), slope.upper(),
        trend == Trend.NO_CLEAR_TREND ? ", which contains 0" : "", first.retention().estimate(),
        first.retention().lower(), first.retention().upper(), first.rank(), last.retention().estimate(),
        last.retention().lower(), last.retention().upper(), last.rank());
    long falling = Arrays.stream(perSeedSlopes).filter(s -> s < 0).count();
    String seeds = perSeedSlopes.length < 2 ? " One training seed only." : String.format(Locale.ROOT,
        " On its own, %d of %d seeds show a falling slope (per-seed slopes %s).", falling, perSeedSlopes.length,
        String.join(", ", Arrays.stream(perSeedSlopes).mapToObj(s -> String.format(Locale.ROOT, "%.3f", s))
            .toList()));
    return head + numbers + seeds;
  }

  /** One replicate's statistics. */
  private record Replicate(double baseMinusFull, double[] retention, double slope) {}

  private static Replicate replicate(Input input, List<Integer> rankList, int[] seedDraw, int[] itemDraw) {
    double base = input.magnitude.of(mean(input.base, itemDraw));
    double full = seedMean(input, input.full, seedDraw, itemDraw);
    double[] retention = new double[rankList.size()];
    double[] logRanks = new double[rankList.size()];
    for (int k = 0; k < rankList.size(); k++) {
      double variant = seedMean(input, input.ranks.get(rankList.get(k)), seedDraw, itemDraw);
      retention[k] = (variant - full) / (base - full);
      logRanks[k] = Math.log(rankList.get(k)) / Math.log(2);
    }
    double slope = rankList.size() >= 2 ? slope(logRanks, retention) : Double.NaN;
    return new Replicate(base - full, retention, slope);
  }

  /** Retention of one seed on the items as measured. */
  private static double seedRetention(Input input, double[] variantItems, int seed) {
    double base = input.magnitude.of(mean(input.base, null));
    double full = input.magnitude.of(mean(input.full[seed], null));
    return (input.magnitude.of(mean(variantItems, null)) - full) / (base - full);
  }

  /** Mean over the drawn seeds of the bias magnitude of the drawn items' mean. */
  private static double seedMean(Input input, double[][] perSeed, int[] seedDraw, int[] itemDraw) {
    double sum = 0;
    for (int s : seedDraw) {
      sum += input.magnitude.of(mean(perSeed[s], itemDraw));
    }
    return sum / seedDraw.length;
  }

  private static double mean(double[] values, int[] draw) {
    double sum = 0;
    if (draw == null) {
      for (double v : values) {
        sum += v;
      }
      return sum / values.length;
    }
    for (int i : draw) {
      sum += values[i];
    }
    return sum / draw.length;
  }

  /** Least-squares slope of y against x. */
  static double slope(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(Double.NaN);
    double my = Arrays.stream(y).average().orElse(Double.NaN);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxy / sxx;
  }

  /** Percentile interval of the finite replicates; NaN bounds when fewer than 90% are finite. */
  static Estimate percentile(double estimate, double[] replicates, double alpha) {
    double[] finite = Arrays.stream(replicates).filter(Double::isFinite).sorted().toArray();
    if (finite.length < 0.9 * replicates.length || finite.length == 0) {
      return new Estimate(estimate, Double.NaN, Double.NaN);
    }
    int n = finite.length;
    int lowerIndex = (int) Math.floor(alpha / 2 * n);
    int upperIndex = Math.min(n - 1, (int) Math.ceil((1 - alpha / 2) * n) - 1);
    return new Estimate(estimate, finite[lowerIndex], finite[upperIndex]);
  }

  /**
   * Percentile interval of the mean over seeds of each seed's item mean, resampling seeds and then items (the raw
   * value of a measure on one variant).
   */
  public static Estimate hierarchicalMean(double[][] perSeed, int resamples, double confidence, long seed) {
    int seeds = perSeed.length;
    int items = perSeed[0].length;
    double observed = 0;
    for (double[] values : perSeed) {
      observed += mean(values, null) / seeds;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] replicates = new double[resamples];
    int[] itemDraw = new int[items];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      int[] seedDraw = new int[seeds];
      for (int s = 0; s < seeds; s++) {
        seedDraw[s] = random.nextInt(seeds);
      }
      for (int i = 0; i < items; i++) {
        itemDraw[i] = random.nextInt(items);
      }
      for (int s : seedDraw) {
        sum += mean(perSeed[s], itemDraw);
      }
      replicates[b] = sum / seeds;
    }
    return percentile(observed, replicates, 1 - confidence);
  }

  /** The ranks' retention estimates by rank, for tables. */
  public static Map<Integer, Estimate> byRank(Result result) {
    Map<Integer, Estimate> out = new LinkedHashMap<>();
    result.ranks().forEach(r -> out.put(r.rank(), r.retention()));
    return out;
  }
}
