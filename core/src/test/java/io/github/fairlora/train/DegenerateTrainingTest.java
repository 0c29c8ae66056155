package io.github.fairlora.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.FineTune;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.testing.CharTokenizer;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegenerateTrainingTest {

  @Test
  void aRunAtLearningRateOneMillionCollapsesAndIsFlagged() {
    CharTokenizer tokenizer = TrainingTest.tokenizer();
    // From a pretrained model (loss far below uniform): it collapses to the uniform loss.
    AdaptedModel collapsed = FineTune.full(TrainingTest.pretrained(DecoderConfig.Family.LLAMA, tokenizer))
        .learningRate(1e6).epochs(2).batchSize(16).seed(1).fit(TrainingTest.firstText());
    assertThat(collapsed.degenerate()).isPresent();
    assertThat(collapsed.degenerate().orElseThrow()).contains("training collapsed").contains("ln(vocabulary")
        .contains("although the first step's loss was");
    // From scratch, a run of 60 steps that never leaves the uniform loss learned nothing.
    Decoder fresh = new Decoder(TrainingTest.config(DecoderConfig.Family.LLAMA, tokenizer.vocabularySize()), 42)
        .setTokenizer(tokenizer);
    AdaptedModel fromScratch = FineTune.full(fresh).learningRate(1e6).epochs(4).batchSize(16).seed(1)
        .fit(TrainingTest.firstText());
    assertThat(fromScratch.degenerate().orElseThrow()).contains("after 60 steps");
  }

  @Test
  void aHealthyRunIsNotFlagged() {
    CharTokenizer tokenizer = TrainingTest.tokenizer();
    AdaptedModel trained = FineTune.full(TrainingTest.pretrained(DecoderConfig.Family.LLAMA, tokenizer))
        .learningRate(3e-3).epochs(1).batchSize(16).seed(1).fit(TrainingTest.firstText());
    assertThat(trained.degenerate()).isEmpty();
    List<int[]> sequences = TrainingTest.firstText().subList(0, 4).stream()
        .map(text -> tokenizer.encode(text, true, false)).toList();
    assertThat(DegenerateTraining.fromOutput(trained.model(), sequences)).isEmpty();
  }

  @Test
  void lossAtTheUniformLevelIsDegenerateAndBelowItIsNot() {
    int vocabulary = 100;
    double uniform = Math.log(vocabulary);
    List<Double> collapse = new java.util.ArrayList<>(List.of(0.5 * uniform));
    collapse.addAll(Collections.nCopies(20, uniform - 0.01));
    FitHistory atUniform = history(collapse);
    FitHistory learned = history(Collections.nCopies(20, 0.5 * uniform));
    FitHistory notANumber = history(List.of(1.0, Double.NaN));
    // Three steps from an untrained model, still at the uniform loss: too short to call a collapse.
    FitHistory barelyStarted = history(Collections.nCopies(3, uniform));
    assertThat(DegenerateTraining.fromLoss(atUniform, vocabulary)).isPresent();
    assertThat(DegenerateTraining.fromLoss(learned, vocabulary)).isEmpty();
    assertThat(DegenerateTraining.fromLoss(notANumber, vocabulary).orElseThrow()).contains("NaN");
    assertThat(DegenerateTraining.fromLoss(barelyStarted, vocabulary)).isEmpty();
  }

  private static FitHistory history(List<Double> losses) {
    return new FitHistory(losses, List.of(), losses.size(), 1, 1, 1, 1, false);
  }
}
