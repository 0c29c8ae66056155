package io.github.fairlora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.FineTune;
import io.github.fairlora.LoRA;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.testing.CharTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainingTest {

  /** A small, regular text: short sentences from a few words, so a tiny model can learn it in seconds. */
  static List<String> sentences(long seed, String[] subjects, String[] verbs, String[] objects, int count) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(subjects[random.nextInt(subjects.length)] + " " + verbs[random.nextInt(verbs.length)] + " "
          + objects[random.nextInt(objects.length)] + ".");
    }
    return out;
  }

  static final String[] SUBJECTS = {"the cat", "a dog", "the bird"};
  static final String[] VERBS = {"sees", "likes"};
  static final String[] OBJECTS = {"the sun", "a tree", "the sea"};

  static List<String> firstText() {
    return sentences(1, SUBJECTS, VERBS, OBJECTS, 240);
  }

  /** A new text over the same characters, with a different structure. */
  static List<String> secondText() {
    return sentences(2, new String[] {"the sea", "a tree"}, new String[] {"likes"}, new String[] {"the cat", "a dog"},
        120);
  }

  static CharTokenizer tokenizer() {
    List<String> all = new ArrayList<>(firstText());
    all.addAll(secondText());
    return new CharTokenizer(all);
  }

  static DecoderConfig config(DecoderConfig.Family family, int vocabulary) {
    return family == DecoderConfig.Family.LLAMA
        ? DecoderConfig.llama(vocabulary, 32, 48, 2, 4, 2, 96)
        : DecoderConfig.gpt2(vocabulary, 32, 48, 2, 4);
  }

  private static final Map<DecoderConfig.Family, Decoder> PRETRAINED = new java.util.EnumMap<>(
      DecoderConfig.Family.class);

  /** A model pretrained on the first text, once per family (fit never mutates it, so tests can share it). */
  static synchronized Decoder pretrained(DecoderConfig.Family family, CharTokenizer tokenizer) {
    return PRETRAINED.computeIfAbsent(family, f -> pretrain(f, tokenizer));
  }

  private static Decoder pretrain(DecoderConfig.Family family, CharTokenizer tokenizer) {
    Decoder model = new Decoder(config(family, tokenizer.vocabularySize()), 42).setTokenizer(tokenizer);
    return FineTune.full(model).inPlace().learningRate(3e-3).epochs(15).batchSize(16).seed(1).fit(firstText())
        .model();
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void trainingFromScratchLearnsTheText(DecoderConfig.Family family) {
    CharTokenizer tokenizer = tokenizer();
    Decoder model = new Decoder(config(family, tokenizer.vocabularySize()), 42).setTokenizer(tokenizer);
    AdaptedModel trained = FineTune.full(model).learningRate(3e-3).epochs(15).batchSize(16).seed(1)
        .fit(firstText());
    double uniform = Math.log(tokenizer.vocabularySize());
    // ln(vocab) ≈ 3.0 for ~20 characters; the sentences are nearly deterministic after the first letters of each
    // word, so a model that learned them is far below that.
    assertThat(trained.history().stepLosses().get(0)).isGreaterThan(0.9 * uniform);
    assertThat(trained.history().meanOfLast(10)).isLessThan(0.9);
    assertThat(trained.history().steps()).isEqualTo(15 * 15);
    assertThat(trained.history().trainableParameters()).isEqualTo(model.parameterCount());
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void loraLowersTheLossOnANewTextWhileTheFrozenWeightsStayIdentical(DecoderConfig.Family family) {
    CharTokenizer tokenizer = tokenizer();
    Decoder base = pretrained(family, tokenizer);
    Map<String, float[]> before = snapshot(base);
    double lossBefore = meanLoss(base, secondText(), tokenizer);

    AdaptedModel adapted = LoRA.adapt(base).rank(4).alpha(8).targets(Target.ALL_LINEAR).learningRate(1e-2)
        .epochs(6).batchSize(16).seed(3).fit(secondText());
    double lossAfter = meanLoss(adapted.model(), secondText(), tokenizer);

    assertThat(lossAfter).isLessThan(0.7 * lossBefore);
    // The caller's model is untouched, and inside the adapted copy the frozen weights are identical too.
    assertThat(identical(snapshot(base), before)).as("caller's model unchanged").isTrue();
    for (Map.Entry<String, Parameter> entry : adapted.model().parameters().entrySet()) {
      if (!entry.getKey().contains("lora_")) {
        assertThat(entry.getValue().value().toArray()).as(entry.getKey()).containsExactly(before.get(entry.getKey()));
        assertThat(entry.getValue().trainable()).isFalse();
      }
    }
    assertThat(adapted.history().trainableParameters())
        .isEqualTo(adapted.adapter().orElseThrow().parameterCount())
        .isLessThan(base.parameterCount() / 4);
    // Merging gives the same loss as the unmerged adapter, within float tolerance.
    adapted.merge();
    assertThat(meanLoss(adapted.model(), secondText(), tokenizer)).isCloseTo(lossAfter,
        org.assertj.core.data.Offset.offset(1e-3));
    adapted.unmerge();
  }

  @Test
  void sameSeedSameResult() {
    CharTokenizer tokenizer = tokenizer();
    Decoder model = new Decoder(config(DecoderConfig.Family.LLAMA, tokenizer.vocabularySize()), 42)
        .setTokenizer(tokenizer);
    List<String> data = firstText().subList(0, 64);
    AdaptedModel first = LoRA.adapt(model).rank(2).dropout(0.1).epochs(2).batchSize(8).seed(9).fit(data);
    AdaptedModel second = LoRA.adapt(model).rank(2).dropout(0.1).epochs(2).batchSize(8).seed(9).fit(data);
    assertThat(first.history().stepLosses()).isEqualTo(second.history().stepLosses());
    assertThat(identical(snapshot(first.model()), snapshot(second.model()))).isTrue();
    AdaptedModel other = LoRA.adapt(model).rank(2).dropout(0.1).epochs(2).batchSize(8).seed(10).fit(data);
    assertThat(other.history().stepLosses()).isNotEqualTo(first.history().stepLosses());
  }

  @Test
  void evaluationSplitAndEarlyStopping() {
    CharTokenizer tokenizer = tokenizer();
    Decoder model = new Decoder(config(DecoderConfig.Family.GPT2, tokenizer.vocabularySize()), 42)
        .setTokenizer(tokenizer);
    AdaptedModel fitted = FineTune.full(model).learningRate(3e-3).epochs(3).batchSize(16).evaluationFraction(0.2)
        .earlyStopping(1).seed(4).fit(firstText());
    assertThat(fitted.history().evaluationLosses()).isNotEmpty().allMatch(l -> l > 0 && l < 5);
    // 240 texts, 48 held out, 192 train in batches of 16.
    assertThat(fitted.history().steps()).isLessThanOrEqualTo(3 * 12);
  }

  @Test
  void nonFiniteLossStopsTrainingWithAClearError() {
    CharTokenizer tokenizer = tokenizer();
    Decoder model = new Decoder(config(DecoderConfig.Family.LLAMA, tokenizer.vocabularySize()), 42)
        .setTokenizer(tokenizer);
    model.finalNorm().parameters().get(0).value().set(0, Float.NaN);
    assertThatThrownBy(() -> FineTune.full(model).epochs(1).fit(firstText().subList(0, 16)))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("training diverged at step 1: loss is NaN");
  }

  @Test
  void buildersRefuseInvalidValuesNamingTheRule() {
    CharTokenizer tokenizer = tokenizer();
    Decoder model = new Decoder(config(DecoderConfig.Family.LLAMA, tokenizer.vocabularySize()), 42);
    assertThatThrownBy(() -> LoRA.adapt(model).rank(0)).hasMessage("rank (0) must be positive");
    assertThatThrownBy(() -> LoRA.adapt(model).alpha(-1)).hasMessage("alpha (-1.0) must be positive and finite");
    assertThatThrownBy(() -> LoRA.adapt(model).dropout(1.0)).hasMessage("dropout (1.0) must be in [0, 1)");
    assertThatThrownBy(() -> LoRA.adapt(model).targets("query"))
        .hasMessageStartingWith("unknown LoRA target 'query'; valid targets: q, k, v, qkv, o, gate, up, down");
    assertThatThrownBy(() -> LoRA.adapt(model).rank(4).rank(8)).hasMessage("rank was already set to 4");
    assertThatThrownBy(() -> LoRA.adapt(model).layers(5)).hasMessageContaining("layer 5 does not exist");
    assertThatThrownBy(() -> LoRA.adapt(model).rank(30).tokenizer(tokenizer).fit(firstText()))
        .hasMessage("rank (30) must be in [1, 24] for layers.0.k (48 -> 24)"); // k and v: 48 -> 24 (2 kv heads)
    assertThatThrownBy(() -> LoRA.adapt(model).tokenizer(tokenizer).fit(List.of()))
        .hasMessage("training data is empty");
    assertThatThrownBy(() -> LoRA.adapt(model).fit(firstText())).hasMessageContaining("text data needs a tokenizer");
    String tooLong = "the cat sees the sun. ".repeat(3);
    assertThatThrownBy(() -> LoRA.adapt(model).tokenizer(tokenizer).fit(List.of(tooLong)))
        .hasMessageContaining("example 0 has 68 tokens, longer than the context (32 + 1");
    Decoder gpt2 = new Decoder(config(DecoderConfig.Family.GPT2, tokenizer.vocabularySize()), 42);
    assertThatThrownBy(() -> LoRA.adapt(gpt2).targets(Target.Q).tokenizer(tokenizer).fit(firstText()))
        .hasMessageContaining("GPT-2 fuses q, k and v");
  }

  @Test
  void classificationHeadTrainsWithLora() {
    // Label = whether the sentence is about the sun.
    CharTokenizer tokenizer = tokenizer();
    Decoder base = pretrained(DecoderConfig.Family.LLAMA, tokenizer);
    List<LabeledText> examples = new ArrayList<>();
    for (String s : firstText()) {
      examples.add(new LabeledText(s, s.contains("sun") ? 1 : 0));
    }
    AdaptedModel classifier = LoRA.adapt(base).rank(4).learningRate(1e-2).epochs(4).batchSize(16).seed(2)
        .fit(TrainingData.labeled(examples));
    assertThat(classifier.model().classifier()).isNotNull();
    assertThat(base.classifier()).isNull();
    assertThat(classifier.history().meanOfLast(5)).isLessThan(0.3);
    List<int[]> sequences = examples.stream().map(e -> tokenizer.encode(e.text(), true, false)).toList();
    float[][] probabilities = classifier.model().classProbabilities(sequences);
    int correct = 0;
    for (int i = 0; i < examples.size(); i++) {
      assertThat(probabilities[i][0] + probabilities[i][1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
      if ((probabilities[i][1] > 0.5f) == (examples.get(i).label() == 1)) {
        correct++;
      }
    }
    assertThat(correct).isGreaterThan(examples.size() * 9 / 10);
  }

  static double meanLoss(Decoder model, List<String> texts, CharTokenizer tokenizer) {
    List<int[]> sequences = texts.stream().map(t -> tokenizer.encode(t, true, true)).toList();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < sequences.size(); i++) {
      all.add(i);
    }
    return Trainer.evaluate(model, sequences, null, all, 32);
  }

  static Map<String, float[]> snapshot(Decoder model) {
    Map<String, float[]> map = new java.util.LinkedHashMap<>();
    model.parameters().forEach((name, p) -> map.put(name, p.value().toArray()));
    return map;
  }

  /** True when both snapshots hold the same names and bit-identical values. */
  static boolean identical(Map<String, float[]> a, Map<String, float[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.keySet().stream().allMatch(k -> java.util.Arrays.equals(a.get(k), b.get(k)));
  }
}
