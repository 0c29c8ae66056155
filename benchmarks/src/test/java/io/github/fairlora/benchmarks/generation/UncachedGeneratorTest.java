package io.github.fairlora.benchmarks.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UncachedGeneratorTest {
  /** A hand-made model over 5 tokens whose most likely next token is always (last + 2) mod 5; it records calls. */
  private static final class PlusTwo implements LanguageModel {
    final List<Integer> callLengths = new ArrayList<>();

    @Override
    public int vocabularySize() {
      return 5;
    }

    @Override
    public int contextLength() {
      return 6;
    }

    @Override
    public int numberOfLayers() {
      return 1;
    }

    @Override
    public float[][] tokenLogProbabilities(List<int[]> sequences) {
      throw new UnsupportedOperationException();
    }

    @Override
    public float[][] nextTokenLogProbabilities(int[] tokens) {
      callLengths.add(tokens.length);
      float[][] out = new float[tokens.length][5];
      for (int t = 0; t < tokens.length; t++) {
        java.util.Arrays.fill(out[t], (float) Math.log(0.1));
        out[t][(tokens[t] + 2) % 5] = (float) Math.log(0.6);
      }
      return out;
    }

    @Override
    public float[][][] logitLens(int[] tokens) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void generatesGreedilyAndRescoresTheWholePrefixEachTime() {
    PlusTwo model = new PlusTwo();
    // 1 → 3 → 0 (5 mod 5) → 2
    assertThat(UncachedGenerator.generate(model, new int[] {4, 1}, 3)).containsExactly(4, 1, 3, 0, 2);
    // Uncached: each new token re-runs the prefix, of lengths 2, 3, 4.
    assertThat(model.callLengths).containsExactly(2, 3, 4);
  }

  @Test
  void refusesToRunPastTheContext() {
    assertThatThrownBy(() -> UncachedGenerator.generate(new PlusTwo(), new int[] {1, 2, 3}, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed the context length 6");
  }

  @Test
  void argMaxTakesTheFirstOfTies() {
    assertThat(UncachedGenerator.argMax(new float[] {0.1f, 0.7f, 0.7f, 0.2f})).isEqualTo(1);
  }

  @Test
  void promptsAreSeededAndInRange() {
    int[] a = UncachedGenerator.randomPrompt(50, 7, 3);
    assertThat(a).containsExactly(UncachedGenerator.randomPrompt(50, 7, 3));
    assertThat(java.util.Arrays.stream(a).allMatch(t -> t >= 0 && t < 7)).isTrue();
  }
}
