package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.nn.Rope;
import io.github.fairlora.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tiny random checkpoints of every Llama-family model_type and their PEFT adapters, made by transformers and peft
 * themselves (src/test/resources/fixtures/hf/make_fixtures.py), against the logits those libraries computed.
 */
class HuggingFaceFixturesTest {
  /** float32 tolerance for logits of order 1-10 after two layers. */
  private static final float TOLERANCE = 2e-5f;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temporary;

  static Path fixture(String name) {
    try {
      return Path.of(HuggingFaceFixturesTest.class.getResource("/fixtures/hf/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected(String name) throws IOException {
    return JSON.readTree(fixture(name).resolve("expected.json").toFile());
  }

  static int[] inputIds(JsonNode expected) {
    JsonNode row = expected.get("input_ids").get(0);
    int[] ids = new int[row.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = row.get(i).asInt();
    }
    return ids;
  }

  static float[][] logits(Decoder model, int[] ids) {
    model.forward(TokenBatch.inputsOnly(List.of(ids), 0), false);
    Tensor logits = model.lastLogits();
    int vocabulary = model.config().vocabularySize();
    float[][] out = new float[ids.length][vocabulary];
    for (int t = 0; t < ids.length; t++) {
      logits.get(t * vocabulary, out[t]);
    }
    return out;
  }

  /** The largest |ours − theirs| over all positions and ids. */
  static double maxDifference(float[][] ours, JsonNode theirs) {
    double worst = 0;
    assertThat(theirs.size()).isEqualTo(ours.length);
    for (int t = 0; t < ours.length; t++) {
      assertThat(theirs.get(t).size()).isEqualTo(ours[t].length);
      for (int v = 0; v < ours[t].length; v++) {
        worst = Math.max(worst, Math.abs(ours[t][v] - theirs.get(t).get(v).asDouble()));
      }
    }
    return worst;
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama", "llama-biases-bf16", "llama-sharded", "mistral", "qwen2"})
  void baseLogitsEqualTransformers(String name) throws IOException {
    JsonNode expected = expected(name);
    Decoder model = HuggingFace.load(fixture(name));
    assertThat(model.config().variant().ropeLayout()).isEqualTo(Rope.Layout.ROTATE_HALF);
    double difference = maxDifference(logits(model, inputIds(expected)), expected.get("logits"));
    assertThat(difference).as(name).isLessThan(TOLERANCE);
  }

  @Test
  void familyDetailsAreReadFromTheConfig() throws IOException {
    DecoderConfig llama = HuggingFace.load(fixture("llama")).config();
    assertThat(llama.tiedEmbeddings()).isFalse();
    assertThat(llama.ropeTheta()).isEqualTo(500f);
    assertThat(llama.normEpsilon()).isEqualTo(1e-6f);
    DecoderConfig biased = HuggingFace.load(fixture("llama-biases-bf16")).config();
    assertThat(biased.variant().qkvBias()).isTrue();
    assertThat(biased.variant().outputBias()).isTrue();
    assertThat(biased.variant().mlpBias()).isTrue();
    assertThat(biased.tiedEmbeddings()).isTrue();
    DecoderConfig qwen2 = HuggingFace.load(fixture("qwen2")).config();
    assertThat(qwen2.variant().qkvBias()).isTrue();
    assertThat(qwen2.variant().outputBias()).isFalse();
  }

  /** PEFT → fairlora: PEFT's adapter files applied here give PEFT's logits, for q/k targets too. */
  @ParameterizedTest
  @ValueSource(strings = {"llama", "mistral", "qwen2"})
  void peftAdaptersGiveTheLogitsOfPeft(String name) throws IOException {
    JsonNode expected = expected(name);
    Decoder model = HuggingFace.load(fixture(name));
    float[][] base = logits(model, inputIds(expected));
    PeftAdapters.load(model, fixture(name).resolve("adapter"));
    float[][] adapted = logits(model, inputIds(expected));
    assertThat(maxDifference(adapted, expected.get("adapter_logits"))).as(name).isLessThan(TOLERANCE);
    // The adapter changes the logits clearly, so the comparison above could fail.
    assertThat(maxDifference(base, expected.get("adapter_logits"))).isGreaterThan(0.05);
  }

  /** fairlora → PEFT: saving the adapter writes exactly the tensors PEFT wrote (names, shapes, row order). */
  @ParameterizedTest
  @ValueSource(strings = {"llama", "mistral", "qwen2"})
  void savedAdaptersAreThoseOfPeft(String name) throws IOException {
    Decoder model = HuggingFace.load(fixture(name));
    var adapter = PeftAdapters.load(model, fixture(name).resolve("adapter"));
    Path saved = temporary.resolve(name);
    PeftAdapters.save(adapter, saved, name);
    assertSameTensors(saved, fixture(name).resolve("adapter"));
  }

  private static void assertSameTensors(Path saved, Path original) throws IOException {
    Map<String, TensorData> ours = Safetensors.read(saved.resolve(PeftAdapters.WEIGHTS_FILE)).tensors();
    Map<String, TensorData> theirs = Safetensors.read(original.resolve(PeftAdapters.WEIGHTS_FILE)).tensors();
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(theirs.keySet());
    for (String key : theirs.keySet()) {
      assertThat(ours.get(key).shape()).as(key).containsExactly(theirs.get(key).shape());
      assertThat(ours.get(key).values()).as(key).containsExactly(theirs.get(key).values());
    }
  }

  /**
   * The same weights in llama2.c's interleaved layout (q/k rows reordered, as a llama2.c export holds them): the base
   * logits agree, and a PEFT adapter on all seven projections goes through the q/k row permutation both ways.
   */
  @Test
  void adaptersOnAnInterleavedRopeModelAreReorderedBothWays() throws IOException {
    JsonNode expected = expected("llama");
    Decoder hf = HuggingFace.load(fixture("llama"));
    DecoderConfig c = hf.config();
    Decoder interleaved = Decoder.uninitialized(c.withVariant(DecoderConfig.Variant.LLAMA2C));
    Map<String, Parameter> target = interleaved.parameters();
    for (Parameter p : hf.parameters().values()) {
      float[] values = p.value().toArray();
      if (p.name().matches("layers\\.\\d+\\.[qk]\\.weight")) {
        int heads = p.name().endsWith("q.weight") ? c.numberOfHeads() : c.numberOfKvHeads();
        values = RopeRows.toInterleaved(values, heads, c.headSize(), c.width());
      }
      target.get(p.name()).value().put(0, values);
    }
    int[] ids = inputIds(expected);
    assertThat(maxDifference(logits(interleaved, ids), expected.get("logits"))).isLessThan(TOLERANCE);

    var adapter = PeftAdapters.load(interleaved, fixture("llama").resolve("adapter"));
    assertThat(maxDifference(logits(interleaved, ids), expected.get("adapter_logits"))).isLessThan(TOLERANCE);
    Path saved = temporary.resolve("interleaved");
    PeftAdapters.save(adapter, saved, "llama2c");
    assertSameTensors(saved, fixture("llama").resolve("adapter"));

    // And the merged interleaved model written as a Hugging Face checkpoint is the PEFT-adapted model.
    interleaved.adapters().values().forEach(io.github.fairlora.nn.LoraLinear::merge);
    Path merged = temporary.resolve("merged");
    HuggingFace.save(interleaved, merged);
    Decoder reloaded = HuggingFace.load(merged);
    assertThat(maxDifference(logits(reloaded, ids), expected.get("adapter_logits"))).isLessThan(TOLERANCE);
  }

  @Test
  void computationChangingAdapterKeysAreRefusedByName() throws IOException {
    for (String field : List.of("\"alora_invocation_tokens\": [5, 9]", "\"use_bdlora\": {\"block\": 2}")) {
      Path copy = Files.createDirectories(temporary.resolve("refused" + field.length()));
      Path source = fixture("llama").resolve("adapter");
      Files.copy(source.resolve(PeftAdapters.WEIGHTS_FILE), copy.resolve(PeftAdapters.WEIGHTS_FILE));
      String config = Files.readString(source.resolve(PeftAdapters.CONFIG_FILE));
      String name = field.substring(1, field.indexOf('"', 1));
      config = config.replaceFirst("\"" + name + "\": null", java.util.regex.Matcher.quoteReplacement(field));
      Files.writeString(copy.resolve(PeftAdapters.CONFIG_FILE), config);
      Decoder model = HuggingFace.load(fixture("llama"));
      assertThatThrownBy(() -> PeftAdapters.load(model, copy)).isInstanceOf(PeftFormatException.class)
          .hasMessageContaining(name).hasMessageContaining("not supported");
      assertThat(model.adapters()).isEmpty();
    }
  }

  @Test
  void aClassifierOfAHuggingFaceModelHasNoBiasAndSavesNone() throws IOException {
    Decoder model = HuggingFace.load(fixture("qwen2")).copyWithClassifier(3, 5);
    assertThat(model.classifier().bias()).isNull();
    io.github.fairlora.lora.Adapters.attach(model, new io.github.fairlora.lora.LoraConfig(2, 4f, 0f, false,
        java.util.Set.of(io.github.fairlora.lora.Target.Q), null), 1L);
    Path saved = temporary.resolve("classifier");
    PeftAdapters.save(model, saved, "qwen2");
    assertThat(Safetensors.read(saved.resolve(PeftAdapters.WEIGHTS_FILE)).tensors())
        .containsKey("base_model.model.score.weight").doesNotContainKey("base_model.model.score.bias");
    Decoder fresh = HuggingFace.load(fixture("qwen2")).copyWithClassifier(3, 77);
    PeftAdapters.load(fresh, saved);
    List<int[]> sequences = List.of(new int[] {1, 2, 3}, new int[] {4, 5});
    assertThat(fresh.classProbabilities(sequences)).isDeepEqualTo(model.classProbabilities(sequences));
  }
}
