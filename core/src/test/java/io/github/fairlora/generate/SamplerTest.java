package io.github.fairlora.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The sampler on hand-made distributions, where the filtered probabilities can be worked out by hand. */
class SamplerTest {
  /** logits = ln p, so softmax at temperature 1 gives back p = [0.5, 0.3, 0.15, 0.05]. */
  static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15),
      (float) Math.log(0.05)};
  static final Offset<Double> CLOSE = Offset.offset(1e-6);

  static Sampler sampler(float temperature, int topK, float topP) {
    return new Sampler(GenerationOptions.sampling(1, temperature, topK, topP, 42));
  }

  @Test
  void noFilterIsThePlainSoftmax() {
    double[] p = sampler(1f, 0, 1f).distribution(LOGITS);
    assertThat(p).containsExactly(new double[] {0.5, 0.3, 0.15, 0.05}, CLOSE);
  }

  @Test
  void temperatureFlattensTheDistribution() {
    // T = 2: p_i ∝ exp(ln p_i / 2) = √p_i = 0.70711, 0.54772, 0.38730, 0.22361; sum 1.86574
    double[] p = sampler(2f, 0, 1f).distribution(LOGITS);
    assertThat(p).containsExactly(new double[] {0.70711 / 1.86574, 0.54772 / 1.86574, 0.38730 / 1.86574,
        0.22361 / 1.86574}, Offset.offset(2e-5));
  }

  @Test
  void topPKeepsTheSmallestHeadReachingP() {
    // p = 0.75: 0.5 < 0.75, 0.5 + 0.3 = 0.8 >= 0.75, so {0, 1} remain: 0.5/0.8 = 0.625, 0.3/0.8 = 0.375
    assertThat(sampler(1f, 0, 0.75f).distribution(LOGITS)).containsExactly(new double[] {0.625, 0.375, 0, 0}, CLOSE);
    // p = 0.85: 0.8 < 0.85 <= 0.95, so {0, 1, 2} remain, each divided by 0.95; the 0.05 tail is excluded
    assertThat(sampler(1f, 0, 0.85f).distribution(LOGITS))
        .containsExactly(new double[] {0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0}, CLOSE);
    // p = 0.4: the top token alone already has 0.5
    assertThat(sampler(1f, 0, 0.4f).distribution(LOGITS)).containsExactly(new double[] {1, 0, 0, 0}, CLOSE);
  }

  @Test
  void topKKeepsTheKMostLikely() {
    assertThat(sampler(1f, 2, 1f).distribution(LOGITS)).containsExactly(new double[] {0.625, 0.375, 0, 0}, CLOSE);
    assertThat(sampler(1f, 10, 1f).distribution(LOGITS)).containsExactly(new double[] {0.5, 0.3, 0.15, 0.05}, CLOSE);
  }

  @Test
  void topPAppliesToTheMassLeftByTopK() {
    // top-k 2 leaves {0.5, 0.3} = 0.8; top-p 0.6 of that is 0.48, which 0.5 alone reaches: only token 0 remains.
    // (Top-p on the unfiltered mass would need 0.6 and keep two tokens.)
    assertThat(sampler(1f, 2, 0.6f).distribution(LOGITS)).containsExactly(new double[] {1, 0, 0, 0}, CLOSE);
  }

  @Test
  void drawsFollowTheFilteredDistributionAndNeverTheExcludedTail() {
    Sampler sampler = sampler(1f, 0, 0.85f);
    int[] counts = new int[4];
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      counts[sampler.sample(LOGITS)]++;
    }
    assertThat(counts[3]).isZero();
    // expected 0.5263, 0.3158, 0.1579; binomial standard error at n = 20,000 is at most 0.0036
    assertThat(counts[0] / (double) draws).isCloseTo(0.5 / 0.95, Offset.offset(0.015));
    assertThat(counts[1] / (double) draws).isCloseTo(0.3 / 0.95, Offset.offset(0.015));
    assertThat(counts[2] / (double) draws).isCloseTo(0.15 / 0.95, Offset.offset(0.015));
  }

  @Test
  void greedyAndTopKOneTakeTheArgmaxWithLowestIdOnTies() {
    float[] tied = {0.1f, 2f, -1f, 2f};
    assertThat(Sampler.argmax(tied)).isEqualTo(1);
    assertThat(new Sampler(GenerationOptions.greedy(1)).sample(tied)).isEqualTo(1);
    assertThat(new Sampler(GenerationOptions.greedy(1)).distribution(tied)).containsExactly(0, 1, 0, 0);
    Sampler topOne = sampler(1.3f, 1, 1f);
    for (int i = 0; i < 50; i++) {
      assertThat(topOne.sample(tied)).isEqualTo(1);
    }
  }

  @Test
  void sameSeedSameDraws() {
    float[] logits = {0.3f, 0.1f, 0.9f, -0.2f, 0.5f, 0f};
    Sampler a = new Sampler(GenerationOptions.sampling(1, 1f, 0, 1f, 7));
    Sampler b = new Sampler(GenerationOptions.sampling(1, 1f, 0, 1f, 7));
    Sampler c = new Sampler(GenerationOptions.sampling(1, 1f, 0, 1f, 8));
    int[] first = new int[40];
    int[] second = new int[40];
    int[] third = new int[40];
    for (int i = 0; i < 40; i++) {
      first[i] = a.sample(logits);
      second[i] = b.sample(logits);
      third[i] = c.sample(logits);
    }
    assertThat(first).containsExactly(second);
    assertThat(first).isNotEqualTo(third);
  }

  @Test
  void minusInfinityLogitsAreNeverDrawnAndBadLogitsAreRejected() {
    float[] masked = {Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY, 0f};
    assertThat(sampler(1f, 0, 1f).distribution(masked)).containsExactly(new double[] {0, 0.5, 0, 0.5}, CLOSE);
    Sampler sampler = sampler(1f, 0, 1f);
    assertThatThrownBy(() -> sampler.sample(new float[] {0f, Float.NaN})).hasMessageContaining("logit 1 is NaN");
    assertThatThrownBy(() -> sampler.sample(new float[] {Float.POSITIVE_INFINITY}))
        .hasMessageContaining("logit 0 is Infinity");
    assertThatThrownBy(() -> sampler.sample(new float[0])).hasMessageContaining("logits are empty");
    assertThatThrownBy(() -> sampler.sample(new float[] {Float.NEGATIVE_INFINITY}))
        .hasMessageContaining("every logit is -infinity");
  }
}
