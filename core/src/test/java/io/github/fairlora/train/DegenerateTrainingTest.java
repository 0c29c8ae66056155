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
    Decoder model = new Decoder(TrainingTest.config(DecoderConfig.Family.LLAMA, tokenizer.vocabularySize()), 42)
        .setTokenizer(tokenizer);
    AdaptedModel collapsed = FineTune.full(model).learningRate(1e6).epochs(2).batchSize(16).seed(1)
        .fit(TrainingTest.firstText());
    assertThat(collapsed.degenerate()).isPresent();
    assertThat(collapsed.degenerate().orElseThrow()).contains("training collapsed").contains("ln(vocabulary");
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
    FitHistory atUniform = history(Collections.nCopies(20, uniform - 0.01));
    FitHistory learned = history(Collections.nCopies(20, 0.5 * uniform));
    FitHistory notANumber = history(List.of(1.0, Double.NaN));
    assertThat(DegenerateTraining.fromLoss(atUniform, vocabulary)).isPresent();
    assertThat(DegenerateTraining.fromLoss(learned, vocabulary)).isEmpty();
    assertThat(DegenerateTraining.fromLoss(notANumber, vocabulary).orElseThrow()).contains("NaN");
  }

  private static FitHistory history(List<Double> losses) {
    return new FitHistory(losses, List.of(), losses.size(), 1, 1, 1, 1, false);
  }
}
