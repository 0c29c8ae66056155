package io.github.fairlora.sweep;

import java.util.Objects;

/**
 * The answer of a sweep: does retention of the base model's bias fall with LoRA rank? Chosen by the interval of the
 * slope of retention against log2(rank) ({@link RetentionAnalysis}).
 *
 * @param metric the bias measure the verdict reads
 * @param trend falls, no clear trend, rises, or undefined (nothing claimed)
 * @param slope retention change per doubling of rank; NaN when undefined
 * @param lower lower end of the slope's interval; NaN when undefined
 * @param upper upper end of the slope's interval; NaN when undefined
 * @param statement the verdict sentence with its numbers (or the reason there is none)
 */
public record Verdict(String metric, RetentionAnalysis.Trend trend, double slope, double lower, double upper,
    String statement) {
  public Verdict {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(trend, "trend");
    Objects.requireNonNull(statement, "statement");
  }

  /** The verdict of an analysis. */
  public static Verdict of(RetentionAnalysis.Result result) {
    RetentionAnalysis.Estimate slope = result.slope();
    return new Verdict(result.metric(), result.trend(), slope == null ? Double.NaN : slope.estimate(),
        slope == null ? Double.NaN : slope.lower(), slope == null ? Double.NaN : slope.upper(), result.statement());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Verdict that && metric.equals(that.metric) && trend == that.trend
        && Double.compare(slope, that.slope) == 0 && Double.compare(lower, that.lower) == 0
        && Double.compare(upper, that.upper) == 0 && statement.equals(that.statement);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metric, trend, slope, lower, upper, statement);
  }
}
