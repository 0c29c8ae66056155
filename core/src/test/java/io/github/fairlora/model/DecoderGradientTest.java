package io.github.fairlora.model;

import static io.github.fairlora.testing.GradientCheck.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.lora.Adapter;
import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.Parameter;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole decoder's backward against finite differences of its loss, for every parameter tensor. */
class DecoderGradientTest {

  static DecoderConfig tiny(DecoderConfig.Family family) {
    return switch (family) {
      case LLAMA -> DecoderConfig.llama(11, 6, 8, 2, 2, 1, 12).withUntiedHead();
      case GPT2 -> DecoderConfig.gpt2(11, 6, 8, 2, 2);
      // Pre-norm with project_in/out (a 6-wide embedding): the opt-125m layout plus word_embed_proj_dim.
      case OPT -> DecoderConfig.opt(11, 6, 8, 2, 2, 12).withVariant(DecoderConfig.Variant.opt(false, 6, true));
    };
  }

  /** OPT-350m's layout: post-norm blocks, no final norm, project_in/out. */
  static DecoderConfig tinyPostNormOpt() {
    return DecoderConfig.opt(11, 6, 8, 2, 2, 12).withVariant(DecoderConfig.Variant.opt(true, 6, false));
  }

  @org.junit.jupiter.api.Test
  void postNormOptGradients() {
    for (DecoderConfig config : List.of(tinyPostNormOpt(), tinyPostNormOpt().withClasses(3))) {
      Decoder decoder = randomized(config, 11);
      decoder.setAllTrainable(true);
      TokenBatch batch = config.numberOfClasses() > 0
          ? TokenBatch.classification(List.of(new int[] {1, 4, 7, 2}, new int[] {1, 8}), new int[] {2, 0}, 0)
          : paddedBatch();
      decoder.zeroGradients();
      decoder.forward(batch, true);
      for (Parameter p : decoder.parameters().values()) {
        check(p.name(), p.value(), p.gradient(), () -> decoder.forward(batch, false), 12, p.name().hashCode());
      }
    }
  }

  @org.junit.jupiter.api.Test
  void postNormOptAdapterGradientsAndPadding() {
    Decoder decoder = randomized(tinyPostNormOpt(), 12);
    int[] sequence = {1, 8, 10, 6};
    float[][] alone = decoder.tokenLogProbabilities(List.of(sequence));
    float[][] withLongerNeighbour = decoder.tokenLogProbabilities(List.of(sequence, new int[] {1, 2, 3, 4, 5, 6}));
    assertThat(withLongerNeighbour[0]).containsExactly(alone[0], org.assertj.core.data.Offset.offset(1e-5f));
    Adapter adapter = Adapters.attach(decoder, new LoraConfig(2, 4f, 0f, false, EnumSet.of(Target.ALL_LINEAR),
        new TreeSet<>()), 3);
    SplittableRandom random = new SplittableRandom(8);
    adapter.modules().values().forEach(l -> Initializers.normal(l.loraB().value(), random, 0.5));
    TokenBatch batch = paddedBatch();
    decoder.zeroGradients();
    decoder.forward(batch, true);
    assertThat(decoder.trainableParameters()).hasSize(2 * adapter.modules().size());
    for (Parameter p : decoder.trainableParameters()) {
      check(p.name(), p.value(), p.gradient(), () -> decoder.forward(batch, false), 12, p.name().hashCode());
    }
  }

  /** Larger weights than the 0.02 init so every path carries signal the finite differences can see. */
  static Decoder randomized(DecoderConfig config, long seed) {
    Decoder decoder = new Decoder(config, seed);
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (Parameter p : decoder.parameters().values()) {
      Initializers.normal(p.value(), random, 0.5);
    }
    if (config.family() == DecoderConfig.Family.OPT) {
      // ReLU has a kink at 0 that a finite-difference step can straddle. fc1's pre-activations have a standard
      // deviation near 1 here; biases of ±4 hold alternate hidden units firmly on or off, so both of ReLU's slopes
      // (gradient passed, gradient blocked) are checked and no difference crosses the kink.
      for (Block block : decoder.blocks()) {
        Parameter bias = block.baseLinear(Projection.UP).bias();
        for (int j = 0; j < bias.size(); j++) {
          bias.value().set(j, j % 2 == 0 ? 4f : -4f);
        }
      }
    }
    return decoder;
  }

  static TokenBatch paddedBatch() {
    // Two sequences of different lengths: the second is right-padded.
    return TokenBatch.languageModeling(List.of(new int[] {1, 4, 7, 2, 9, 3, 5}, new int[] {1, 8, 10, 6}), 0);
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void languageModelingGradients(DecoderConfig.Family family) {
    Decoder decoder = randomized(tiny(family), 5);
    decoder.setAllTrainable(true);
    TokenBatch batch = paddedBatch();
    decoder.zeroGradients();
    decoder.forward(batch, true);
    for (Parameter p : decoder.parameters().values()) {
      check(p.name(), p.value(), p.gradient(), () -> decoder.forward(batch, false), 12, p.name().hashCode());
    }
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void classificationHeadGradients(DecoderConfig.Family family) {
    Decoder decoder = randomized(tiny(family).withClasses(3), 6);
    decoder.setAllTrainable(true);
    TokenBatch batch = TokenBatch.classification(
        List.of(new int[] {1, 4, 7, 2}, new int[] {1, 8}, new int[] {3, 3, 5, 9, 10}), new int[] {2, 0, 1}, 0);
    decoder.zeroGradients();
    decoder.forward(batch, true);
    for (Parameter p : decoder.parameters().values()) {
      check(p.name(), p.value(), p.gradient(), () -> decoder.forward(batch, false), 10, p.name().hashCode());
    }
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void adapterGradientsThroughTheFrozenModel(DecoderConfig.Family family) {
    Decoder decoder = randomized(tiny(family), 7);
    Adapter adapter = Adapters.attach(decoder, new LoraConfig(2, 4f, 0f, false, EnumSet.of(Target.ALL_LINEAR),
        new TreeSet<>()), 3);
    SplittableRandom random = new SplittableRandom(8);
    adapter.modules().values().forEach(l -> Initializers.normal(l.loraB().value(), random, 0.5));
    TokenBatch batch = paddedBatch();
    decoder.zeroGradients();
    decoder.forward(batch, true);
    assertThat(decoder.trainableParameters()).hasSize(2 * adapter.modules().size());
    for (Parameter p : decoder.trainableParameters()) {
      check(p.name(), p.value(), p.gradient(), () -> decoder.forward(batch, false), 12, p.name().hashCode());
    }
  }

  @ParameterizedTest
  @EnumSource(DecoderConfig.Family.class)
  void paddingDoesNotChangeRealPositions(DecoderConfig.Family family) {
    Decoder decoder = randomized(tiny(family), 9);
    int[] sequence = {1, 8, 10, 6};
    float[][] alone = decoder.tokenLogProbabilities(List.of(sequence));
    float[][] withLongerNeighbour = decoder.tokenLogProbabilities(List.of(sequence, new int[] {1, 2, 3, 4, 5, 6}));
    assertThat(withLongerNeighbour[0]).containsExactly(alone[0], org.assertj.core.data.Offset.offset(1e-5f));
  }

  @org.junit.jupiter.api.Test
  void aRankTooLargeForOneLayerLeavesTheModelUntouched() {
    // k and v project 8 -> 4 (one kv head of 4): rank 6 fits q (8 -> 8) but not k.
    Decoder decoder = new Decoder(tiny(DecoderConfig.Family.LLAMA), 1);
    decoder.setAllTrainable(true);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Adapters.attach(decoder,
        new LoraConfig(6, 12f, 0f, false, EnumSet.of(Target.ALL_LINEAR), new TreeSet<>()), 1))
        .hasMessage("rank (6) must be in [1, 4] for layers.0.k (8 -> 4)");
    assertThat(decoder.adapters()).isEmpty();
    assertThat(decoder.trainableParameters()).hasSize(decoder.parameters().size());
  }
}
