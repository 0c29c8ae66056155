package io.github.fairlora.metrics.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.bias.BigramModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class NextTokenDivergenceTest {
  // Per-position values where P's row is (0.5, 0.5, 0) and Q's (0.25, 0.75, 0): see DivergencesTest.
  private static final double KL_PQ = 0.14384103622589045;
  private static final double KL_QP = 0.13081203594113697;
  private static final double JS = 0.03382207556860521;
  private static final double TOLERANCE = 1e-7; // the models' log-probabilities are floats

  /** Three tokens; P and Q agree after tokens 0 and 2 and differ after token 1. */
  private static final double[][] P = {{0.5, 0.25, 0.25}, {0.5, 0.5, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
  private static final double[][] Q = {{0.5, 0.25, 0.25}, {0.25, 0.75, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};

  @Test
  void perPositionPerSequenceAndPooledMeans() {
    BigramModel p = new BigramModel(P, 8);
    BigramModel q = new BigramModel(Q, 8);
    // Sequence 0 = [0, 1]: position 0 (after token 0) agrees, position 1 (after token 1) differs.
    // Sequence 1 = [1]: one position, differs. Sequence 2 = [2, 2, 0]: three positions, all agree.
    DivergenceResult result = NextTokenDivergence.compare(p, q, List.of(new int[] {0, 1}, new int[] {1},
        new int[] {2, 2, 0}));
    SequenceDivergence first = result.sequences().get(0);
    assertThat(first.klPQ()[0]).isCloseTo(0, within(TOLERANCE));
    assertThat(first.klPQ()[1]).isCloseTo(KL_PQ, within(TOLERANCE));
    assertThat(first.klQP()[1]).isCloseTo(KL_QP, within(TOLERANCE));
    assertThat(first.jensenShannon()[1]).isCloseTo(JS, within(TOLERANCE));
    assertThat(first.meanKlPQ()).isCloseTo(KL_PQ / 2, within(TOLERANCE));
    assertThat(result.sequences().get(1).meanKlPQ()).isCloseTo(KL_PQ, within(TOLERANCE));
    assertThat(result.sequences().get(2).meanJensenShannon()).isCloseTo(0, within(TOLERANCE));
    // 6 positions, 2 of them differ: pooled mean = 2 * value / 6.
    assertThat(result.positions()).isEqualTo(6);
    assertThat(result.klPQ().estimate()).isCloseTo(KL_PQ / 3, within(TOLERANCE));
    assertThat(result.klQP().estimate()).isCloseTo(KL_QP / 3, within(TOLERANCE));
    assertThat(result.jensenShannon().estimate()).isCloseTo(JS / 3, within(TOLERANCE));
    // Bootstrap over sequences: the interval brackets the estimate and lies within [0, max per-sequence mean].
    assertThat(result.klPQ().lower()).isBetween(0.0, result.klPQ().estimate());
    assertThat(result.klPQ().upper()).isBetween(result.klPQ().estimate(), KL_PQ + TOLERANCE);
  }

  @Test
  void aModelComparedWithItselfHasZeroDivergence() {
    BigramModel p = new BigramModel(P, 8);
    DivergenceResult result = NextTokenDivergence.compare(p, p, List.of(new int[] {0, 1, 2}, new int[] {1, 1}));
    assertThat(result.klPQ().estimate()).isZero();
    assertThat(result.klQP().estimate()).isZero();
    assertThat(result.jensenShannon().estimate()).isCloseTo(0, within(1e-15));
  }

  @Test
  void missingSupportGivesInfiniteKlButFiniteJensenShannon() {
    // After token 1, R puts all mass on token 2, which P never predicts there: KL(P||R) = infinity.
    double[][] r = {{0.5, 0.25, 0.25}, {0, 0, 1}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
    DivergenceResult result = NextTokenDivergence.compare(new BigramModel(P, 8), new BigramModel(r, 8),
        List.of(new int[] {1}));
    assertThat(result.klPQ().estimate()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(result.klQP().estimate()).isEqualTo(Double.POSITIVE_INFINITY);
    // Disjoint supports at that position: JS = ln 2.
    assertThat(result.jensenShannon().estimate()).isCloseTo(Math.log(2), within(TOLERANCE));
  }

  @Test
  void mismatchedModelsAndBadSequencesAreRejected() {
    BigramModel p = new BigramModel(P, 3);
    BigramModel two = new BigramModel(new double[][] {{0.5, 0.5}, {0.5, 0.5}}, 8);
    assertThatThrownBy(() -> NextTokenDivergence.compare(p, two, List.of(new int[] {0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vocabulary of 3 tokens but model Q has 2");
    assertThatThrownBy(() -> NextTokenDivergence.compare(p, p, List.of(new int[] {0}, new int[] {0, 1, 2, 0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1 is 4 tokens long");
    assertThatThrownBy(() -> NextTokenDivergence.compare(p, p, List.of(new int[] {0, 3})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id 3 at position 1");
    assertThatThrownBy(() -> NextTokenDivergence.compare(p, p, List.of(new int[0])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 0 is empty");
    assertThatThrownBy(() -> NextTokenDivergence.compare(p, p, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequences is empty");
  }
}
