package io.github.fairlora.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceScorerTest {
  // Vocabulary: <s>=0, </s>=1, the=2, nurse=3, doctor=4, smiled=5.
  private static final WordTokenizer TOKENIZER = WordTokenizer.withSpecials("the", "nurse", "doctor", "smiled");
  private static final double[] AFTER_WORD = {0, 0.1, 0.4, 0.1, 0.2, 0.2};
  private static final double[][] TABLE = {
      {0, 0, 0.8, 0.1, 0.1, 0}, // after <s>
      {0, 0, 0.5, 0.25, 0.25, 0}, // after </s>
      AFTER_WORD, AFTER_WORD, AFTER_WORD, AFTER_WORD};
  private static final double FLOAT_TOLERANCE = 1e-5;

  private static BigramModel model(int contextLength) {
    return new BigramModel(TABLE, contextLength);
  }

  @Test
  void sentenceLogLikelihoodIsTheSumOfTokenLogProbabilitiesAfterBos() {
    SentenceScorer scorer = SentenceScorer.of(model(16), TOKENIZER);
    SentenceScore score = scorer.score(List.of("the nurse smiled")).get(0);
    // p(the | <s>) p(nurse | the) p(smiled | nurse) = 0.8 * 0.1 * 0.2 = 0.016; ln 0.016 = -4.135167
    assertThat(score.logLikelihood()).isCloseTo(-4.135167, within(FLOAT_TOLERANCE));
    assertThat(score.tokenCount()).isEqualTo(3);
    assertThat(score.meanLogProbability()).isCloseTo(-4.135167 / 3, within(FLOAT_TOLERANCE));
    // Per-token perplexity: 0.016^(-1/3) = 3.968503
    assertThat(score.perplexity()).isCloseTo(3.968503, within(1e-4));
    assertThat(scorer.contextToken()).isZero();
    assertThat(scorer.sequence("the nurse smiled")).containsExactly(0, 2, 3, 5);
  }

  @Test
  void theModelsOwnTokenizerIsUsedUnlessAnotherIsGiven() {
    SentenceScorer own = SentenceScorer.of(model(16).withTokenizer(TOKENIZER));
    assertThat(own.tokenizer()).isSameAs(TOKENIZER);
    assertThat(own.score(List.of("the nurse smiled")).get(0).logLikelihood())
        .isCloseTo(SentenceScorer.of(model(16), TOKENIZER).score(List.of("the nurse smiled")).get(0).logLikelihood(),
            within(1e-12));
    assertThatThrownBy(() -> SentenceScorer.of(model(16)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SentenceScorer.of(model) needs a tokenizer and the model carries none");
  }

  @Test
  void withoutBosTheScorerConditionsOnEos() {
    WordTokenizer noBos = new WordTokenizer(List.of("<s>", "</s>", "the", "nurse", "doctor", "smiled"), -1, 1);
    SentenceScorer scorer = SentenceScorer.of(model(16), noBos);
    assertThat(scorer.contextToken()).isEqualTo(1);
    // p(the | </s>) p(nurse | the) p(smiled | nurse) = 0.5 * 0.1 * 0.2 = 0.01; ln 0.01 = -4.605170
    assertThat(scorer.logLikelihoods(List.of("the nurse smiled"))[0]).isCloseTo(-4.605170, within(FLOAT_TOLERANCE));
  }

  @Test
  void withNeitherBosNorEosTheCallerMustNameAContextToken() {
    WordTokenizer bare = new WordTokenizer(List.of("<s>", "</s>", "the", "nurse", "doctor", "smiled"), -1, -1);
    assertThatThrownBy(() -> SentenceScorer.of(model(16), bare))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither a BOS nor an EOS");
    // Explicit context token 0 (<s>): same numbers as with BOS.
    SentenceScorer scorer = SentenceScorer.of(model(16), bare, 0);
    assertThat(scorer.logLikelihoods(List.of("the nurse smiled"))[0]).isCloseTo(-4.135167, within(FLOAT_TOLERANCE));
    assertThatThrownBy(() -> SentenceScorer.of(model(16), bare, 6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contextToken (6)");
  }

  @Test
  void continuationIsScoredGivenItsContext() {
    SentenceScorer scorer = SentenceScorer.of(model(16), TOKENIZER);
    List<SentenceScore> scores = scorer.scoreContinuations(List.of(
        new Continuation("the", " nurse smiled"),
        new Continuation("the ", "nurse smiled"), // trailing space moves to the continuation
        new Continuation("", "the nurse")));
    // ln p(nurse | the) + ln p(smiled | nurse) = ln(0.1 * 0.2) = ln 0.02 = -3.912023
    assertThat(scores.get(0).logLikelihood()).isCloseTo(-3.912023, within(FLOAT_TOLERANCE));
    assertThat(scores.get(0).tokenCount()).isEqualTo(2);
    assertThat(scores.get(1)).isEqualTo(scores.get(0));
    // Empty context: ln p(the | <s>) + ln p(nurse | the) = ln(0.8 * 0.1) = ln 0.08 = -2.525729
    assertThat(scores.get(2).logLikelihood()).isCloseTo(-2.525729, within(FLOAT_TOLERANCE));
    assertThatThrownBy(() -> scorer.scoreContinuations(List.of(new Continuation("the nurse", "  "))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adds no tokens");
  }

  @Test
  void sentencesGoToTheModelInBatchesAndComeBackInOrder() {
    BigramModel counting = model(16);
    SentenceScorer scorer = SentenceScorer.of(counting, TOKENIZER).withBatchSize(4);
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sentences.add(i % 3 == 0 ? "the doctor" : i % 3 == 1 ? "the nurse smiled" : "smiled");
    }
    double[] batched = scorer.logLikelihoods(sentences);
    // 10 sentences, 4 per call: 3 calls of 4, 4 and 2.
    assertThat(counting.tokenCalls()).isEqualTo(3);
    assertThat(counting.batchSizes()).containsExactly(4, 4, 2);
    // ln(0.8 * 0.2) = -1.832581; ln 0.016 = -4.135167; ln p(smiled | <s>) = ln 0 = -infinity
    for (int i = 0; i < 10; i++) {
      double expected = i % 3 == 0 ? -1.832581 : i % 3 == 1 ? -4.135167 : Double.NEGATIVE_INFINITY;
      if (Double.isInfinite(expected)) {
        assertThat(batched[i]).isEqualTo(expected);
      } else {
        assertThat(batched[i]).isCloseTo(expected, within(FLOAT_TOLERANCE));
      }
    }
  }

  @Test
  void aSentenceLongerThanTheContextIsAnErrorNamingIt() {
    SentenceScorer scorer = SentenceScorer.of(model(4), TOKENIZER);
    assertThat(scorer.logLikelihoods(List.of("the nurse smiled"))).hasSize(1); // 4 tokens with <s>: fits
    assertThatThrownBy(() -> scorer.score(List.of("the doctor", "the nurse smiled the")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentence 1 (\"the nurse smiled the\")")
        .hasMessageContaining("5 tokens")
        .hasMessageContaining("context length is 4");
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    SentenceScorer scorer = SentenceScorer.of(model(16), TOKENIZER);
    assertThatThrownBy(() -> scorer.score(List.of("the", "  ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentence 1").hasMessageContaining("no tokens");
    assertThatThrownBy(() -> scorer.withBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize (0)");
    // A tokenizer with more ids than the model knows.
    WordTokenizer larger = WordTokenizer.withSpecials("the", "nurse", "doctor", "smiled", "laughed");
    assertThatThrownBy(() -> SentenceScorer.of(model(16), larger).score(List.of("the nurse laughed")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token id 6").hasMessageContaining("vocabulary [0, 6)");
    assertThatThrownBy(() -> scorer.scoreTokenSequences(List.of(new int[] {0, 2}), new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be in [1, 1]");
  }

  @Test
  void tokenSequencesScoreTheirLastTokens() {
    SentenceScorer scorer = SentenceScorer.of(model(16), TOKENIZER);
    // [<s>, the, nurse, smiled], last 2 tokens: ln(0.1 * 0.2) = -3.912023
    List<SentenceScore> scores = scorer.scoreTokenSequences(List.of(new int[] {0, 2, 3, 5}), new int[] {2});
    assertThat(scores.get(0).logLikelihood()).isCloseTo(-3.912023, within(FLOAT_TOLERANCE));
  }
}
