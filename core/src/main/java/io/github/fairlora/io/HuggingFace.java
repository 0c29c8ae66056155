package io.github.fairlora.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.text.HfTokenizer;
import io.github.fairlora.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads Hugging Face checkpoint directories ({@code config.json} + {@code model.safetensors} or a sharded
 * {@code model.safetensors.index.json}), choosing the family from {@code model_type}:
 * <ul>
 *   <li>{@code gpt2}: read by {@link Gpt2#load};</li>
 *   <li>{@code opt} (facebook/opt-125m, opt-350m, ...): learned positions offset by 2, ReLU MLP, pre- or post-norm
 *       blocks, optional project_in/out (see {@link DecoderConfig.Family#OPT});</li>
 *   <li>{@code llama} (also TinyLlama, SmolLM), {@code mistral}, {@code qwen2} (q/k/v biases): a Llama-family
 *       decoder running Hugging Face's rotate-half RoPE natively, so weights and PEFT adapters map one to one.</li>
 * </ul>
 * Every config field that changes the computation is honoured or refused by name. Before anything is allocated,
 * the config is checked against the tensor shapes in the safetensors headers and against an estimate of the memory
 * it implies. A {@code tokenizer.json} beside the weights is read and attached ({@link Decoder#tokenizer()}).
 *
 * <pre>{@code
 * Decoder model = HuggingFace.load(Path.of("models/TinyLlama-1.1B"));
 * }</pre>
 */
public final class HuggingFace {
  /** The configuration file of a checkpoint directory. */
  public static final String CONFIG_FILE = "config.json";
  /** The tokenizer file read when present. */
  public static final String TOKENIZER_FILE = "tokenizer.json";
  /** The model_type values this loader reads. */
  public static final Set<String> SUPPORTED_TYPES = Set.of("gpt2", "llama", "mistral", "opt", "qwen2");

  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern LAYER = Pattern.compile("(?:model\\.)?layers\\.(\\d+)\\..*");
  private static final Pattern INV_FREQ = Pattern.compile("(?:model\\.)?layers\\.\\d+\\.self_attn\\.rotary_emb\\.inv_freq");

  private HuggingFace() {}

  /** Whether {@code path} looks like a Hugging Face checkpoint directory (it holds config.json). */
  public static boolean isCheckpointDirectory(Path path) {
    return Files.isDirectory(path) && Files.isRegularFile(path.resolve(CONFIG_FILE));
  }

  /**
   * Loads the checkpoint in {@code directory} (see the class description).
   *
   * @throws CheckpointFormatException when the path is not such a directory (saying what it is), model_type is
   *     missing or unsupported, a config field is unsupported, the weights do not match the config, or the model
   *     does not fit in memory
   * @throws IOException when a file cannot be read or is malformed
   */
  public static Decoder load(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new CheckpointFormatException(directory + ": " + Checkpoints.describe(directory)
          + "; expected a Hugging Face checkpoint directory holding " + CONFIG_FILE + " and "
          + WeightFiles.SINGLE_FILE + " (or " + WeightFiles.INDEX_FILE + " with its shards)");
    }
    Path configFile = directory.resolve(CONFIG_FILE);
    JsonNode root = readJson(configFile);
    JsonNode typeNode = root.get("model_type");
    if (typeNode == null || !typeNode.isTextual()) {
      throw new CheckpointFormatException(configFile + ": model_type is " + (typeNode == null ? "missing" : typeNode)
          + "; expected one of " + new TreeSet<>(SUPPORTED_TYPES));
    }
    String type = typeNode.textValue();
    if (type.equals("gpt2")) {
      return Gpt2.load(directory);
    }
    if (!SUPPORTED_TYPES.contains(type)) {
      throw new CheckpointFormatException(configFile + ": model_type \"" + type + "\" is not supported; this"
          + " library reads " + new TreeSet<>(SUPPORTED_TYPES) + " (and llama2.c .bin files)");
    }
    Decoder model;
    if (type.equals("opt")) {
      model = Opt.load(directory, root, configFile);
    } else {
      DecoderConfig config = readLlamaConfig(root, type, configFile);
      try (WeightFiles weights = WeightFiles.open(directory)) {
        model = loadLlamaWeights(config, weights);
      }
    }
    Path tokenizerFile = directory.resolve(TOKENIZER_FILE);
    if (Files.isRegularFile(tokenizerFile)) {
      model.setTokenizer(HfTokenizer.load(directory));
    }
    return model;
  }

  static JsonNode readJson(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointFormatException(file + ": missing; a Hugging Face checkpoint directory needs " + CONFIG_FILE);
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new CheckpointFormatException(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointFormatException(file + ": expected a JSON object with the model settings");
    }
    return root;
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Llama family config

  /**
   * Reads the config of a {@code llama}, {@code mistral} or {@code qwen2} checkpoint. Honoured: hidden_size,
   * num_hidden_layers, num_attention_heads, num_key_value_heads (default: the heads), intermediate_size, vocab_size,
   * max_position_embeddings, rms_norm_eps, rope_theta (or rope_parameters.rope_theta), tie_word_embeddings (default
   * false), head_dim (must equal hidden_size / heads), attention_bias and mlp_bias (llama), q/k/v biases (qwen2).
   * Refused by name: hidden_act other than silu, rope_scaling other than the default, a sliding window shorter than
   * the context, partial rotary factors.
   */
  static DecoderConfig readLlamaConfig(JsonNode root, String type, Path file) throws CheckpointFormatException {
    int width = positiveInt(root, "hidden_size", file);
    int layers = positiveInt(root, "num_hidden_layers", file);
    int heads = positiveInt(root, "num_attention_heads", file);
    int kvHeads = present(root, "num_key_value_heads") ? positiveInt(root, "num_key_value_heads", file) : heads;
    int hidden = positiveInt(root, "intermediate_size", file);
    int vocabulary = positiveInt(root, "vocab_size", file);
    int context = positiveInt(root, "max_position_embeddings", file);
    float epsilon = present(root, "rms_norm_eps") ? positiveFloat(root, "rms_norm_eps", file) : 1e-6f;
    float theta = 10000f;
    JsonNode ropeParameters = root.get("rope_parameters");
    if (present(root, "rope_theta")) {
      theta = positiveFloat(root, "rope_theta", file);
    } else if (ropeParameters != null && ropeParameters.isObject() && present(ropeParameters, "rope_theta")) {
      theta = positiveFloat(ropeParameters, "rope_theta", file);
    }
    for (String field : List.of("rope_scaling", "rope_parameters")) {
      JsonNode scaling = root.get(field);
      if (scaling != null && !scaling.isNull()) {
        JsonNode ropeType = scaling.has("rope_type") ? scaling.get("rope_type") : scaling.get("type");
        if (ropeType != null && !"default".equals(ropeType.asText())) {
          throw new CheckpointFormatException(file + ": " + field + " has rope_type " + ropeType + "; only the"
              + " default RoPE (no scaling) is supported");
        }
      }
    }
    String activation = present(root, "hidden_act") ? root.get("hidden_act").asText() : "silu";
    if (!activation.equals("silu")) {
      throw new CheckpointFormatException(file + ": hidden_act \"" + activation + "\" is not supported; the"
          + " Llama-family MLP computed here is SwiGLU with silu");
    }
    if (present(root, "head_dim") && root.get("head_dim").asLong() * heads != width) {
      throw new CheckpointFormatException(file + ": head_dim " + root.get("head_dim") + " differs from hidden_size /"
          + " num_attention_heads = " + width / Math.max(1, heads) + "; a separate head_dim is not supported");
    }
    if (present(root, "partial_rotary_factor") && root.get("partial_rotary_factor").asDouble() != 1.0) {
      throw new CheckpointFormatException(file + ": partial_rotary_factor " + root.get("partial_rotary_factor")
          + " is not supported; RoPE here rotates the whole head");
    }
    boolean slidingOn = !type.equals("qwen2") || flag(root, "use_sliding_window", false, file);
    if (slidingOn && present(root, "sliding_window")) {
      long window = root.get("sliding_window").asLong();
      if (window < context) {
        throw new CheckpointFormatException(file + ": sliding_window " + window + " is shorter than the context ("
            + "max_position_embeddings " + context + "); sliding-window attention is not supported");
      }
    }
    boolean attentionBias = type.equals("llama") && flag(root, "attention_bias", false, file);
    boolean mlpBias = type.equals("llama") && flag(root, "mlp_bias", false, file);
    boolean qkvBias = type.equals("qwen2") || attentionBias;
    boolean tied = flag(root, "tie_word_embeddings", false, file);
    try {
      return new DecoderConfig(DecoderConfig.Family.LLAMA, vocabulary, context, width, layers, heads, kvHeads, hidden,
          epsilon, theta, tied, 0, DecoderConfig.Variant.huggingFace(qkvBias, attentionBias, mlpBias));
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException(file + ": inconsistent settings: " + e.getMessage(), e);
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Llama family weights

  /** One expected tensor: its name in our decoder, its Hugging Face name without "model.", its shape. */
  private record Slot(String ours, String theirs, long[] shape) {}

  private static List<Slot> llamaSlots(DecoderConfig c) {
    long d = c.width();
    long kv = c.kvWidth();
    long h = c.hiddenSize();
    DecoderConfig.Variant v = c.variant();
    List<Slot> list = new ArrayList<>();
    list.add(new Slot("embed.weight", "embed_tokens.weight", new long[] {c.vocabularySize(), d}));
    for (int i = 0; i < c.numberOfLayers(); i++) {
      String ours = "layers." + i + ".";
      String theirs = "layers." + i + ".";
      list.add(new Slot(ours + "attention_norm.weight", theirs + "input_layernorm.weight", new long[] {d}));
      addLinear(list, ours + "q", theirs + "self_attn.q_proj", d, d, v.qkvBias());
      addLinear(list, ours + "k", theirs + "self_attn.k_proj", kv, d, v.qkvBias());
      addLinear(list, ours + "v", theirs + "self_attn.v_proj", kv, d, v.qkvBias());
      addLinear(list, ours + "o", theirs + "self_attn.o_proj", d, d, v.outputBias());
      list.add(new Slot(ours + "mlp_norm.weight", theirs + "post_attention_layernorm.weight", new long[] {d}));
      addLinear(list, ours + "gate", theirs + "mlp.gate_proj", h, d, v.mlpBias());
      addLinear(list, ours + "up", theirs + "mlp.up_proj", h, d, v.mlpBias());
      addLinear(list, ours + "down", theirs + "mlp.down_proj", d, h, v.mlpBias());
    }
    list.add(new Slot("norm.weight", "norm.weight", new long[] {d}));
    return list;
  }

  private static void addLinear(List<Slot> list, String ours, String theirs, long out, long in, boolean bias) {
    list.add(new Slot(ours + ".weight", theirs + ".weight", new long[] {out, in}));
    if (bias) {
      list.add(new Slot(ours + ".bias", theirs + ".bias", new long[] {out}));
    }
  }

  private static Decoder loadLlamaWeights(DecoderConfig config, WeightFiles weights) throws IOException {
    Path file = weights.file();
    Map<String, String> names = Checkpoints.namesWithoutModelPrefix(weights);
    // The layer count first: a hostile num_hidden_layers must not size the list of expected tensors.
    Checkpoints.requireLayerCount(file, names.keySet(), LAYER, config.numberOfLayers());
    List<Slot> slots = llamaSlots(config);
    boolean hasHead = names.containsKey("lm_head.weight");
    boolean hasEmbed = names.containsKey("embed_tokens.weight");
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Set<String> known = new java.util.HashSet<>();
    long[] headShape = {config.vocabularySize(), config.width()};
    for (Slot slot : slots) {
      known.add(slot.theirs());
      if (slot.theirs().equals("embed_tokens.weight") && !hasEmbed && config.tiedEmbeddings() && hasHead) {
        continue; // a tied checkpoint may store only lm_head.weight
      }
      Checkpoints.checkShape(weights, names.get(slot.theirs()), slot.theirs(), slot.shape(), missing, mismatched);
    }
    if (hasHead) {
      known.add("lm_head.weight");
      Checkpoints.checkShape(weights, names.get("lm_head.weight"), "lm_head.weight", headShape, missing, mismatched);
    } else if (!config.tiedEmbeddings()) {
      missing.add("lm_head.weight (tie_word_embeddings is false)");
    }
    List<String> unexpected = Checkpoints.unexpected(names, known, INV_FREQ);
    Checkpoints.throwIfAny(file, describe(config), missing, unexpected, mismatched);
    CheckpointMemory.require(weights, config);

    Decoder model = Decoder.uninitialized(config);
    Map<String, Parameter> parameters = model.parameters();
    for (Slot slot : slots) {
      String key = names.get(slot.theirs());
      if (key == null) {
        continue; // the tied embedding, read from lm_head below
      }
      put(parameters.get(slot.ours()).value(), weights, key);
    }
    if (hasHead) {
      String key = names.get("lm_head.weight");
      if (config.tiedEmbeddings()) {
        if (!hasEmbed) {
          put(parameters.get("embed.weight").value(), weights, key);
        } else if (!Arrays.equals(weights.readWeights(key), parameters.get("embed.weight").value().toArray())) {
          throw new CheckpointFormatException(file + ": tie_word_embeddings is true but " + key + " differs from "
              + names.get("embed_tokens.weight") + "; set tie_word_embeddings to false for an untied head");
        }
      } else {
        put(parameters.get("head.weight").value(), weights, key);
      }
    }
    return model;
  }

  private static void put(Tensor destination, WeightFiles weights, String key) throws IOException {
    float[] values = weights.readWeights(key);
    Checkpoints.requireFinite(values, key, weights.fileOf(key));
    destination.put(0, values);
  }

  private static String describe(DecoderConfig c) {
    return String.format(Locale.ROOT, "the config (hidden_size %d, num_hidden_layers %d, num_attention_heads %d,"
            + " num_key_value_heads %d, intermediate_size %d, vocab_size %d)", c.width(), c.numberOfLayers(),
        c.numberOfHeads(), c.numberOfKvHeads(), c.hiddenSize(), c.vocabularySize());
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Saving

  /**
   * Writes a Llama-family {@code model} as a Hugging Face checkpoint directory ({@code config.json} and float32
   * {@code model.safetensors}) that {@link #load} and transformers read: model_type "qwen2" when only q/k/v carry
   * biases, "llama" otherwise. A decoder with llama2.c's interleaved RoPE has its q/k rows reordered to rotate-half,
   * as Hugging Face's own conversion does. GPT-2 decoders are written by {@link Gpt2#save}, OPT decoders as
   * model_type "opt" (OPTForCausalLM names). Both files are replaced
   * together (see {@link PeftAdapters}); other files in the directory, such as tokenizer.json, are kept.
   *
   * @throws IllegalArgumentException for unmerged adapters or a classification head
   */
  public static void save(Decoder model, Path directory) throws IOException {
    DecoderConfig c = model.config();
    if (c.family() == DecoderConfig.Family.GPT2) {
      Gpt2.save(model, directory);
      return;
    }
    if (c.family() == DecoderConfig.Family.OPT) {
      Opt.save(model, directory);
      return;
    }
    if (model.adapters().values().stream().anyMatch(a -> !a.merged())) {
      throw new IllegalArgumentException("this decoder carries unmerged LoRA adapters " + model.adapters().keySet()
          + "; merge them first, or save the adapter alone with PeftAdapters.save");
    }
    if (c.numberOfClasses() > 0) {
      throw new IllegalArgumentException("this decoder has a classification head, which a causal-LM checkpoint"
          + " cannot hold; save the adapter and head with PeftAdapters.save(model, directory, base)");
    }
    DecoderConfig.Variant v = c.variant();
    boolean qwen2 = v.qkvBias() && !v.outputBias() && !v.mlpBias();
    if (v.outputBias() && !v.qkvBias()) {
      throw new IllegalArgumentException("an output-projection bias without q/k/v biases has no Hugging Face config");
    }
    boolean interleaved = v.ropeLayout() == io.github.fairlora.nn.Rope.Layout.INTERLEAVED;
    Map<String, Parameter> parameters = model.parameters();
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    for (Slot slot : llamaSlots(c)) {
      Tensor value = parameters.get(slot.ours()).value();
      float[] values = value.toArray();
      String projection = slot.ours().replaceAll("^layers\\.\\d+\\.", "");
      if (interleaved && (projection.startsWith("q.") || projection.startsWith("k."))) {
        int heads = projection.startsWith("q.") ? c.numberOfHeads() : c.numberOfKvHeads();
        int columns = value.shape().length == 2 ? value.shape()[1] : 1;
        values = RopeRows.toRotateHalf(values, heads, c.headSize(), columns);
      }
      tensors.put("model." + slot.theirs(), TensorData.of(value.shape(), values));
    }
    if (!c.tiedEmbeddings()) {
      Tensor head = parameters.get("head.weight").value();
      tensors.put("lm_head.weight", TensorData.of(head.shape(), head.toArray()));
    }
    com.fasterxml.jackson.databind.node.ObjectNode config = JSON.createObjectNode();
    config.putArray("architectures").add(qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
    config.put("model_type", qwen2 ? "qwen2" : "llama");
    config.put("vocab_size", c.vocabularySize());
    config.put("max_position_embeddings", c.contextLength());
    config.put("hidden_size", c.width());
    config.put("num_hidden_layers", c.numberOfLayers());
    config.put("num_attention_heads", c.numberOfHeads());
    config.put("num_key_value_heads", c.numberOfKvHeads());
    config.put("intermediate_size", c.hiddenSize());
    config.put("hidden_act", "silu");
    config.put("rms_norm_eps", new java.math.BigDecimal(Float.toString(c.normEpsilon())));
    config.put("rope_theta", new java.math.BigDecimal(Float.toString(c.ropeTheta())));
    config.put("tie_word_embeddings", c.tiedEmbeddings());
    if (!qwen2) {
      config.put("attention_bias", v.qkvBias());
      config.put("mlp_bias", v.mlpBias());
    }
    config.put("torch_dtype", "float32");
    byte[] configJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config);
    PeftDirectories.replace(directory, Set.of(CONFIG_FILE, WeightFiles.SINGLE_FILE), staging -> {
      Safetensors.write(staging.resolve(WeightFiles.SINGLE_FILE), tensors, Map.of("format", "pt"),
          Safetensors.DataType.F32);
      AtomicFiles.write(staging.resolve(CONFIG_FILE), out -> out.write(configJson));
    });
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Config helpers

  static boolean present(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node != null && !node.isNull();
  }

  static int positiveInt(JsonNode root, String field, Path file) throws CheckpointFormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new CheckpointFormatException(file + ": missing field " + field);
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
      throw new CheckpointFormatException(file + ": " + field + " is " + node + ", expected a positive integer");
    }
    return node.intValue();
  }

  static float positiveFloat(JsonNode root, String field, Path file) throws CheckpointFormatException {
    JsonNode node = root.get(field);
    float value = node != null && node.isNumber() ? (float) node.doubleValue() : Float.NaN;
    if (!(value > 0) || !Float.isFinite(value)) {
      throw new CheckpointFormatException(file + ": " + field + " is " + node + ", expected a positive number");
    }
    return value;
  }

  static boolean flag(JsonNode root, String field, boolean fallback, Path file) throws CheckpointFormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw new CheckpointFormatException(file + ": " + field + " is " + node + ", expected true or false");
    }
    return node.booleanValue();
  }

  /** Matcher helper for tests of layer patterns. */
  static boolean isLayerKey(String name) {
    Matcher m = LAYER.matcher(name);
    return m.matches();
  }
}
