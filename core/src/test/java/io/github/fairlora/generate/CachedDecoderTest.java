package io.github.fairlora.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Block;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.Projection;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.LinearLayer;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cached incremental inference against the decoder's full forward (the naive reference), for both families. */
class CachedDecoderTest {
  static final double TOLERANCE = 1e-4;

  /**
   * Odd sizes; the Llama one has grouped-query attention (6 query heads over 2 kv heads) and an untied head; the OPT
   * one is opt-350m's layout (post-norm blocks, no final norm, a 10-wide embedding with project_in/out).
   */
  static Decoder model(DecoderConfig.Family family, long seed) {
    return randomized(switch (family) {
      case LLAMA -> DecoderConfig.llama(31, 24, 24, 2, 6, 2, 26).withUntiedHead();
      case GPT2 -> DecoderConfig.gpt2(31, 24, 18, 2, 3);
      case OPT -> DecoderConfig.opt(31, 24, 18, 2, 3, 26).withVariant(DecoderConfig.Variant.opt(true, 10, false));
    }, seed);
  }

  static Decoder randomized(DecoderConfig config, long seed) {
    Decoder decoder = new Decoder(config, seed);
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (Parameter p : decoder.parameters().values()) {
      Initializers.normal(p.value(), random, 0.4);
    }
    return decoder;
  }

  /** Adapters on every projection, with non-zero B so they change the outputs. */
  static Decoder adapted(DecoderConfig.Family family, long seed) {
    Decoder decoder = model(family, seed);
    Adapters.attach(decoder, new LoraConfig(2, 4f, 0.2f, false, EnumSet.of(Target.ALL_LINEAR), new TreeSet<>()), 5);
    SplittableRandom random = new SplittableRandom(seed + 2);
    for (LoraLinear lora : decoder.adapters().values()) {
      Initializers.normal(lora.loraB().value(), random, 0.3);
    }
    return decoder;
  }

  static List<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (DecoderConfig.Family family : DecoderConfig.Family.values()) {
      list.add(Arguments.of(family, false));
      list.add(Arguments.of(family, true));
    }
    return list;
  }

  /** The naive reference: a full forward over the whole sequence, last row of logits. */
  static float[] uncachedLogits(Decoder decoder, int[] sequence) {
    decoder.forward(TokenBatch.inputsOnly(List.of(sequence), 0), false);
    int vocabulary = decoder.config().vocabularySize();
    float[] row = new float[vocabulary];
    decoder.lastLogits().get((sequence.length - 1) * vocabulary, row);
    return row;
  }

  static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("%s[%d]", what, i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(TOLERANCE * (1 + Math.abs(expected[i]))));
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Greedy decoding step by step: the cached logits equal the full forward's within 1e-4 at every step, and so do
   * the chosen tokens, which also equal what {@link Generator} returns. The margin between the best two logits of
   * the reference is checked too, so a failure cannot come from a near-tie decided by rounding.
   */
  @ParameterizedTest(name = "{0}, adapters {1}")
  @MethodSource("cases")
  void cachedGreedyDecodingMatchesTheFullForward(DecoderConfig.Family family, boolean withAdapters) {
    Decoder decoder = withAdapters ? adapted(family, 3) : model(family, 3);
    int[] prompt = {4, 17, 0, 30, 9};
    int steps = 14;
    CachedDecoder cached = new CachedDecoder(decoder);
    // Training mode on: the cached decoder must switch adapter dropout off while it runs, and restore the mode.
    decoder.setTraining(withAdapters);
    float[] cachedLogits = cached.append(0, prompt);
    decoder.setTraining(false);
    int[] sequence = prompt;
    int[] tokens = new int[steps];
    for (int step = 0; step < steps; step++) {
      float[] reference = uncachedLogits(decoder, sequence);
      assertClose(cachedLogits, reference, "step " + step);
      float[] sorted = reference.clone();
      Arrays.sort(sorted);
      assertThat(sorted[sorted.length - 1] - sorted[sorted.length - 2]).as("margin at step %d", step)
          .isGreaterThan(1e-3f);
      tokens[step] = Sampler.argmax(reference);
      assertThat(Sampler.argmax(cachedLogits)).isEqualTo(tokens[step]);
      sequence = concat(sequence, new int[] {tokens[step]});
      decoder.setTraining(withAdapters);
      cachedLogits = cached.append(0, tokens[step]);
      assertThat(decoder.training()).isEqualTo(withAdapters);
      decoder.setTraining(false);
    }
    assertThat(cached.length(0)).isEqualTo(prompt.length + steps);
    assertThat(Generator.generate(decoder, prompt, GenerationOptions.greedy(steps))).containsExactly(tokens);
  }

  /** opt-125m's layout (pre-norm, final norm, no projections): cached greedy logits equal the full forward's. */
  @Test
  void preNormOptMatchesTheFullForward() {
    Decoder decoder = randomized(DecoderConfig.opt(31, 24, 18, 2, 3, 26), 4);
    int[] sequence = {4, 17, 0, 30, 9};
    CachedDecoder cached = new CachedDecoder(decoder);
    float[] logits = cached.append(0, sequence);
    for (int step = 0; step < 10; step++) {
      float[] reference = uncachedLogits(decoder, sequence);
      assertClose(logits, reference, "step " + step);
      int next = Sampler.argmax(reference);
      sequence = concat(sequence, new int[] {next});
      logits = cached.append(0, next);
    }
  }

  /** A prompt fed in one call equals the same tokens fed one at a time, at every position. */
  @ParameterizedTest(name = "{0}, adapters {1}")
  @MethodSource("cases")
  void prefillInOneCallEqualsOneTokenAtATime(DecoderConfig.Family family, boolean withAdapters) {
    Decoder decoder = withAdapters ? adapted(family, 8) : model(family, 8);
    int[] prompt = {1, 2, 3, 5, 8, 13, 21};
    CachedDecoder together = new CachedDecoder(decoder, 1, 10);
    CachedDecoder apart = new CachedDecoder(decoder, 1, 10);
    float[] last = together.append(0, prompt);
    float[] one = null;
    for (int token : prompt) {
      one = apart.append(0, token);
    }
    assertClose(last, one, "prefill");
    for (int layer = 0; layer < decoder.config().numberOfLayers(); layer++) {
      int count = prompt.length * decoder.config().kvWidth();
      float[] a = new float[count];
      float[] b = new float[count];
      together.cache().keys(layer).get(0, a);
      apart.cache().keys(layer).get(0, b);
      assertClose(a, b, "keys of layer " + layer);
    }
  }

  /**
   * Several slots advanced in one batched step give each slot the logits it would get alone, with prompts of
   * different lengths (so the slots sit at different positions).
   */
  @ParameterizedTest(name = "{0}, adapters {1}")
  @MethodSource("cases")
  void batchedStepsEqualSeparateSequences(DecoderConfig.Family family, boolean withAdapters) {
    Decoder decoder = withAdapters ? adapted(family, 12) : model(family, 12);
    int[][] prompts = {{3, 1, 4}, {1, 5, 9, 2, 6, 5}, {30}};
    CachedDecoder batch = new CachedDecoder(decoder, 3, 12);
    for (int s = 0; s < 3; s++) {
      batch.append(s, prompts[s]);
    }
    int[][] next = {{7, 8, 9}, {10, 11, 12}, {13, 14, 15}};
    for (int step = 0; step < 3; step++) {
      // slot 1 sits out the middle step
      int[] slots = step == 1 ? new int[] {2, 0} : new int[] {0, 1, 2};
      int[] tokens = new int[slots.length];
      for (int i = 0; i < slots.length; i++) {
        tokens[i] = next[slots[i]][step];
      }
      float[][] logits = batch.step(slots, tokens);
      for (int i = 0; i < slots.length; i++) {
        int s = slots[i];
        prompts[s] = concat(prompts[s], new int[] {tokens[i]});
        assertClose(logits[i], uncachedLogits(decoder, prompts[s]), "slot " + s + " step " + step);
      }
    }
    assertThat(new int[] {batch.length(0), batch.length(1), batch.length(2)}).containsExactly(6, 8, 4);
  }

  /** Each generated token costs one row through every projection: only the prompt goes through as several rows. */
  @Test
  void eachNewTokenCostsOnePosition() {
    Decoder decoder = model(DecoderConfig.Family.LLAMA, 4);
    Block block = decoder.blocks().get(1);
    RowCounter counter = new RowCounter(block.projection(Projection.Q));
    block.replaceProjection(Projection.Q, counter);
    int[] prompt = {2, 4, 6, 8, 10, 12, 14, 16, 18};
    int[] generated = Generator.generate(decoder, prompt, GenerationOptions.greedy(6));
    assertThat(generated).hasSize(6);
    // prompt (9 rows), then one row for each of the 5 generated tokens fed back (the 6th is never fed)
    assertThat(counter.rows).containsExactly(9, 1, 1, 1, 1, 1);
    counter.rows.clear();
    Generator.generate(decoder, List.of(prompt, new int[] {1, 2}, new int[] {3}), GenerationOptions.greedy(3));
    // three prefills, then two batched steps of one row per sequence
    assertThat(counter.rows).containsExactly(9, 2, 1, 3, 3);
  }

  /** Delegates to a projection and records the rows of every forward call. */
  static final class RowCounter implements LinearLayer {
    final LinearLayer inner;
    final List<Integer> rows = new ArrayList<>();

    RowCounter(LinearLayer inner) {
      this.inner = inner;
    }

    @Override
    public int inputSize() {
      return inner.inputSize();
    }

    @Override
    public int outputSize() {
      return inner.outputSize();
    }

    @Override
    public void forward(Tensor x, int count, Tensor out) {
      rows.add(count);
      inner.forward(x, count, out);
    }

    @Override
    public void backward(Tensor dOut, Tensor x, int count, Tensor dx) {
      inner.backward(dOut, x, count, dx);
    }

    @Override
    public List<Parameter> parameters() {
      return inner.parameters();
    }
  }

  @Test
  void copiedSlotContinuesLikeTheOriginal() {
    Decoder decoder = model(DecoderConfig.Family.GPT2, 6);
    CachedDecoder cached = new CachedDecoder(decoder, 2, 8);
    cached.append(0, 5, 6, 7);
    cached.copySlot(0, 1);
    assertThat(cached.length(1)).isEqualTo(3);
    float[][] logits = cached.step(new int[] {0, 1}, new int[] {9, 9});
    assertClose(logits[1], logits[0], "copied slot");
    assertClose(logits[0], uncachedLogits(decoder, new int[] {5, 6, 7, 9}), "original slot");
  }

  @Test
  void badCallsAreRejectedWithClearMessages() {
    Decoder decoder = model(DecoderConfig.Family.LLAMA, 7);
    CachedDecoder cached = new CachedDecoder(decoder, 2, 4);
    assertThatThrownBy(() -> cached.append(0)).hasMessageContaining("at least one token");
    assertThatThrownBy(() -> cached.append(0, 31)).hasMessageContaining("token 31 (row 0) is outside the vocabulary [0, 31)");
    assertThatThrownBy(() -> cached.append(2, 1)).hasMessageContaining("slot 2 is outside [0, 2)");
    assertThatThrownBy(() -> cached.append(0, 1, 2, 3, 4, 5))
        .hasMessageContaining("slot 0 holds 0 positions; 5 more would exceed its capacity of 4");
    assertThatThrownBy(() -> cached.step(new int[] {1, 1}, new int[] {2, 3}))
        .hasMessageContaining("slot 1 appears twice");
    assertThatThrownBy(() -> cached.step(new int[] {0}, new int[] {2, 3}))
        .hasMessageContaining("1 slots and 2 tokens");
    assertThatThrownBy(() -> new CachedDecoder(decoder, 1, 25)).hasMessageContaining("capacity (25) must be in [1, 24]");
    assertThatThrownBy(() -> new CachedDecoder(decoder, 0, 4)).hasMessageContaining("slots (0) must be positive");
    // a failed call leaves the cache as it was
    assertThat(cached.length(0)).isZero();
  }
}
