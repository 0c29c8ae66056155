package io.github.fairlora.io;

import static io.github.fairlora.io.Gpt2Test.logits;
import static io.github.fairlora.io.Gpt2Test.randomTensor;
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
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdaptersTest {
  @TempDir Path temporary;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] TOKENS = {3, 14, 15, 9, 2, 6};

  private static void randomize(Tensor tensor, SplittableRandom random, double std) {
    for (int i = 0; i < tensor.length(); i++) {
      tensor.set(i, (float) (random.nextGaussian() * std));
    }
  }

  /** Attaches adapters and gives B non-zero values, so that the adapter changes the model's output. */
  private static Adapter trainedLookingAdapter(Decoder model, LoraConfig config, long seed) {
    Adapter adapter = Adapters.attach(model, config, seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (LoraLinear lora : adapter.modules().values()) {
      randomize(lora.loraB().value(), random, 0.05);
    }
    return adapter;
  }

  private static void assertSameAdapters(Adapter loaded, Adapter original) {
    assertThat(loaded.modules().keySet()).containsExactlyElementsOf(original.modules().keySet());
    for (String name : original.modules().keySet()) {
      assertThat(loaded.modules().get(name).loraA().value().toArray()).as(name + " A")
          .containsExactly(original.modules().get(name).loraA().value().toArray());
      assertThat(loaded.modules().get(name).loraB().value().toArray()).as(name + " B")
          .containsExactly(original.modules().get(name).loraB().value().toArray());
    }
  }

  // ---- round trips ----

  @Test
  void gpt2AdapterRoundTripGivesIdenticalTensorsAndOutputs() throws IOException {
    Decoder base = new Decoder(DecoderConfig.gpt2(40, 16, 16, 3, 4), 1);
    Decoder model = base.copy();
    LoraConfig config = new LoraConfig(2, 4f, 0.1f, false, Set.of(Target.ATTENTION, Target.DOWN),
        new TreeSet<>(Set.of(0, 2)));
    Adapter adapter = trainedLookingAdapter(model, config, 5);
    Path directory = temporary.resolve("gpt2-adapter");
    PeftAdapters.save(adapter, directory, "gpt2");

    JsonNode json = JSON.readTree(directory.resolve("adapter_config.json").toFile());
    assertThat(json.get("peft_type").asText()).isEqualTo("LORA");
    assertThat(json.get("task_type").asText()).isEqualTo("CAUSAL_LM");
    assertThat(json.get("base_model_name_or_path").asText()).isEqualTo("gpt2");
    assertThat(json.get("r").intValue()).isEqualTo(2);
    assertThat(json.get("lora_alpha").isInt()).isTrue();
    assertThat(json.get("lora_alpha").intValue()).isEqualTo(4);
    assertThat(json.get("lora_dropout").toString()).isEqualTo("0.1");
    assertThat(JSON.convertValue(json.get("target_modules"), List.class))
        .containsExactly("c_attn", "attn.c_proj", "mlp.c_proj");
    assertThat(JSON.convertValue(json.get("layers_to_transform"), List.class)).containsExactly(0, 2);
    assertThat(json.get("layers_pattern").asText()).isEqualTo("h");
    assertThat(json.get("fan_in_fan_out").booleanValue()).isTrue();
    assertThat(json.get("bias").asText()).isEqualTo("none");
    assertThat(json.get("use_rslora").booleanValue()).isFalse();
    assertThat(json.get("inference_mode").booleanValue()).isTrue();

    Safetensors.Contents contents = Safetensors.read(directory.resolve("adapter_model.safetensors"));
    assertThat(contents.metadata()).containsExactly(Map.entry("format", "pt"));
    assertThat(contents.tensors()).hasSize(2 * 3 * 2); // 2 layers × 3 projections × (A, B)
    // Linear orientation even though fan_in_fan_out is true: A (r, in), B (out, r).
    assertThat(contents.tensors().get("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight").shape())
        .containsExactly(2, 16);
    assertThat(contents.tensors().get("base_model.model.transformer.h.0.attn.c_attn.lora_B.weight").shape())
        .containsExactly(48, 2);
    assertThat(contents.tensors().get("base_model.model.transformer.h.2.mlp.c_proj.lora_A.weight").shape())
        .containsExactly(2, 64);
    assertThat(contents.tensors().get("base_model.model.transformer.h.2.attn.c_proj.lora_B.weight").shape())
        .containsExactly(16, 2);

    Decoder fresh = base.copy();
    Adapter loaded = PeftAdapters.load(fresh, directory);
    assertThat(loaded.config()).isEqualTo(new LoraConfig(2, 4f, 0.1f, false,
        Set.of(Target.QKV, Target.O, Target.DOWN), new TreeSet<>(Set.of(0, 2))));
    assertSameAdapters(loaded, adapter);
    assertThat(logits(fresh, TOKENS)).containsExactly(logits(model, TOKENS));
    assertThat(logits(fresh, TOKENS)).isNotEqualTo(logits(base, TOKENS)); // the adapter does change the output
  }

  @Test
  void llamaAdapterRoundTripGivesIdenticalTensorsAndOutputs() throws IOException {
    Decoder base = new Decoder(DecoderConfig.llama(40, 16, 16, 2, 4, 2, 40), 2);
    Decoder model = base.copy();
    Adapter adapter = trainedLookingAdapter(model, new LoraConfig(3, 6f, 0f, true, Set.of(Target.ALL_LINEAR), null),
        9);
    Path directory = temporary.resolve("llama-adapter");
    PeftAdapters.save(adapter, directory, "stories260K");

    JsonNode json = JSON.readTree(directory.resolve("adapter_config.json").toFile());
    assertThat(JSON.convertValue(json.get("target_modules"), List.class))
        .containsExactly("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
    assertThat(json.has("layers_to_transform")).isFalse();
    assertThat(json.get("fan_in_fan_out").booleanValue()).isFalse();
    assertThat(json.get("use_rslora").booleanValue()).isTrue();
    Safetensors.Contents contents = Safetensors.read(directory.resolve("adapter_model.safetensors"));
    assertThat(contents.tensors()).hasSize(2 * 7 * 2);
    // k_proj maps width 16 to the key/value width 2 heads × 4 = 8.
    assertThat(contents.tensors().get("base_model.model.model.layers.1.self_attn.k_proj.lora_B.weight").shape())
        .containsExactly(8, 3);
    assertThat(contents.tensors().get("base_model.model.model.layers.0.mlp.down_proj.lora_A.weight").shape())
        .containsExactly(3, 40);

    Decoder fresh = base.copy();
    Adapter loaded = PeftAdapters.load(fresh, directory);
    assertThat(loaded.config().rankStabilized()).isTrue();
    assertThat(loaded.modules().get("layers.0.q").scale()).isEqualTo((float) (6 / Math.sqrt(3)));
    assertSameAdapters(loaded, adapter);
    assertThat(logits(fresh, TOKENS)).containsExactly(logits(model, TOKENS));
  }

  @Test
  void classificationHeadTravelsAsTheScoreModule() throws IOException {
    Decoder base = new Decoder(DecoderConfig.gpt2(40, 16, 16, 2, 4), 1);
    Decoder model = base.copyWithClassifier(3, 7);
    Adapter adapter = trainedLookingAdapter(model, new LoraConfig(2, 2f, 0f, false, Set.of(Target.QKV), null), 3);
    randomize(model.classifier().bias().value(), new SplittableRandom(4), 0.5);
    assertThatThrownBy(() -> PeftAdapters.save(adapter, temporary.resolve("refused"), "gpt2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PeftAdapters.save(model, directory");

    Path directory = temporary.resolve("classifier");
    PeftAdapters.save(model, directory, "gpt2");
    JsonNode json = JSON.readTree(directory.resolve("adapter_config.json").toFile());
    assertThat(json.get("task_type").asText()).isEqualTo("SEQ_CLS");
    assertThat(JSON.convertValue(json.get("modules_to_save"), List.class)).containsExactly("score");
    Safetensors.Contents contents = Safetensors.read(directory.resolve("adapter_model.safetensors"));
    assertThat(contents.tensors().get("base_model.model.score.weight").shape()).containsExactly(3, 16);
    assertThat(contents.tensors().get("base_model.model.score.bias").shape()).containsExactly(3);

    Decoder fresh = base.copyWithClassifier(3, 99); // a different head, overwritten by the load
    PeftAdapters.load(fresh, directory);
    List<int[]> sequences = List.of(new int[] {1, 2, 3}, new int[] {4, 5});
    assertThat(fresh.classProbabilities(sequences)).isDeepEqualTo(model.classProbabilities(sequences));

    assertThatThrownBy(() -> PeftAdapters.load(base.copy(), directory))
        .isInstanceOf(PeftFormatException.class).hasMessageContaining("task_type is SEQ_CLS")
        .hasMessageContaining("no classification head");
  }

  // ---- a directory written by hand in PEFT's documented format ----

  private Path peftDirectory(String name, String config, Map<String, TensorData> tensors) throws IOException {
    Path directory = Files.createDirectories(temporary.resolve(name));
    Files.writeString(directory.resolve("adapter_config.json"), config);
    Safetensors.write(directory.resolve("adapter_model.safetensors"), tensors, Map.of("format", "pt"),
        Safetensors.DataType.F32);
    return directory;
  }

  private static final String GPT2_CONFIG = """
      {
        "alpha_pattern": {},
        "auto_mapping": null,
        "base_model_name_or_path": "gpt2",
        "bias": "none",
        "fan_in_fan_out": true,
        "inference_mode": true,
        "init_lora_weights": true,
        "layers_pattern": null,
        "layers_to_transform": null,
        "lora_alpha": 8,
        "lora_dropout": 0.05,
        "modules_to_save": null,
        "peft_type": "LORA",
        "r": 2,
        "rank_pattern": {},
        "revision": null,
        "target_modules": ["c_attn"],
        "task_type": "CAUSAL_LM",
        "use_dora": false,
        "use_rslora": false
      }
      """;

  /** lora_A (2, 8) and lora_B (24, 2) of c_attn in both layers of a width-8 GPT-2, keys typed as PEFT writes them. */
  private static Map<String, TensorData> gpt2Tensors() {
    SplittableRandom random = new SplittableRandom(8);
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight", randomTensor(random, 0.3, 2, 8));
    tensors.put("base_model.model.transformer.h.0.attn.c_attn.lora_B.weight", randomTensor(random, 0.3, 24, 2));
    tensors.put("base_model.model.transformer.h.1.attn.c_attn.lora_A.weight", randomTensor(random, 0.3, 2, 8));
    tensors.put("base_model.model.transformer.h.1.attn.c_attn.lora_B.weight", randomTensor(random, 0.3, 24, 2));
    return tensors;
  }

  @Test
  void loadsAHandWrittenGpt2PeftDirectoryAndAppliesSTimesBA() throws IOException {
    Decoder base = new Decoder(DecoderConfig.gpt2(30, 8, 8, 2, 2), 4);
    Map<String, TensorData> tensors = gpt2Tensors();
    Decoder model = base.copy();
    Adapter adapter = PeftAdapters.load(model, peftDirectory("hand-gpt2", GPT2_CONFIG, tensors));
    assertThat(adapter.config()).isEqualTo(new LoraConfig(2, 8f, 0.05f, false, Set.of(Target.QKV), null));
    assertThat(adapter.modules().keySet()).containsExactly("layers.0.qkv", "layers.1.qkv");

    // Reference: the base model with W[out, in] += (8 / 2) · Σ_r B[out, r] · A[r, in], by plain loops.
    Decoder expected = base.copy();
    for (int layer = 0; layer < 2; layer++) {
      float[] a = tensors.get("base_model.model.transformer.h." + layer + ".attn.c_attn.lora_A.weight").values();
      float[] b = tensors.get("base_model.model.transformer.h." + layer + ".attn.c_attn.lora_B.weight").values();
      Tensor weight = expected.blocks().get(layer).baseLinear(Projection.QKV).weight().value(); // [24, 8]
      for (int out = 0; out < 24; out++) {
        for (int in = 0; in < 8; in++) {
          double delta = 0;
          for (int r = 0; r < 2; r++) {
            delta += b[out * 2 + r] * a[r * 8 + in];
          }
          weight.add(out * 8 + in, (float) (4.0 * delta));
        }
      }
    }
    float[] actual = logits(model, TOKENS);
    float[] reference = logits(expected, TOKENS);
    for (int i = 0; i < reference.length; i++) {
      assertThat(actual[i]).isCloseTo(reference[i], Offset.offset(1e-4f));
    }
    assertThat(actual).isNotEqualTo(logits(base, TOKENS));
  }

  @Test
  void loadsAHandWrittenLlamaDirectoryWithLayersToTransform() throws IOException {
    Decoder base = new Decoder(DecoderConfig.llama(30, 8, 8, 3, 2, 1, 12), 4);
    String config = """
        {"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 1, "lora_alpha": 2.5, "lora_dropout": 0.0,
         "target_modules": ["v_proj", "q_proj"], "layers_to_transform": [1], "layers_pattern": "layers",
         "bias": "none", "fan_in_fan_out": false, "base_model_name_or_path": "stories260K"}
        """;
    SplittableRandom random = new SplittableRandom(2);
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put("base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight", randomTensor(random, 0.3, 1, 8));
    tensors.put("base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight", randomTensor(random, 0.3, 8, 1));
    tensors.put("base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight", randomTensor(random, 0.3, 1, 8));
    tensors.put("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight", randomTensor(random, 0.3, 4, 1));
    Decoder model = base.copy();
    Adapter adapter = PeftAdapters.load(model, peftDirectory("hand-llama", config, tensors));
    assertThat(adapter.config()).isEqualTo(new LoraConfig(1, 2.5f, 0f, false, Set.of(Target.Q, Target.V),
        new TreeSet<>(Set.of(1))));
    assertThat(adapter.modules().keySet()).containsExactly("layers.1.q", "layers.1.v");
    assertThat(adapter.modules().get("layers.1.v").loraB().value().toArray())
        .containsExactly(tensors.get("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight").values());
  }

  @Test
  void regexAllLinearAndExcludeModulesSelectLikePeft() throws IOException {
    DecoderConfig gpt2 = DecoderConfig.gpt2(30, 8, 8, 2, 2);
    // "c_proj" names both GPT-2 projections of that name; exclude_modules removes the MLP one again.
    String suffixes = GPT2_CONFIG.replace("[\"c_attn\"]", "[\"c_proj\"], \"exclude_modules\": [\"mlp.c_proj\"]");
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int layer = 0; layer < 2; layer++) {
      tensors.put("base_model.model.transformer.h." + layer + ".attn.c_proj.lora_A.weight", randomTensor(random, 1, 2, 8));
      tensors.put("base_model.model.transformer.h." + layer + ".attn.c_proj.lora_B.weight", randomTensor(random, 1, 8, 2));
    }
    assertThat(PeftAdapters.load(new Decoder(gpt2, 1), peftDirectory("suffix", suffixes, tensors)).config().targets())
        .containsExactly(Target.O);
    String regex = GPT2_CONFIG.replace("[\"c_attn\"]", "\"transformer\\\\.h\\\\.\\\\d+\\\\.attn\\\\.c_proj\"");
    assertThat(PeftAdapters.load(new Decoder(gpt2, 1), peftDirectory("regex", regex, tensors)).config().targets())
        .containsExactly(Target.O);

    String allLinear = GPT2_CONFIG.replace("[\"c_attn\"]", "\"all-linear\"");
    Decoder model = new Decoder(gpt2, 1);
    Map<String, TensorData> all = new LinkedHashMap<>();
    for (int layer = 0; layer < 2; layer++) {
      for (Projection projection : List.of(Projection.QKV, Projection.O, Projection.UP, Projection.DOWN)) {
        var linear = model.blocks().get(layer).baseLinear(projection);
        String prefix = "base_model.model." + PeftAdapters.modulePath(DecoderConfig.Family.GPT2, layer, projection);
        all.put(prefix + ".lora_A.weight", randomTensor(random, 1, 2, linear.inputSize()));
        all.put(prefix + ".lora_B.weight", randomTensor(random, 1, linear.outputSize(), 2));
      }
    }
    assertThat(PeftAdapters.load(model, peftDirectory("all-linear", allLinear, all)).modules()).hasSize(8);
  }

  // ---- errors ----

  private void assertLoadFails(Decoder model, Path directory, String... fragments) {
    var assertion = assertThatThrownBy(() -> PeftAdapters.load(model, directory)).isInstanceOf(PeftFormatException.class);
    for (String fragment : fragments) {
      assertion.hasMessageContaining(fragment);
    }
    assertThat(model.adapters()).as("the model is left unchanged").isEmpty();
  }

  @Test
  void missingUnexpectedAndMisshapenKeysAreAllListedAndTheModelIsLeftAlone() throws IOException {
    Decoder model = new Decoder(DecoderConfig.gpt2(30, 8, 8, 2, 2), 4);
    Map<String, TensorData> tensors = gpt2Tensors();
    tensors.remove("base_model.model.transformer.h.1.attn.c_attn.lora_B.weight");
    // A module the config does not target, and A stored transposed (in, r): the usual fan_in_fan_out mistake.
    tensors.put("base_model.model.transformer.h.0.mlp.c_fc.lora_A.weight", randomTensor(new SplittableRandom(1), 1, 2, 8));
    tensors.put("base_model.model.transformer.h.1.attn.c_attn.lora_A.weight", randomTensor(new SplittableRandom(1), 1, 8, 2));
    Path directory = peftDirectory("broken", GPT2_CONFIG, tensors);
    assertLoadFails(model, directory,
        "adapter_model.safetensors does not match adapter_config.json (r 2, projections [c_attn], layers [0, 1])",
        "1 missing key(s): [base_model.model.transformer.h.1.attn.c_attn.lora_B.weight]",
        "1 unexpected key(s): [base_model.model.transformer.h.0.mlp.c_fc.lora_A.weight]",
        "base_model.model.transformer.h.1.attn.c_attn.lora_A.weight is [8, 2], expected [2, 8]");
  }

  @Test
  void keysWithAnAdapterNameAreRejectedWithAHint() throws IOException {
    Map<String, TensorData> named = new LinkedHashMap<>();
    gpt2Tensors().forEach((key, value) -> named.put(key.replace(".weight", ".default.weight"), value));
    assertLoadFails(new Decoder(DecoderConfig.gpt2(30, 8, 8, 2, 2), 4), peftDirectory("named", GPT2_CONFIG, named),
        "4 missing key(s)", "4 unexpected key(s): [base_model.model.transformer.h.0.attn.c_attn.lora_A.default.weight",
        "saved PEFT files carry no adapter name");
  }

  @Test
  void configErrorsNameTheFieldAndTheFamily() throws IOException {
    Decoder gpt2 = new Decoder(DecoderConfig.gpt2(30, 8, 8, 2, 2), 4);
    Map<String, TensorData> tensors = gpt2Tensors();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(GPT2_CONFIG.replace("[\"c_attn\"]", "[\"q_proj\", \"v_proj\"]"),
        "target_modules entry \"q_proj\" names no projection of a GPT2 decoder (GPT-2 fuses q, k and v into one"
            + " projection, c_attn); its projections are [c_attn, attn.c_proj, c_fc, mlp.c_proj]");
    cases.put(GPT2_CONFIG.replace("[\"c_attn\"]", "[\"c_attn\", \"lm_head\"]"), "entry \"lm_head\" names no projection");
    cases.put(GPT2_CONFIG.replace("\"layers_to_transform\": null", "\"layers_to_transform\": [1, 5]"),
        "layers_to_transform [1, 5] names layer 5, but this decoder has layers 0..1");
    cases.put(GPT2_CONFIG.replace("\"peft_type\": \"LORA\"", "\"peft_type\": \"IA3\""), "peft_type is \"IA3\"");
    cases.put(GPT2_CONFIG.replace("\"use_dora\": false", "\"use_dora\": true"), "use_dora is true");
    cases.put(GPT2_CONFIG.replace("\"bias\": \"none\"", "\"bias\": \"all\""), "bias is \"all\"");
    cases.put(GPT2_CONFIG.replace("\"rank_pattern\": {}", "\"rank_pattern\": {\"c_attn\": 4}"), "rank_pattern is");
    cases.put(GPT2_CONFIG.replace("\"r\": 2", "\"r\": 2.5"), "r is 2.5, expected a positive integer");
    cases.put(GPT2_CONFIG.replace("\"lora_alpha\": 8", "\"lora_alpha\": \"8\""), "lora_alpha is \"8\", expected a number");
    cases.put(GPT2_CONFIG.replace("\"task_type\": \"CAUSAL_LM\"", "\"task_type\": \"SEQ_2_SEQ_LM\""),
        "task_type \"SEQ_2_SEQ_LM\" is not supported");
    cases.put(GPT2_CONFIG.replace("\"modules_to_save\": null", "\"modules_to_save\": [\"wte\"]"), "modules_to_save holds");
    cases.put(GPT2_CONFIG.replace("[\"c_attn\"]", "\"(unclosed\""), "is not a valid regular expression");
    cases.put(GPT2_CONFIG.replace("\"r\": 2", "\"r\": 20"), "r = 20 exceeds the smaller dimension");
    cases.put("{\"peft_type\": \"LORA\",", "not valid JSON");
    int index = 0;
    for (Map.Entry<String, String> entry : cases.entrySet()) {
      Path directory = peftDirectory("config" + index++, entry.getKey(), tensors);
      assertLoadFails(gpt2, directory, directory.resolve("adapter_config.json").toString(), entry.getValue());
    }
    // The same check for Llama: GPT-2's fused name is not a Llama projection.
    Decoder llama = new Decoder(DecoderConfig.llama(30, 8, 8, 2, 2, 2, 12), 4);
    assertLoadFails(llama, peftDirectory("llama-wrong", GPT2_CONFIG, tensors),
        "target_modules entry \"c_attn\" names no projection of a LLAMA decoder");
  }

  @Test
  void loadingRefusesAModelThatAlreadyHasAdaptersAndMissingFiles() throws IOException {
    Decoder model = new Decoder(DecoderConfig.gpt2(30, 8, 8, 2, 2), 4);
    Path directory = peftDirectory("ok", GPT2_CONFIG, gpt2Tensors());
    Files.delete(directory.resolve("adapter_model.safetensors"));
    assertLoadFails(model, directory, "adapter_model.safetensors: missing");
    Files.delete(directory.resolve("adapter_config.json"));
    assertLoadFails(model, directory, "adapter_config.json: missing");
    assertLoadFails(model, temporary.resolve("nowhere"), "not a directory");
    Adapters.attach(model, new LoraConfig(2, 2f, 0f, false, Set.of(Target.O), null), 1);
    assertThatThrownBy(() -> PeftAdapters.load(model, peftDirectory("again", GPT2_CONFIG, gpt2Tensors())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already carries adapters");
  }

  @Test
  void savingRefusesNonFiniteAdapters() {
    Decoder model = new Decoder(DecoderConfig.gpt2(30, 8, 8, 2, 2), 4);
    Adapter adapter = Adapters.attach(model, new LoraConfig(2, 2f, 0f, false, Set.of(Target.O), null), 1);
    adapter.modules().get("layers.1.o").loraB().value().set(3, Float.POSITIVE_INFINITY);
    assertThatThrownBy(() -> PeftAdapters.save(adapter, temporary.resolve("nan"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers.1.o");
    assertThat(temporary.resolve("nan")).doesNotExist();
  }

  // ---- size ----

  @Test
  void anAdapterDirectoryIsSmallBesideTheModel() throws IOException {
    Decoder model = new Decoder(DecoderConfig.gpt2(5000, 64, 128, 4, 4), 1);
    Adapter adapter = Adapters.attach(model, new LoraConfig(4, 8f, 0f, false, Set.of(Target.ATTENTION), null), 2);
    Path adapterDirectory = temporary.resolve("adapter");
    Path modelDirectory = temporary.resolve("model");
    PeftAdapters.save(adapter, adapterDirectory, "tiny-gpt2");
    PeftAdapters.saveMerged(model, modelDirectory);
    long adapterBytes = directorySize(adapterDirectory);
    long modelBytes = directorySize(modelDirectory);
    System.out.printf("GPT-2-style width 128, 4 layers, vocab 5000: model directory %,d bytes; rank-4 attention"
        + " adapter directory %,d bytes (%.2f%% of the model)%n", modelBytes, adapterBytes,
        100.0 * adapterBytes / modelBytes);
    // Per layer: c_attn A 4×128 + B 384×4, attn.c_proj A 4×128 + B 128×4 = 3,072 floats; × 4 layers × 4 bytes.
    long tensorBytes = 4L * 3072 * 4;
    assertThat(adapterBytes).isBetween(tensorBytes, tensorBytes + 4096).isLessThan(300_000);
    // The model: 5000×128 + 64×128 floats of embeddings alone, 2.6 MB.
    assertThat(modelBytes).isGreaterThan(4L * (5000 * 128 + 64 * 128)).isGreaterThan(50 * adapterBytes);
  }

  private static long directorySize(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.mapToLong(file -> file.toFile().length()).sum();
    }
  }

  // ---- merged weights ----

  @Test
  void mergedGpt2CheckpointReproducesTheAdaptedModelWithoutTouchingIt() throws IOException {
    Decoder model = new Decoder(DecoderConfig.gpt2(40, 16, 16, 2, 4), 1);
    Adapter adapter = trainedLookingAdapter(model, new LoraConfig(2, 4f, 0f, false, Set.of(Target.ALL_LINEAR), null),
        3);
    Map<String, float[]> before = new LinkedHashMap<>();
    for (Parameter p : model.parameters().values()) {
      before.put(p.name(), p.value().toArray());
    }
    float[] adapted = logits(model, TOKENS);
    Path directory = temporary.resolve("merged");
    PeftAdapters.saveMerged(model, directory);
    for (Parameter p : model.parameters().values()) {
      assertThat(p.value().toArray()).as(p.name() + " unchanged").containsExactly(before.get(p.name()));
    }
    assertThat(adapter.merged()).isFalse();

    Decoder merged = Gpt2.load(directory);
    assertThat(merged.adapters()).isEmpty();
    float[] reloaded = logits(merged, TOKENS);
    for (int i = 0; i < adapted.length; i++) {
      assertThat(reloaded[i]).isCloseTo(adapted[i], Offset.offset(1e-4f));
    }
    // The saved weights are exactly what LoraLinear.merge computes.
    adapter.modules().values().forEach(LoraLinear::merge);
    assertThat(reloaded).containsExactly(logits(model, TOKENS));
  }

  @Test
  void mergedCopyWorksForLlamaAndSaveMergedPointsToTheLlamaWriter() {
    Decoder model = new Decoder(DecoderConfig.llama(40, 16, 16, 2, 4, 2, 40), 2);
    trainedLookingAdapter(model, new LoraConfig(2, 4f, 0f, false, Set.of(Target.MLP), null), 5);
    float[] adapted = logits(model, TOKENS);
    Decoder merged = PeftAdapters.mergedCopy(model);
    assertThat(merged.adapters()).isEmpty();
    float[] folded = logits(merged, TOKENS);
    for (int i = 0; i < adapted.length; i++) {
      assertThat(folded[i]).isCloseTo(adapted[i], Offset.offset(1e-4f));
    }
    assertThatThrownBy(() -> PeftAdapters.saveMerged(model, temporary.resolve("llama")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Llama2c.save");
  }

  @Test
  void modulePathsFollowTheHuggingFaceModels() {
    assertThat(PeftAdapters.modulePath(DecoderConfig.Family.GPT2, 3, Projection.O)).isEqualTo("transformer.h.3.attn.c_proj");
    assertThat(PeftAdapters.modulePath(DecoderConfig.Family.GPT2, 0, Projection.DOWN)).isEqualTo("transformer.h.0.mlp.c_proj");
    assertThat(PeftAdapters.modulePath(DecoderConfig.Family.LLAMA, 2, Projection.GATE))
        .isEqualTo("model.layers.2.mlp.gate_proj");
    assertThatThrownBy(() -> PeftAdapters.modulePath(DecoderConfig.Family.GPT2, 0, Projection.Q))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GPT2 block has no q projection");
  }

  @Test
  void anAdapterWhoseScaleMakesTheOutputsNonFiniteIsRefusedAtLoadAndTheModelLeftAsItWas() throws IOException {
    Decoder base = new Decoder(DecoderConfig.gpt2(40, 16, 16, 2, 4), 1);
    Adapter adapter = trainedLookingAdapter(base.copy(), new LoraConfig(4, 8f, 0f, false, Set.of(Target.ATTENTION),
        null), 5);
    Path directory = temporary.resolve("hostile-adapter");
    PeftAdapters.save(adapter, directory, "gpt2");
    Path config = directory.resolve("adapter_config.json");
    ObjectNode json = (ObjectNode) JSON.readTree(config.toFile());
    json.put("lora_alpha", 1e30); // finite as a float, but alpha / r = 2.5e29 overflows the activations
    Files.writeString(config, json.toString());

    Decoder fresh = base.copy();
    fresh.setAllTrainable(true);
    float[][] before = fresh.nextTokenLogProbabilities(TOKENS);
    assertThatThrownBy(() -> PeftAdapters.load(fresh, directory))
        .isInstanceOf(PeftFormatException.class).hasMessageContaining(directory.toString())
        .hasMessageContaining("non-finite").hasMessageContaining("lora_alpha 1.0E30");
    assertThat(fresh.adapters()).isEmpty();
    assertThat(fresh.nextTokenLogProbabilities(TOKENS)).isDeepEqualTo(before);
    // The flags are back as they were (all trainable; attaching had frozen them).
    assertThat(fresh.trainableParameters()).hasSize(fresh.parameters().size());

    json.put("lora_alpha", 8); // the same weights at a sane scale load
    Files.writeString(config, json.toString());
    assertThat(PeftAdapters.load(fresh, directory).modules()).isNotEmpty();
  }
}
