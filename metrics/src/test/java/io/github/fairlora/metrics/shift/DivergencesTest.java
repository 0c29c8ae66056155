package io.github.fairlora.metrics.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DivergencesTest {
  private static final double NEG_INF = Double.NEGATIVE_INFINITY;

  private static double[] logs(double... probabilities) {
    double[] out = new double[probabilities.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.log(probabilities[i]);
    }
    return out;
  }

  @Test
  void handComputedValuesOnTwoTokens() {
    double[] p = logs(0.5, 0.5);
    double[] q = logs(0.25, 0.75);
    // KL(P||Q) = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.346574 - 0.202733 = 0.143841
    assertThat(Divergences.klDivergence(p, q)).isCloseTo(0.14384103622589045, within(1e-12));
    // KL(Q||P) = 0.25 ln(0.25/0.5) + 0.75 ln(0.75/0.5) = -0.173287 + 0.304099 = 0.130812
    assertThat(Divergences.klDivergence(q, p)).isCloseTo(0.13081203594113697, within(1e-12));
    // M = (0.375, 0.625); KL(P||M) = 0.5 ln(0.5/0.375) + 0.5 ln(0.5/0.625) = 0.032269;
    // KL(Q||M) = 0.25 ln(0.25/0.375) + 0.75 ln(0.75/0.625) = 0.035375; JS = (0.032269 + 0.035375) / 2 = 0.033822
    // (scipy.spatial.distance.jensenshannon(P, Q)^2 = 0.03382207556860521)
    assertThat(Divergences.jensenShannon(p, q)).isCloseTo(0.03382207556860521, within(1e-12));
    assertThat(Divergences.jensenShannon(q, p)).isCloseTo(0.03382207556860521, within(1e-12));
  }

  @Test
  void zeroProbabilitiesAreHandledExactly() {
    double[] p = logs(0.5, 0.5, 0);
    double[] q = logs(0.25, 0.25, 0.5);
    // P's zero entry contributes nothing: KL(P||Q) = 0.5 ln 2 + 0.5 ln 2 = ln 2
    assertThat(Divergences.klDivergence(p, q)).isCloseTo(Math.log(2), within(1e-12));
    // Q puts mass where P has none: KL(Q||P) = infinity
    assertThat(Divergences.klDivergence(q, p)).isEqualTo(Double.POSITIVE_INFINITY);
    // Disjoint supports: JS reaches its maximum ln 2, KL is infinite.
    double[] left = {0, NEG_INF};
    double[] right = {NEG_INF, 0};
    assertThat(Divergences.jensenShannon(left, right)).isCloseTo(Math.log(2), within(1e-15));
    assertThat(Divergences.klDivergence(left, right)).isEqualTo(Double.POSITIVE_INFINITY);
    // Both zero on an entry: it contributes nothing to either.
    assertThat(Divergences.jensenShannon(logs(1, 0), logs(1, 0))).isZero();
  }

  @Test
  void divergenceOfADistributionFromItselfIsZeroAndJensenShannonIsSymmetricAndBounded() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      double[] p = randomDistribution(random, 5);
      double[] q = randomDistribution(random, 5);
      assertThat(Divergences.klDivergence(p, p)).isZero();
      assertThat(Divergences.jensenShannon(p, p)).isCloseTo(0, within(1e-15));
      double forward = Divergences.jensenShannon(p, q);
      assertThat(forward).isEqualTo(Divergences.jensenShannon(q, p));
      assertThat(forward).isBetween(0.0, Divergences.LN_2);
      // KL >= 0 (Gibbs); by convexity KL(P||M) <= KL(P||Q) / 2, so JS <= (KL(P||Q) + KL(Q||P)) / 4.
      double klPQ = Divergences.klDivergence(p, q);
      double klQP = Divergences.klDivergence(q, p);
      assertThat(klPQ).isGreaterThanOrEqualTo(0);
      assertThat(forward).isLessThanOrEqualTo((klPQ + klQP) / 4 + 1e-12);
    }
  }

  @Test
  void normaliseRemovesFloatRoundingAndRejectsBadEntries() {
    // ln 0.5 stored as float, plus a -infinity entry: renormalised in double the probabilities sum to 1.
    float[] logs = {(float) Math.log(0.5), (float) Math.log(0.5), Float.NEGATIVE_INFINITY};
    double[] normalised = Divergences.normalise(logs, "test");
    assertThat(Math.exp(normalised[0]) + Math.exp(normalised[1])).isCloseTo(1, within(1e-15));
    assertThat(normalised[2]).isEqualTo(NEG_INF);
    // Unnormalised scores are normalised: (0, ln 3) -> (0.25, 0.75).
    double[] fromScores = Divergences.normalise(new float[] {0, (float) Math.log(3)}, "test");
    assertThat(Math.exp(fromScores[0])).isCloseTo(0.25, within(1e-7));
    assertThatThrownBy(() -> Divergences.normalise(new float[] {0, Float.NaN}, "model P, position 3"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model P, position 3")
        .hasMessageContaining("token 1 is NaN");
    assertThatThrownBy(() -> Divergences.normalise(new float[] {Float.NEGATIVE_INFINITY}, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every log-probability is -infinity");
    assertThatThrownBy(() -> Divergences.klDivergence(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same vocabulary");
  }

  private static double[] randomDistribution(SplittableRandom random, int size) {
    double[] weights = new double[size];
    double sum = 0;
    for (int i = 0; i < size; i++) {
      // Some entries exactly zero, to exercise the -infinity paths.
      weights[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble();
      sum += weights[i];
    }
    if (sum == 0) {
      weights[0] = sum = 1;
    }
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = Math.log(weights[i] / sum);
    }
    return out;
  }
}
