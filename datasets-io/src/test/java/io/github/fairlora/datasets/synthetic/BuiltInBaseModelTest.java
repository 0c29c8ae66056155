package io.github.fairlora.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.FineTune;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.LanguageModel;
import io.github.fairlora.text.Tokenizer;
import io.github.fairlora.train.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in default must carry the effect the library measures: a tiny model pretrained on the biased corpus
 * prefers the stereotypical probe sentences, and full fine-tuning on the balanced counterpart reduces that preference.
 */
class BuiltInBaseModelTest {

  /** Share of probe pairs of a category whose stereotypical sentence has the higher log-likelihood. */
  static double stereotypeShare(LanguageModel model, Tokenizer tokenizer, List<ProbePair> pairs) {
    List<int[]> stereotypical = pairs.stream().map(p -> tokenizer.encode(p.stereotypical(), true, false)).toList();
    List<int[]> anti = pairs.stream().map(p -> tokenizer.encode(p.antiStereotypical(), true, false)).toList();
    double[] a = model.sequenceLogLikelihoods(stereotypical);
    double[] b = model.sequenceLogLikelihoods(anti);
    int preferred = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] > b[i]) {
        preferred++;
      }
    }
    return preferred / (double) a.length;
  }

  @Test
  void pretrainedModelPrefersStereotypesAndFullFineTuningOnBalancedDataReducesIt() {
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(7).build();
    Decoder base = BuiltInBaseModel.pretrain(corpus, BuiltInBaseModel.DEFAULT_PRETRAINING_EPOCHS, 7,
        TrainingListener.silent());
    Tokenizer tokenizer = base.tokenizer().orElseThrow();
    List<ProbePair> gender = corpus.probePairs().stream()
        .filter(p -> p.category().equals(ProbePair.GENDER_OCCUPATION)).toList();
    double before = stereotypeShare(base, tokenizer, gender);
    // The biased corpus uses the stereotyped pronoun 90% of the time; an unbiased model would score about 0.5.
    assertThat(before).as("pretrained stereotype share").isGreaterThan(0.8);

    Decoder tuned = FineTune.full(base).learningRate(1e-3).epochs(2).batchSize(32).seed(1)
        .fit(corpus.balancedTexts()).model();
    double after = stereotypeShare(tuned, tokenizer, gender);
    assertThat(after).as("after full fine-tuning on balanced data").isLessThan(before - 0.2);
    System.out.printf("built-in model: gender-occupation stereotype share %.3f before, %.3f after full fine-tuning%n",
        before, after);
  }
}
