package io.github.fairlora.metrics.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.metrics.bias.BigramModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogitLensAnalysisTest {
  private static final double TOLERANCE = 1e-7;
  private static final double THIRD = 1.0 / 3;

  /**
   * Two layers plus the embedding, over three tokens; each layer reads the same distribution after every token:
   * layer 0 uniform, layer 1 (0.25, 0.25, 0.5), final layer 2 (0.5, 0.25, 0.25).
   */
  private static BigramModel base() {
    return new BigramModel(new double[][][] {
        BigramModel.unigram(THIRD, THIRD, THIRD),
        BigramModel.unigram(0.25, 0.25, 0.5),
        BigramModel.unigram(0.5, 0.25, 0.25)}, 8);
  }

  /** Same layer 0; layers 1 and 2 swapped relative to the base model: (0.5, 0.25, 0.25) then (0.25, 0.25, 0.5). */
  private static BigramModel adapted() {
    return new BigramModel(new double[][][] {
        BigramModel.unigram(THIRD, THIRD, THIRD),
        BigramModel.unigram(0.5, 0.25, 0.25),
        BigramModel.unigram(0.25, 0.25, 0.5)}, 8);
  }

  @Test
  void perLayerKlToFinalAndRanks() {
    // Sequence [0, 2, 1]: the next tokens at positions 0 and 1 are 2 and 1.
    LogitLensResult result = LogitLensAnalysis.analyze(base(), List.of(new int[] {0, 2, 1}));
    assertThat(result.layers()).isEqualTo(3);
    assertThat(result.positions()).isEqualTo(3);
    assertThat(result.predictedPositions()).isEqualTo(2);
    double[] kl = result.klFromFinal();
    // KL(final || uniform) = 0.5 ln 1.5 + 2 * 0.25 ln 0.75 = 0.202733 - 0.143841 = 0.058892
    assertThat(kl[0]).isCloseTo(0.05889151782819178, within(TOLERANCE));
    // KL(final || layer 1) = 0.5 ln(0.5/0.25) + 0.25 ln 1 + 0.25 ln(0.25/0.5) = 0.25 ln 2 = 0.173287
    assertThat(kl[1]).isCloseTo(0.25 * Math.log(2), within(TOLERANCE));
    assertThat(kl[2]).isCloseTo(0, within(TOLERANCE));
    // Rank of the next token: layer 0 all tied -> 1, 1; layer 1: token 2 is top -> 1, token 1 behind token 2 -> 2;
    // layer 2: token 2 and token 1 each behind token 0 -> 2, 2. Means 1, 1.5, 2.
    assertThat(result.meanNextTokenRank()).containsExactly(1, 1.5, 2);
    // The final layer's top token is 0: rank 1 at layer 0 (tie), 2 at layer 1 (behind token 2), 1 at layer 2.
    assertThat(result.meanFinalPredictionRank()).containsExactly(1, 2, 1);
  }

  @Test
  void twoModelsComparedLayerByLayer() {
    LogitLensComparison comparison = LogitLensAnalysis.compare(base(), adapted(),
        List.of(new int[] {0, 2, 1}, new int[] {1}));
    assertThat(comparison.positions()).isEqualTo(4);
    // Layer 0 identical. Layers 1 and 2: (0.25, 0.25, 0.5) against (0.5, 0.25, 0.25) in one order or the other:
    // KL = 0.25 ln(0.25/0.5) + 0 + 0.5 ln(0.5/0.25) = 0.25 ln 2 = 0.173287 both ways;
    // M = (0.375, 0.25, 0.375): JS = 0.25 ln(0.25/0.375) + 0.5 ln(0.5/0.375) = -0.101366 + 0.143841 = 0.042475
    double quarterLn2 = 0.25 * Math.log(2);
    assertThat(comparison.klBaseToAdapted()).containsExactly(new double[] {0, quarterLn2, quarterLn2},
        within(TOLERANCE));
    assertThat(comparison.klAdaptedToBase()).containsExactly(new double[] {0, quarterLn2, quarterLn2},
        within(TOLERANCE));
    assertThat(comparison.jensenShannon()).containsExactly(
        new double[] {0, 0.042474759198849354, 0.042474759198849354}, within(TOLERANCE));
    // Each model's own summary comes along: the adapted model's final top token is 2, its layer 1 top is 0.
    assertThat(comparison.adapted().meanFinalPredictionRank()).containsExactly(1, 2, 1);
    assertThat(comparison.base()).isEqualTo(LogitLensAnalysis.analyze(base(),
        List.of(new int[] {0, 2, 1}, new int[] {1})));
  }

  @Test
  void rankCountsStrictlyHigherTokens() {
    assertThat(LogitLensAnalysis.rank(new float[] {-1, -2, -1, -3}, 2)).isEqualTo(1); // tied with token 0
    assertThat(LogitLensAnalysis.rank(new float[] {-1, -2, -1, -3}, 3)).isEqualTo(4);
  }

  @Test
  void modelsWithDifferentDepthsCannotBeCompared() {
    BigramModel shallow = new BigramModel(BigramModel.unigram(0.5, 0.25, 0.25), 8);
    assertThatThrownBy(() -> LogitLensAnalysis.compare(base(), shallow, List.of(new int[] {0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base model has 2 layers")
        .hasMessageContaining("adapted model has 0");
  }

  @Test
  void singleTokenSequencesHaveNoNextTokenRank() {
    LogitLensResult result = LogitLensAnalysis.analyze(base(), List.of(new int[] {1}));
    assertThat(result.predictedPositions()).isZero();
    assertThat(result.meanNextTokenRank()[0]).isNaN();
  }
}
