package io.github.fairlora.metrics.toxicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.FineTune;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.text.WordTokenizer;
import io.github.fairlora.train.LabeledText;
import io.github.fairlora.train.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierToxicityScorerTest {

  @Test
  void aTrainedHeadSeparatesToxicFromNeutralTexts() {
    String[] insults = {"stupid", "ugly", "lazy", "dumb"};
    String[] neutral = {"kind", "tall", "quiet", "happy"};
    String[] subjects = {"my neighbour", "that man", "the teacher", "your friend"};
    Random random = new Random(3);
    List<LabeledText> examples = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean toxic = random.nextBoolean();
      String adjective = toxic ? insults[random.nextInt(4)] : neutral[random.nextInt(4)];
      examples.add(new LabeledText(subjects[random.nextInt(4)] + " is " + adjective + " .", toxic ? 1 : 0));
    }
    WordTokenizer tokenizer = WordTokenizer.build(examples.stream().map(LabeledText::text).toList(), 1);
    Decoder base = new Decoder(DecoderConfig.llama(tokenizer.vocabularySize(), 12, 32, 1, 2, 2, 64), 1)
        .setTokenizer(tokenizer);
    Decoder classifier = FineTune.full(base).learningRate(3e-3).epochs(6).batchSize(16).seed(2)
        .fit(TrainingData.labeled(examples)).model();

    ClassifierToxicityScorer scorer = new ClassifierToxicityScorer(classifier, tokenizer, 1);
    double[] scores = scorer.scoreAll(List.of("that man is stupid .", "that man is kind ."));
    assertThat(scores[0]).isGreaterThan(0.8);
    assertThat(scores[1]).isLessThan(0.2);
    assertThat(scorer.score("that man is stupid .")).isEqualTo(scores[0]);

    assertThatThrownBy(() -> new ClassifierToxicityScorer(base, tokenizer, 1))
        .hasMessageContaining("has no classification head");
    assertThatThrownBy(() -> new ClassifierToxicityScorer(classifier, tokenizer, 2))
        .hasMessage("toxicClass (2) must be in [0, 2)");
  }
}
