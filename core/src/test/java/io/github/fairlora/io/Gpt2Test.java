package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.testing.SharedFiles;
import io.github.fairlora.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpt2Test {
  @TempDir Path temporary;

  static float[] logits(Decoder model, int[] tokens) {
    model.forward(TokenBatch.inputsOnly(List.of(tokens), 0), false);
    return Arrays.copyOf(model.lastLogits().toArray(), tokens.length * model.config().vocabularySize());
  }

  // ---- round trip ----

  @Test
  void savedAndLoadedModelHasIdenticalParametersAndLogits() throws IOException {
    DecoderConfig config = DecoderConfig.gpt2(97, 16, 16, 2, 4);
    Decoder model = new Decoder(config, 11);
    // The fresh init leaves biases at zero and norms at one: randomise everything so that every tensor is checked.
    SplittableRandom random = new SplittableRandom(3);
    for (Parameter p : model.parameters().values()) {
      for (int i = 0; i < p.size(); i++) {
        p.value().set(i, (float) (random.nextGaussian() * 0.1) + (p.name().endsWith("norm.weight") ? 1f : 0f));
      }
    }
    Path directory = temporary.resolve("gpt2");
    Gpt2.save(model, directory);
    Decoder loaded = Gpt2.load(directory);

    assertThat(loaded.config()).isEqualTo(config.withVariant(DecoderConfig.Variant.HUGGING_FACE_GPT2));
    assertThat(loaded.parameters().keySet()).isEqualTo(model.parameters().keySet());
    for (Parameter p : model.parameters().values()) {
      assertThat(loaded.parameters().get(p.name()).value().toArray()).as(p.name()).containsExactly(p.value().toArray());
    }
    int[] tokens = {5, 17, 96, 0, 42, 42, 3};
    assertThat(logits(loaded, tokens)).containsExactly(logits(model, tokens));
    assertThat(loaded.tokenizer()).isEmpty();

    // The file is in the Hugging Face layout: names without prefix, Conv1D weights as (in, out), metadata format=pt.
    Safetensors.Contents contents = Safetensors.read(directory.resolve("model.safetensors"));
    assertThat(contents.metadata()).containsExactly(Map.entry("format", "pt"));
    assertThat(contents.tensors()).hasSize(2 + 12 * 2 + 2);
    assertThat(contents.tensors().keySet()).startsWith("wte.weight", "wpe.weight", "h.0.ln_1.weight")
        .endsWith("ln_f.weight", "ln_f.bias");
    TensorData cAttn = contents.tensors().get("h.1.attn.c_attn.weight");
    assertThat(cAttn.shape()).containsExactly(16, 48);
    assertThat(contents.tensors().get("h.1.mlp.c_fc.weight").shape()).containsExactly(16, 64);
    assertThat(contents.tensors().get("h.1.mlp.c_proj.weight").shape()).containsExactly(64, 16);
    float[] qkv = model.parameters().get("layers.1.qkv.weight").value().toArray(); // [48, 16]
    for (int in = 0; in < 16; in++) {
      for (int out = 0; out < 48; out++) {
        assertThat(cAttn.values()[in * 48 + out]).isEqualTo(qkv[out * 16 + in]);
      }
    }
    String json = Files.readString(directory.resolve("config.json"));
    assertThat(json).contains("\"n_embd\" : 16", "\"n_layer\" : 2", "\"n_head\" : 4", "\"vocab_size\" : 97",
        "\"n_positions\" : 16", "\"activation_function\" : \"gelu_new\"", "\"layer_norm_epsilon\" : 0.00001",
        "\"GPT2LMHeadModel\"");
  }

  @Test
  void nonDefaultInnerWidthAndEpsilonRoundTrip() throws IOException {
    DecoderConfig config = new DecoderConfig(DecoderConfig.Family.GPT2, 31, 8, 8, 1, 2, 2, 20, 1e-6f, 10000f, true, 0);
    Decoder model = new Decoder(config, 5);
    Path directory = temporary.resolve("inner");
    Gpt2.save(model, directory);
    assertThat(Files.readString(directory.resolve("config.json"))).contains("\"n_inner\" : 20");
    Decoder loaded = Gpt2.load(directory);
    assertThat(loaded.config()).isEqualTo(config.withVariant(DecoderConfig.Variant.HUGGING_FACE_GPT2));
    assertThat(logits(loaded, new int[] {1, 2, 3})).containsExactly(logits(model, new int[] {1, 2, 3}));
  }

  // ---- a checkpoint built by hand, checked against a naive GPT-2 forward written from the format's description ----

  private static final int WIDTH = 4;
  private static final int HEADS = 2;
  private static final int VOCAB = 7;
  private static final int POSITIONS = 5;

  /** Hugging Face tensors of a one-layer GPT-2 (n_embd 4, n_head 2, vocab 7, n_positions 5), (in, out) Conv1D. */
  private static Map<String, TensorData> handBuiltTensors(String prefix) {
    SplittableRandom random = new SplittableRandom(21);
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put(prefix + "wte.weight", randomTensor(random, 0.5, VOCAB, WIDTH));
    tensors.put(prefix + "wpe.weight", randomTensor(random, 0.2, POSITIONS, WIDTH));
    tensors.put(prefix + "h.0.ln_1.weight", randomTensor(random, 0.3, WIDTH));
    tensors.put(prefix + "h.0.ln_1.bias", randomTensor(random, 0.1, WIDTH));
    tensors.put(prefix + "h.0.attn.c_attn.weight", randomTensor(random, 0.6, WIDTH, 3 * WIDTH));
    tensors.put(prefix + "h.0.attn.c_attn.bias", randomTensor(random, 0.1, 3 * WIDTH));
    tensors.put(prefix + "h.0.attn.c_proj.weight", randomTensor(random, 0.4, WIDTH, WIDTH));
    tensors.put(prefix + "h.0.attn.c_proj.bias", randomTensor(random, 0.1, WIDTH));
    tensors.put(prefix + "h.0.ln_2.weight", randomTensor(random, 0.3, WIDTH));
    tensors.put(prefix + "h.0.ln_2.bias", randomTensor(random, 0.1, WIDTH));
    tensors.put(prefix + "h.0.mlp.c_fc.weight", randomTensor(random, 0.4, WIDTH, 4 * WIDTH));
    tensors.put(prefix + "h.0.mlp.c_fc.bias", randomTensor(random, 0.1, 4 * WIDTH));
    tensors.put(prefix + "h.0.mlp.c_proj.weight", randomTensor(random, 0.3, 4 * WIDTH, WIDTH));
    tensors.put(prefix + "h.0.mlp.c_proj.bias", randomTensor(random, 0.1, WIDTH));
    tensors.put(prefix + "ln_f.weight", randomTensor(random, 0.3, WIDTH));
    tensors.put(prefix + "ln_f.bias", randomTensor(random, 0.1, WIDTH));
    // Norm scales around one.
    for (String name : List.of("h.0.ln_1.weight", "h.0.ln_2.weight", "ln_f.weight")) {
      float[] values = tensors.get(prefix + name).values();
      for (int i = 0; i < values.length; i++) {
        values[i] += 1f;
      }
    }
    return tensors;
  }

  static TensorData randomTensor(SplittableRandom random, double std, int... shape) {
    int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return TensorData.of(shape, values);
  }

  private static final String HAND_CONFIG = """
      {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 7, "n_ctx": 5, "n_embd": 4,
       "n_layer": 1, "n_head": 2, "n_inner": null, "activation_function": "gelu_pytorch_tanh",
       "layer_norm_epsilon": 1e-05, "resid_pdrop": 0.1, "embd_pdrop": 0.1, "attn_pdrop": 0.1,
       "bos_token_id": 6, "eos_token_id": 6, "tie_word_embeddings": true}
      """;

  private Path handBuiltDirectory(String name, String config, Map<String, TensorData> tensors) throws IOException {
    Path directory = temporary.resolve(name);
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("config.json"), config);
    Safetensors.write(directory.resolve("model.safetensors"), tensors, Map.of("format", "pt"),
        Safetensors.DataType.F32);
    return directory;
  }

  @Test
  void loadsAHandBuiltCheckpointWithTheTransformerPrefixAndMatchesANaiveForward() throws IOException {
    Map<String, TensorData> tensors = handBuiltTensors("transformer.");
    // Extras a real export carries: the tied head (same values as wte) and a causal-mask buffer.
    tensors.put("lm_head.weight", tensors.get("transformer.wte.weight"));
    float[] mask = new float[POSITIONS * POSITIONS];
    for (int row = 0; row < POSITIONS; row++) {
      for (int column = 0; column <= row; column++) {
        mask[row * POSITIONS + column] = 1f;
      }
    }
    tensors.put("transformer.h.0.attn.bias", TensorData.of(new int[] {1, 1, POSITIONS, POSITIONS}, mask));
    Decoder model = Gpt2.load(handBuiltDirectory("prefixed", HAND_CONFIG, tensors));

    assertThat(model.config()).isEqualTo(DecoderConfig.gpt2(VOCAB, POSITIONS, WIDTH, 1, HEADS).withVariant(DecoderConfig.Variant.HUGGING_FACE_GPT2));
    // Orientation: the Conv1D weight (in, out) element [1][5] is our Linear weight [out=5][in=1].
    float stored = tensors.get("transformer.h.0.attn.c_attn.weight").values()[1 * 12 + 5];
    assertThat(model.parameters().get("layers.0.qkv.weight").value().get(5 * WIDTH + 1)).isEqualTo(stored);

    int[] tokens = {3, 0, 6, 6, 2};
    float[] expected = naiveLogits(tensors, "transformer.", tokens);
    float[] actual = logits(model, tokens);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("logit %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-5));
    }
  }

  @Test
  void loadsUnprefixedKeysToo() throws IOException {
    Map<String, TensorData> tensors = handBuiltTensors("");
    Decoder model = Gpt2.load(handBuiltDirectory("plain", HAND_CONFIG, tensors));
    int[] tokens = {1, 2, 3};
    float[] expected = naiveLogits(tensors, "", tokens);
    float[] actual = logits(model, tokens);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-5));
    }
  }

  /**
   * GPT-2's forward written directly from the Hugging Face tensors (x·W + b with W stored (in, out)), in double:
   * embeddings + positions; ln_1; c_attn → q | k | v, heads of 2 columns, causal softmax(q·k/√2); c_proj; residual;
   * ln_2; c_fc; tanh-GELU; mlp.c_proj; residual; ln_f; logits = x·wteᵀ.
   */
  static float[] naiveLogits(Map<String, TensorData> t, String prefix, int[] tokens) {
    int n = tokens.length;
    int headSize = WIDTH / HEADS;
    double[][] x = new double[n][WIDTH];
    float[] wte = t.get(prefix + "wte.weight").values();
    float[] wpe = t.get(prefix + "wpe.weight").values();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < WIDTH; j++) {
        x[i][j] = wte[tokens[i] * WIDTH + j] + wpe[i * WIDTH + j];
      }
    }
    double[][] a = layerNorm(x, t.get(prefix + "h.0.ln_1.weight").values(), t.get(prefix + "h.0.ln_1.bias").values());
    double[][] qkv = affine(a, t.get(prefix + "h.0.attn.c_attn.weight").values(),
        t.get(prefix + "h.0.attn.c_attn.bias").values(), 3 * WIDTH);
    double[][] y = new double[n][WIDTH];
    for (int h = 0; h < HEADS; h++) {
      for (int i = 0; i < n; i++) {
        double[] scores = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s <= i; s++) {
          double dot = 0;
          for (int c = 0; c < headSize; c++) {
            dot += qkv[i][h * headSize + c] * qkv[s][WIDTH + h * headSize + c];
          }
          scores[s] = dot / Math.sqrt(headSize);
          max = Math.max(max, scores[s]);
        }
        double sum = 0;
        for (int s = 0; s <= i; s++) {
          scores[s] = Math.exp(scores[s] - max);
          sum += scores[s];
        }
        for (int s = 0; s <= i; s++) {
          for (int c = 0; c < headSize; c++) {
            y[i][h * headSize + c] += scores[s] / sum * qkv[s][2 * WIDTH + h * headSize + c];
          }
        }
      }
    }
    double[][] attention = affine(y, t.get(prefix + "h.0.attn.c_proj.weight").values(),
        t.get(prefix + "h.0.attn.c_proj.bias").values(), WIDTH);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < WIDTH; j++) {
        x[i][j] += attention[i][j];
      }
    }
    double[][] m = layerNorm(x, t.get(prefix + "h.0.ln_2.weight").values(), t.get(prefix + "h.0.ln_2.bias").values());
    double[][] hidden = affine(m, t.get(prefix + "h.0.mlp.c_fc.weight").values(),
        t.get(prefix + "h.0.mlp.c_fc.bias").values(), 4 * WIDTH);
    for (double[] row : hidden) {
      for (int j = 0; j < row.length; j++) {
        double v = row[j];
        row[j] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
      }
    }
    double[][] mlp = affine(hidden, t.get(prefix + "h.0.mlp.c_proj.weight").values(),
        t.get(prefix + "h.0.mlp.c_proj.bias").values(), WIDTH);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < WIDTH; j++) {
        x[i][j] += mlp[i][j];
      }
    }
    double[][] f = layerNorm(x, t.get(prefix + "ln_f.weight").values(), t.get(prefix + "ln_f.bias").values());
    float[] logits = new float[n * VOCAB];
    for (int i = 0; i < n; i++) {
      for (int v = 0; v < VOCAB; v++) {
        double dot = 0;
        for (int j = 0; j < WIDTH; j++) {
          dot += f[i][j] * wte[v * WIDTH + j];
        }
        logits[i * VOCAB + v] = (float) dot;
      }
    }
    return logits;
  }

  /** x [n, in] · W (in, out) + b. */
  private static double[][] affine(double[][] x, float[] weight, float[] bias, int out) {
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int i = 0; i < x.length; i++) {
      for (int o = 0; o < out; o++) {
        double sum = bias[o];
        for (int k = 0; k < in; k++) {
          sum += x[i][k] * weight[k * out + o];
        }
        y[i][o] = sum;
      }
    }
    return y;
  }

  private static double[][] layerNorm(double[][] x, float[] weight, float[] bias) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double mean = Arrays.stream(x[i]).average().orElseThrow();
      double variance = Arrays.stream(x[i]).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
      y[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        y[i][j] = (x[i][j] - mean) / Math.sqrt(variance + 1e-5) * weight[j] + bias[j];
      }
    }
    return y;
  }

  // ---- errors ----

  @Test
  void missingKeysAreAllListed() throws IOException {
    Map<String, TensorData> tensors = handBuiltTensors("transformer.");
    tensors.remove("transformer.h.0.ln_2.bias");
    tensors.remove("transformer.h.0.mlp.c_fc.bias");
    Path directory = handBuiltDirectory("missing", HAND_CONFIG, tensors);
    assertThatThrownBy(() -> Gpt2.load(directory))
        .isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("2 missing key(s): [h.0.ln_2.bias, h.0.mlp.c_fc.bias]");
  }

  @Test
  void wrongShapesAndUnexpectedKeysAreListedTogether() throws IOException {
    Map<String, TensorData> tensors = handBuiltTensors("");
    // A Linear-oriented (out, in) c_attn weight, as a converter that forgot GPT-2's Conv1D would write it.
    tensors.put("h.0.attn.c_attn.weight", TensorData.of(new int[] {12, 4}, new float[48]));
    // (An unexpected key of a layer the config lacks, such as h.1.*, is refused earlier as a layer-count mismatch.)
    tensors.put("h.0.ln_1.scale", TensorData.of(new int[] {4}, new float[4]));
    tensors.put("score.weight", TensorData.of(new int[] {2, 4}, new float[8]));
    Path directory = handBuiltDirectory("shapes", HAND_CONFIG, tensors);
    assertThatThrownBy(() -> Gpt2.load(directory))
        .isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining("2 unexpected key(s): [h.0.ln_1.scale, score.weight]")
        .hasMessageContaining("h.0.attn.c_attn.weight is [12, 4], expected [4, 12] (Conv1D weights are stored (in, out))")
        .hasMessageNotContaining("missing");
  }

  @Test
  void anUntiedHeadIsRefused() throws IOException {
    Map<String, TensorData> tensors = handBuiltTensors("transformer.");
    tensors.put("lm_head.weight", randomTensor(new SplittableRandom(1), 1.0, VOCAB, WIDTH));
    Path directory = handBuiltDirectory("untied", HAND_CONFIG, tensors);
    assertThatThrownBy(() -> Gpt2.load(directory))
        .isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining("lm_head.weight differs from transformer.wte.weight");
  }

  @Test
  void badConfigsNameTheField() throws IOException {
    Map<String, TensorData> tensors = handBuiltTensors("");
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(HAND_CONFIG.replace("gelu_pytorch_tanh", "relu"), "activation_function \"relu\" is not supported");
    cases.put(HAND_CONFIG.replace("\"n_embd\": 4,", ""), "missing field n_embd");
    cases.put(HAND_CONFIG.replace("\"n_layer\": 1", "\"n_layer\": \"1\""), "n_layer is \"1\", expected a positive integer");
    cases.put(HAND_CONFIG.replace("\"n_head\": 2", "\"n_head\": 3"), "numberOfHeads (3) must divide width (4)");
    cases.put(HAND_CONFIG.replace("\"model_type\": \"gpt2\"", "\"model_type\": \"llama\""), "model_type is \"llama\"");
    cases.put(HAND_CONFIG.replace("\"n_ctx\": 5,", ""), "missing field n_positions (or n_ctx)");
    cases.put(HAND_CONFIG.replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false"),
        "tie_word_embeddings is false");
    cases.put(HAND_CONFIG.replace("1e-05", "-1"), "layer_norm_epsilon is -1");
    cases.put("[1, 2]", "expected a JSON object");
    cases.put("{\"n_embd\": 4,", "not valid JSON");
    int index = 0;
    for (Map.Entry<String, String> entry : cases.entrySet()) {
      Path directory = handBuiltDirectory("config" + index++, entry.getKey(), tensors);
      assertThatThrownBy(() -> Gpt2.load(directory))
          .isInstanceOf(Gpt2FormatException.class)
          .hasMessageContaining(directory.resolve("config.json").toString())
          .hasMessageContaining(entry.getValue());
    }
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path empty = Files.createDirectories(temporary.resolve("empty"));
    assertThatThrownBy(() -> Gpt2.load(empty)).isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining("model.safetensors: missing");
    Files.write(empty.resolve("model.safetensors"), new byte[0]);
    assertThatThrownBy(() -> Gpt2.load(empty)).isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining("config.json: missing");
    assertThatThrownBy(() -> Gpt2.load(temporary.resolve("nowhere"))).isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void nonFiniteWeightsAreRefused() throws IOException {
    Map<String, TensorData> tensors = handBuiltTensors("");
    tensors.get("h.0.mlp.c_fc.bias").values()[3] = Float.NaN;
    Path directory = handBuiltDirectory("nan", HAND_CONFIG, tensors);
    assertThatThrownBy(() -> Gpt2.load(directory)).isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining("tensor h.0.mlp.c_fc.bias holds a non-finite value (NaN) at element 3");
  }

  @Test
  void saveRefusesWhatTheLayoutCannotHold() {
    Decoder llama = new Decoder(DecoderConfig.llama(20, 8, 8, 1, 2, 2, 16), 1);
    assertThatThrownBy(() -> Gpt2.save(llama, temporary.resolve("a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("family LLAMA");

    Decoder adapted = new Decoder(DecoderConfig.gpt2(20, 8, 8, 2, 2), 1);
    Adapters.attach(adapted, new LoraConfig(2, 4f, 0f, false, Set.of(Target.QKV), null), 1);
    assertThatThrownBy(() -> Gpt2.save(adapted, temporary.resolve("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 unmerged LoRA adapter(s) [layers.0.qkv, layers.1.qkv]")
        .hasMessageContaining("PeftAdapters.saveMerged");
    adapted.adapters().values().forEach(io.github.fairlora.nn.LoraLinear::merge);
    Decoder classifier = new Decoder(DecoderConfig.gpt2(20, 8, 8, 2, 2), 1).copyWithClassifier(3, 2);
    assertThatThrownBy(() -> Gpt2.save(classifier, temporary.resolve("c")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3-class classification head");
    assertThat(temporary.resolve("a")).doesNotExist();
    assertThat(temporary.resolve("b")).doesNotExist();
    assertThat(temporary.resolve("c")).doesNotExist();
  }

  @Test
  void mergedAdaptersAreSavedAsPartOfTheWeights() throws IOException {
    Decoder adapted = new Decoder(DecoderConfig.gpt2(20, 8, 8, 2, 2), 1);
    Adapters.attach(adapted, new LoraConfig(2, 4f, 0f, false, Set.of(Target.QKV), null), 1)
        .modules().values().forEach(lora -> {
          lora.loraB().value().fill(0.25f);
          lora.merge();
        });
    Path directory = temporary.resolve("merged");
    Gpt2.save(adapted, directory);
    int[] tokens = {1, 5, 7};
    assertThat(logits(Gpt2.load(directory), tokens)).containsExactly(logits(adapted, tokens));
  }

  @Test
  void savingAgainReplacesBothFilesAndKeepsOtherFiles() throws IOException {
    Path directory = temporary.resolve("again");
    Gpt2.save(new Decoder(DecoderConfig.gpt2(20, 8, 8, 1, 2), 1), directory);
    Files.writeString(directory.resolve("README.md"), "notes");
    Decoder second = new Decoder(DecoderConfig.gpt2(30, 8, 16, 2, 4), 2);
    Gpt2.save(second, directory);
    try (var entries = Files.list(directory)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("README.md", "config.json", "model.safetensors");
    }
    assertThat(Files.readString(directory.resolve("README.md"))).isEqualTo("notes");
    assertThat(Gpt2.load(directory).config()).isEqualTo(second.config().withVariant(DecoderConfig.Variant.HUGGING_FACE_GPT2));
    try (var siblings = Files.list(temporary)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("again"); // no leftovers
    }
  }

  @Test
  void attachesTheGpt2TokenizerWhenItsFilesAreBesideTheWeights() throws IOException {
    Path encoder = SharedFiles.require("tokenizers/gpt2/encoder.json");
    Path merges = SharedFiles.require("tokenizers/gpt2/vocab.bpe");
    Path directory = temporary.resolve("with-tokenizer");
    Gpt2.save(new Decoder(DecoderConfig.gpt2(50257, 8, 8, 1, 2), 1), directory);
    Files.copy(encoder, directory.resolve("encoder.json"));
    Files.copy(merges, directory.resolve("vocab.bpe"));
    Tokenizer tokenizer = Gpt2.load(directory).tokenizer().orElseThrow();
    assertThat(tokenizer.vocabularySize()).isEqualTo(50257);
    // GPT-2 ids: "Hello" = 15496, " world" = 995 (as in ../shared/tokenizers/gpt2/reference_ids.json).
    assertThat(tokenizer.encode("Hello world")).containsExactly(15496, 995);
  }
}
