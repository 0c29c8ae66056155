package io.github.fairlora.io;

import static io.github.fairlora.io.HuggingFaceFixturesTest.expected;
import static io.github.fairlora.io.HuggingFaceFixturesTest.fixture;
import static io.github.fairlora.io.HuggingFaceFixturesTest.inputIds;
import static io.github.fairlora.io.HuggingFaceFixturesTest.logits;
import static io.github.fairlora.io.HuggingFaceFixturesTest.maxDifference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.lora.Adapter;
import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.Projection;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tiny random OPT checkpoints made by transformers and peft (fixtures/hf/make_fixtures.py): opt-125m's pre-norm
 * layout, opt-350m's post-norm blocks, word_embed_proj_dim with project_in/out, and both together, against the
 * logits those libraries computed, unpadded and in padded batches.
 */
class OptFixturesTest {
  /** float32 tolerance for logits of order 1-10 after two layers (measured differences are at most 2e-6). */
  private static final float TOLERANCE = 1e-5f;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temporary;

  @ParameterizedTest
  @ValueSource(strings = {"opt", "opt-post-ln", "opt-project", "opt-post-ln-project"})
  void baseLogitsEqualTransformers(String name) throws IOException {
    JsonNode expected = expected(name);
    Decoder model = HuggingFace.load(fixture(name));
    assertThat(model.config().family()).isEqualTo(DecoderConfig.Family.OPT);
    double difference = maxDifference(logits(model, inputIds(expected)), expected.get("logits"));
    assertThat(difference).as(name).isLessThan(TOLERANCE);
  }

  @Test
  void layoutsAreReadFromTheConfig() throws IOException {
    DecoderConfig pre = HuggingFace.load(fixture("opt")).config();
    assertThat(pre.variant().postNorm()).isFalse();
    assertThat(pre.variant().finalNorm()).isTrue();
    assertThat(pre.projectsEmbedding()).isFalse();
    assertThat(pre.positionTableRows()).isEqualTo(32 + 2);
    DecoderConfig both = HuggingFace.load(fixture("opt-post-ln-project")).config();
    assertThat(both.variant().postNorm()).isTrue();
    assertThat(both.variant().finalNorm()).isFalse();
    assertThat(both.embeddingWidth()).isEqualTo(8);
    assertThat(both.width()).isEqualTo(16);
    Decoder model = HuggingFace.load(fixture("opt-post-ln-project"));
    assertThat(model.finalNorm()).isNull();
    // Linear weights are [out, in], as torch stores them: project_in maps 8 -> 16.
    assertThat(model.projectIn().weight().value().shape()).containsExactly(16, 8);
  }

  /**
   * Sequences of different lengths in one batch: fairlora right-pads, transformers was run with right and with left
   * padding and an attention mask; every real token's logits agree with both.
   */
  @ParameterizedTest
  @ValueSource(strings = {"opt", "opt-post-ln", "opt-project", "opt-post-ln-project"})
  void paddedBatchesGiveTheLogitsOfTransformers(String name) throws IOException {
    JsonNode expected = expected(name);
    Decoder model = HuggingFace.load(fixture(name));
    List<int[]> sequences = new ArrayList<>();
    for (JsonNode row : expected.get("padded_input_ids")) {
      int[] ids = new int[row.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = row.get(i).asInt();
      }
      sequences.add(ids);
    }
    TokenBatch batch = TokenBatch.inputsOnly(sequences, 0);
    model.forward(batch, false);
    Tensor logits = model.lastLogits();
    int vocabulary = model.config().vocabularySize();
    int time = batch.timeSteps();
    for (int b = 0; b < sequences.size(); b++) {
      int length = sequences.get(b).length;
      for (String side : List.of("right", "left")) {
        JsonNode theirs = expected.get(side + "_padded_logits").get(b);
        int shift = side.equals("left") ? theirs.size() - length : 0;
        double worst = 0;
        for (int t = 0; t < length; t++) {
          for (int v = 0; v < vocabulary; v++) {
            double ours = logits.get((b * time + t) * vocabulary + v);
            worst = Math.max(worst, Math.abs(ours - theirs.get(t + shift).get(v).asDouble()));
          }
        }
        assertThat(worst).as("%s, sequence %d, %s-padded", name, b, side).isLessThan(TOLERANCE);
      }
    }
  }

  /** PEFT → fairlora: PEFT's adapters on q/k/v/out_proj/fc1/fc2 applied here give PEFT's logits. */
  @ParameterizedTest
  @ValueSource(strings = {"opt", "opt-post-ln", "opt-project"})
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

  /**
   * fairlora → PEFT: saving the loaded adapter writes exactly the tensors and target names PEFT wrote, and the merged
   * model saved as an OPT checkpoint reloads with PEFT's adapted logits.
   */
  @ParameterizedTest
  @ValueSource(strings = {"opt", "opt-post-ln", "opt-project"})
  void savedAdaptersAndMergedModelsAreThoseOfPeft(String name) throws IOException {
    JsonNode expected = expected(name);
    Decoder model = HuggingFace.load(fixture(name));
    Adapter adapter = PeftAdapters.load(model, fixture(name).resolve("adapter"));
    Path saved = temporary.resolve(name);
    PeftAdapters.save(adapter, saved, name);
    Map<String, TensorData> ours = Safetensors.read(saved.resolve(PeftAdapters.WEIGHTS_FILE)).tensors();
    Map<String, TensorData> theirs =
        Safetensors.read(fixture(name).resolve("adapter").resolve(PeftAdapters.WEIGHTS_FILE)).tensors();
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(theirs.keySet());
    for (String key : theirs.keySet()) {
      assertThat(ours.get(key).shape()).as(key).containsExactly(theirs.get(key).shape());
      assertThat(ours.get(key).values()).as(key).containsExactly(theirs.get(key).values());
    }
    JsonNode savedTargets = JSON.readTree(saved.resolve(PeftAdapters.CONFIG_FILE).toFile()).get("target_modules");
    JsonNode peftTargets = JSON.readTree(fixture(name).resolve("adapter").resolve(PeftAdapters.CONFIG_FILE).toFile())
        .get("target_modules");
    List<String> savedNames = new ArrayList<>();
    savedTargets.forEach(n -> savedNames.add(n.asText()));
    List<String> peftNames = new ArrayList<>();
    peftTargets.forEach(n -> peftNames.add(n.asText()));
    assertThat(savedNames).containsExactlyInAnyOrderElementsOf(peftNames);

    Path merged = temporary.resolve(name + "-merged");
    PeftAdapters.saveMerged(model, merged);
    Decoder reloaded = HuggingFace.load(merged);
    assertThat(reloaded.adapters()).isEmpty();
    assertThat(maxDifference(logits(reloaded, inputIds(expected)), expected.get("adapter_logits"))).as(name)
        .isLessThan(TOLERANCE);
  }

  /** An adapter trained here (random, non-zero B) on every OPT projection survives save → load unchanged. */
  @Test
  void anAdapterMadeHereRoundTripsThroughPeftFiles() throws IOException {
    JsonNode expected = expected("opt-post-ln");
    int[] ids = inputIds(expected);
    Decoder model = HuggingFace.load(fixture("opt-post-ln"));
    Adapter adapter = Adapters.attach(model, new LoraConfig(2, 4f, 0f, false, EnumSet.of(Target.ALL_LINEAR),
        new TreeSet<>()), 5);
    SplittableRandom random = new SplittableRandom(6);
    adapter.modules().values().forEach(l -> Initializers.normal(l.loraB().value(), random, 0.3));
    assertThat(model.adapters().keySet()).contains("layers.0.q", "layers.0.k", "layers.0.v", "layers.0.o",
        "layers.0.up", "layers.1.down");
    float[][] adapted = logits(model, ids);
    Path saved = temporary.resolve("made-here");
    PeftAdapters.save(adapter, saved, "opt-post-ln");
    assertThat(Safetensors.read(saved.resolve(PeftAdapters.WEIGHTS_FILE)).tensors().keySet())
        .contains("base_model.model.model.decoder.layers.1.self_attn.out_proj.lora_A.weight",
            "base_model.model.model.decoder.layers.0.fc1.lora_B.weight");
    Decoder fresh = HuggingFace.load(fixture("opt-post-ln"));
    PeftAdapters.load(fresh, saved);
    float[][] reloaded = logits(fresh, ids);
    assertThat(maxDifference(reloaded, toJson(adapted))).isLessThan(1e-6);
    assertThat(maxDifference(adapted, expected.get("logits"))).isGreaterThan(0.05);
  }

  private static JsonNode toJson(float[][] values) {
    return JSON.valueToTree(values);
  }

  @Test
  void targetsUseOptModuleNames() {
    assertThat(Target.parse("out_proj")).isEqualTo(Target.O);
    assertThat(Target.parse("fc1")).isEqualTo(Target.UP);
    assertThat(Target.parse("fc2")).isEqualTo(Target.DOWN);
    assertThat(Target.available(DecoderConfig.Family.OPT)).containsExactlyInAnyOrder(Projection.Q, Projection.K,
        Projection.V, Projection.O, Projection.UP, Projection.DOWN);
    assertThat(PeftAdapters.modulePath(DecoderConfig.Family.OPT, 1, Projection.O))
        .isEqualTo("model.decoder.layers.1.self_attn.out_proj");
    assertThat(PeftAdapters.modulePath(DecoderConfig.Family.OPT, 0, Projection.UP)).isEqualTo("model.decoder.layers.0.fc1");
    assertThatThrownBy(() -> Target.GATE.resolve(DecoderConfig.Family.OPT))
        .hasMessageContaining("selects nothing in a OPT decoder");
  }

  /** Every computation-changing config field this library does not compute is refused by name, with the file. */
  @Test
  void unsupportedConfigFieldsAreRefusedByName() throws IOException {
    Map<String, Object> cases = Map.of(
        "activation_function", "gelu",
        "enable_bias", false,
        "layer_norm_elementwise_affine", false,
        "tie_word_embeddings", false);
    for (Map.Entry<String, Object> entry : cases.entrySet()) {
      Path copy = Files.createDirectories(temporary.resolve("refused-" + entry.getKey()));
      Files.copy(fixture("opt").resolve(WeightFiles.SINGLE_FILE), copy.resolve(WeightFiles.SINGLE_FILE));
      ObjectNode config = (ObjectNode) JSON.readTree(fixture("opt").resolve(HuggingFace.CONFIG_FILE).toFile());
      config.set(entry.getKey(), JSON.valueToTree(entry.getValue()));
      Path configFile = copy.resolve(HuggingFace.CONFIG_FILE);
      Files.writeString(configFile, config.toString());
      assertThatThrownBy(() -> HuggingFace.load(copy)).isInstanceOf(CheckpointFormatException.class)
          .hasMessageContaining(configFile.toString()).hasMessageContaining(entry.getKey());
    }
  }

  @Test
  void removeFinalLayerNormDropsTheFinalNormAndAStrayTensorIsNamed() throws IOException {
    Path copy = Files.createDirectories(temporary.resolve("no-final-norm"));
    Files.copy(fixture("opt").resolve(WeightFiles.SINGLE_FILE), copy.resolve(WeightFiles.SINGLE_FILE));
    ObjectNode config = (ObjectNode) JSON.readTree(fixture("opt").resolve(HuggingFace.CONFIG_FILE).toFile());
    config.put("_remove_final_layer_norm", true);
    Files.writeString(copy.resolve(HuggingFace.CONFIG_FILE), config.toString());
    // The stored final_layer_norm is then a tensor the config does not account for.
    assertThatThrownBy(() -> HuggingFace.load(copy)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("unexpected tensor(s): [model.decoder.final_layer_norm");
  }

  @Test
  void aFitAdapterTrainsAndTheMergedSaveReloads() throws IOException {
    // A few full steps through the LoRA path on the post-norm, projected model: the loss falls and merge is exact.
    Decoder model = HuggingFace.load(fixture("opt-post-ln-project"));
    Adapter adapter = Adapters.attach(model, new LoraConfig(4, 8f, 0f, false, EnumSet.of(Target.ALL_LINEAR),
        new TreeSet<>()), 1);
    TokenBatch batch = TokenBatch.languageModeling(List.of(new int[] {1, 5, 9, 33, 2, 17, 63, 40}), 0);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 20; step++) {
      model.zeroGradients();
      last = model.forward(batch, true);
      if (step == 0) {
        first = last;
      }
      for (var p : model.trainableParameters()) {
        for (int i = 0; i < p.size(); i++) {
          p.value().set(i, p.value().get(i) - 0.05f * p.gradient().get(i));
        }
      }
    }
    assertThat(last).isLessThan(first - 0.1);
    int[] ids = {1, 5, 9, 33, 2, 17};
    float[][] adapted = logits(model, ids);
    Path merged = temporary.resolve("trained-merged");
    PeftAdapters.saveMerged(model, merged);
    assertThat(maxDifference(logits(HuggingFace.load(merged), ids), toJson(adapted))).isLessThan(1e-4);
    assertThat(adapter.modules()).isNotEmpty();
    assertThat(model.adapters().values()).noneMatch(LoraLinear::merged);
  }
}
