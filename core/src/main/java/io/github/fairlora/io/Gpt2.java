package io.github.fairlora.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.text.GptBpeTokenizer;
import io.github.fairlora.tensor.Tensor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes GPT-2 checkpoints in the Hugging Face layout: a directory with {@code config.json} and
 * {@code model.safetensors}.
 *
 * <p>Tensor names and shapes (d = n_embd, L = n_layer, h = n_inner, 4d by default): {@code wte.weight} (vocab, d),
 * {@code wpe.weight} (n_positions, d), per layer {@code h.{i}.ln_1.weight/.bias} (d), {@code h.{i}.attn.c_attn.weight}
 * (d, 3d) and {@code .bias} (3d), {@code h.{i}.attn.c_proj.weight} (d, d) and {@code .bias},
 * {@code h.{i}.ln_2.weight/.bias}, {@code h.{i}.mlp.c_fc.weight} (d, h) and {@code .bias} (h),
 * {@code h.{i}.mlp.c_proj.weight} (h, d) and {@code .bias} (d), then {@code ln_f.weight/.bias}. GPT-2's "Conv1D"
 * layers store their weight as (in, out), the transpose of a {@link io.github.fairlora.nn.Linear}'s [out, in]; this
 * class transposes on the way in and out. The output head is tied to {@code wte}.
 *
 * <p>Mapping to {@link Decoder#parameters()}: wte → embed, wpe → position, ln_1 → attention_norm, c_attn → qkv,
 * attn.c_proj → o, ln_2 → mlp_norm, c_fc → up, mlp.c_proj → down, ln_f → norm.
 *
 * <pre>{@code
 * Decoder gpt2 = Gpt2.load(Path.of("models/gpt2"));   // tokenizer attached when its files are there
 * Gpt2.save(gpt2, Path.of("out/gpt2-copy"));
 * }</pre>
 */
public final class Gpt2 {
  /** The configuration file of a checkpoint directory. */
  public static final String CONFIG_FILE = "config.json";
  /** The weights file of a checkpoint directory. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  private static final String PREFIX = "transformer.";
  private static final Set<String> SUPPORTED_ACTIVATIONS = Set.of("gelu_new", "gelu_pytorch_tanh");
  private static final Pattern STORED_LAYER = Pattern.compile("h\\.(\\d+)\\..*");
  private static final Pattern ATTENTION_BUFFER = Pattern.compile("h\\.(\\d+)\\.attn\\.(bias|masked_bias)");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private Gpt2() {}

  /**
   * One tensor of the checkpoint: its name in our decoder, its Hugging Face name (without {@code transformer.}), and
   * whether it is a Conv1D weight stored transposed.
   */
  private record Slot(String ours, String theirs, boolean transposed) {}

  private static List<Slot> slots(int layers) {
    List<Slot> list = new ArrayList<>();
    list.add(new Slot("embed.weight", "wte.weight", false));
    list.add(new Slot("position.weight", "wpe.weight", false));
    for (int i = 0; i < layers; i++) {
      String ours = "layers." + i + ".";
      String theirs = "h." + i + ".";
      list.add(new Slot(ours + "attention_norm.weight", theirs + "ln_1.weight", false));
      list.add(new Slot(ours + "attention_norm.bias", theirs + "ln_1.bias", false));
      list.add(new Slot(ours + "qkv.weight", theirs + "attn.c_attn.weight", true));
      list.add(new Slot(ours + "qkv.bias", theirs + "attn.c_attn.bias", false));
      list.add(new Slot(ours + "o.weight", theirs + "attn.c_proj.weight", true));
      list.add(new Slot(ours + "o.bias", theirs + "attn.c_proj.bias", false));
      list.add(new Slot(ours + "mlp_norm.weight", theirs + "ln_2.weight", false));
      list.add(new Slot(ours + "mlp_norm.bias", theirs + "ln_2.bias", false));
      list.add(new Slot(ours + "up.weight", theirs + "mlp.c_fc.weight", true));
      list.add(new Slot(ours + "up.bias", theirs + "mlp.c_fc.bias", false));
      list.add(new Slot(ours + "down.weight", theirs + "mlp.c_proj.weight", true));
      list.add(new Slot(ours + "down.bias", theirs + "mlp.c_proj.bias", false));
    }
    list.add(new Slot("norm.weight", "ln_f.weight", false));
    list.add(new Slot("norm.bias", "ln_f.bias", false));
    return list;
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Loading

  /**
   * Loads the GPT-2 checkpoint in {@code directory}: {@code config.json} fixes the shape (see {@link #readConfig}),
   * {@code model.safetensors} supplies every weight (any float dtype, converted to float32), with or without the
   * {@code transformer.} key prefix. Ignored keys: {@code lm_head.weight} when it equals {@code wte.weight} (the head
   * is tied; a different head is an error), and the causal-mask buffers {@code h.{i}.attn.bias} (1, 1, n_positions,
   * n_positions) and {@code h.{i}.attn.masked_bias} that older exports contain. When the directory also holds
   * {@code encoder.json} + {@code vocab.bpe} or {@code vocab.json} + {@code merges.txt}, the GPT-2 tokenizer is read
   * and attached ({@link Decoder#tokenizer()}).
   *
   * @return a decoder of family GPT2 holding the checkpoint's weights, without adapters; a classification head added
   *     to it ({@link Decoder#copyWithClassifier}) has no bias, as Hugging Face's {@code score} layer
   * @throws Gpt2FormatException for a missing file, a bad config, missing or unexpected keys or wrong shapes (all
   *     listed in one message), or non-finite weights
   * @throws SafetensorsFormatException when model.safetensors breaks the safetensors format
   * @throws IOException when a file cannot be read, or the tokenizer files are malformed
   */
  public static Decoder load(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new Gpt2FormatException(directory + ": not a directory; expected a GPT-2 checkpoint directory holding "
          + CONFIG_FILE + " and " + WEIGHTS_FILE);
    }
    Path weightsFile = directory.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(weightsFile)) {
      throw new Gpt2FormatException(weightsFile + ": missing; a GPT-2 checkpoint directory needs " + WEIGHTS_FILE
          + " (PyTorch .bin files are not read)");
    }
    // As GPT2ForSequenceClassification, a classification head added to this model has no bias.
    DecoderConfig config = readConfig(directory.resolve(CONFIG_FILE))
        .withVariant(DecoderConfig.Variant.HUGGING_FACE_GPT2);
    try (Safetensors.Reader reader = Safetensors.open(weightsFile)) {
      Map<String, String> names = normalizedNames(reader, weightsFile);
      // Everything is checked against the safetensors header before anything is allocated: first the layer count
      // (a hostile n_layer must not even size the list of expected tensors), then every shape, then the memory.
      int storedLayers = Checkpoints.layerCount(names.keySet(), STORED_LAYER);
      if (storedLayers < config.numberOfLayers()) { // extra stored layers are listed as unexpected keys below
        throw new Gpt2FormatException(weightsFile + " does not match " + describe(config) + ": the config says n_layer "
            + config.numberOfLayers() + ", but the weights hold " + storedLayers + " layer(s)");
      }
      List<Slot> slots = slots(config.numberOfLayers());
      checkKeys(reader, names, slots, config, weightsFile);
      long largest = 0;
      for (Safetensors.TensorInfo info : reader.infos()) {
        largest = Math.max(largest, info.elementCount());
      }
      try {
        CheckpointMemory.require(weightsFile, config, largest);
      } catch (CheckpointFormatException e) {
        throw new Gpt2FormatException(e.getMessage(), e);
      }
      Decoder model = Decoder.uninitialized(config);
      Map<String, Parameter> parameters = model.parameters();
      for (Slot slot : slots) {
        float[] values = reader.readWeights(names.get(slot.theirs()));
        Tensor destination = parameters.get(slot.ours()).value();
        if (slot.transposed()) {
          values = transpose(values, destination.dim(1), destination.dim(0)); // stored (in, out) → [out, in]
        }
        requireFinite(values, names.get(slot.theirs()), weightsFile);
        destination.put(0, values);
      }
      String head = names.get("lm_head.weight");
      if (head != null) {
        float[] headValues = reader.readWeights(head);
        if (!Arrays.equals(headValues, parameters.get("embed.weight").value().toArray())) {
          throw new Gpt2FormatException(weightsFile + ": " + head + " differs from " + names.get("wte.weight")
              + "; GPT-2's output head is tied to the token embedding and an untied head is not supported");
        }
      }
      if (hasTokenizerFiles(directory)) {
        model.setTokenizer(GptBpeTokenizer.load(directory));
      }
      return model;
    }
  }

  /** True when one of the file pairs {@link GptBpeTokenizer#load} reads is present. */
  private static boolean hasTokenizerFiles(Path directory) {
    return (Files.isRegularFile(directory.resolve("encoder.json")) && Files.isRegularFile(directory.resolve("vocab.bpe")))
        || (Files.isRegularFile(directory.resolve("vocab.json")) && Files.isRegularFile(directory.resolve("merges.txt")));
  }

  /** Hugging Face name without the {@code transformer.} prefix → the key as stored in the file. */
  private static Map<String, String> normalizedNames(Safetensors.Reader reader, Path file) throws Gpt2FormatException {
    Map<String, String> names = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (String key : reader.names()) {
      String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
      String earlier = names.put(name, key);
      if (earlier != null) {
        duplicates.add(earlier + " and " + key);
      }
    }
    if (!duplicates.isEmpty()) {
      throw new Gpt2FormatException(file + ": the same tensor is stored with and without the \"" + PREFIX
          + "\" prefix: " + duplicates);
    }
    return names;
  }

  /** Collects every missing, unexpected and misshapen key, and throws one error listing them all. */
  /** The shape of our parameter {@code name} in a decoder of {@code c}, computed without allocating it. */
  private static long[] shapeOf(String name, DecoderConfig c) {
    long d = c.width();
    long h = c.hiddenSize();
    String local = name.replaceFirst("^layers\\.\\d+\\.", "");
    return switch (local) {
      case "embed.weight" -> new long[] {c.vocabularySize(), d};
      case "position.weight" -> new long[] {c.contextLength(), d};
      case "qkv.weight" -> new long[] {3 * d, d};
      case "qkv.bias" -> new long[] {3 * d};
      case "o.weight" -> new long[] {d, d};
      case "up.weight" -> new long[] {h, d};
      case "up.bias" -> new long[] {h};
      case "down.weight" -> new long[] {d, h};
      default -> new long[] {d}; // norms' weight and bias, o.bias, down.bias
    };
  }

  private static void checkKeys(Safetensors.Reader reader, Map<String, String> names, List<Slot> slots,
      DecoderConfig config, Path file) throws Gpt2FormatException {
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Set<String> known = new java.util.HashSet<>();
    for (Slot slot : slots) {
      known.add(slot.theirs());
      String key = names.get(slot.theirs());
      if (key == null) {
        missing.add(slot.theirs());
        continue;
      }
      long[] ours = shapeOf(slot.ours(), config);
      long[] expected = slot.transposed() ? new long[] {ours[1], ours[0]} : ours;
      long[] found = reader.info(key).shape();
      if (!Arrays.equals(found, expected)) {
        mismatched.add(key + " is " + Arrays.toString(found) + ", expected " + Arrays.toString(expected)
            + (slot.transposed() ? " (Conv1D weights are stored (in, out))" : ""));
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, String> entry : names.entrySet()) {
      String name = entry.getKey();
      String key = entry.getValue();
      if (known.contains(name)) {
        continue;
      }
      long[] found = reader.info(key).shape();
      Matcher buffer = ATTENTION_BUFFER.matcher(name);
      if (name.equals("lm_head.weight")) {
        long[] expected = {config.vocabularySize(), config.width()};
        if (!Arrays.equals(found, expected)) {
          mismatched.add(key + " is " + Arrays.toString(found) + ", expected " + Arrays.toString(expected)
              + " (the tied head, equal to wte.weight)");
        }
      } else if (buffer.matches() && Integer.parseInt(buffer.group(1)) < config.numberOfLayers()) {
        // Causal-mask buffers: recomputed by every implementation, so only their shape is checked.
        long positions = config.contextLength();
        long[] expected = buffer.group(2).equals("bias") ? new long[] {1, 1, positions, positions} : new long[0];
        if (!Arrays.equals(found, expected)) {
          mismatched.add(key + " is " + Arrays.toString(found) + ", expected " + Arrays.toString(expected)
              + " (the causal-mask buffer)");
        }
      } else {
        unexpected.add(key);
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder(file + " does not match " + describe(config) + ":");
    if (!missing.isEmpty()) {
      message.append("\n  ").append(missing.size()).append(" missing key(s): ").append(missing);
    }
    if (!unexpected.isEmpty()) {
      message.append("\n  ").append(unexpected.size()).append(" unexpected key(s): ").append(unexpected);
    }
    if (!mismatched.isEmpty()) {
      message.append("\n  ").append(mismatched.size()).append(" shape mismatch(es): ");
      message.append(String.join("; ", mismatched));
    }
    throw new Gpt2FormatException(message.toString());
  }

  private static String describe(DecoderConfig config) {
    return "the config (n_embd " + config.width() + ", n_layer " + config.numberOfLayers() + ", n_head "
        + config.numberOfHeads() + ", n_positions " + config.contextLength() + ", vocab_size "
        + config.vocabularySize() + ", n_inner " + config.hiddenSize() + ")";
  }

  /**
   * Reads a Hugging Face GPT-2 {@code config.json} into a decoder configuration. Required: {@code n_embd},
   * {@code n_layer}, {@code n_head}, {@code vocab_size}, and {@code n_positions} (or the older {@code n_ctx}).
   * Optional, with the Hugging Face defaults: {@code n_inner} (null: 4·n_embd), {@code layer_norm_epsilon} (1e-5),
   * {@code activation_function} ("gelu_new"; must be "gelu_new" or "gelu_pytorch_tanh", the tanh approximation this
   * library computes). Settings that would change the computation in ways this decoder does not implement are
   * refused: {@code model_type} other than "gpt2", {@code scale_attn_weights} false,
   * {@code scale_attn_by_inverse_layer_idx} true, {@code tie_word_embeddings} false, {@code add_cross_attention} true.
   *
   * @throws Gpt2FormatException naming the file and the field, when the file is missing, not a JSON object, or a field
   *     is absent, of the wrong type, out of range or unsupported
   * @throws IOException when the file cannot be read
   */
  public static DecoderConfig readConfig(Path configFile) throws IOException {
    if (!Files.isRegularFile(configFile)) {
      throw new Gpt2FormatException(configFile + ": missing; a GPT-2 checkpoint directory needs " + CONFIG_FILE);
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(configFile, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new Gpt2FormatException(configFile + ": not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new Gpt2FormatException(configFile + ": expected a JSON object with the GPT-2 settings");
    }
    JsonNode modelType = root.get("model_type");
    if (modelType != null && !modelType.isNull() && !"gpt2".equals(modelType.asText())) {
      throw new Gpt2FormatException(configFile + ": model_type is " + modelType + ", expected \"gpt2\"");
    }
    int width = positiveInt(root, "n_embd", configFile);
    int layers = positiveInt(root, "n_layer", configFile);
    int heads = positiveInt(root, "n_head", configFile);
    int vocabulary = positiveInt(root, "vocab_size", configFile);
    int positions;
    if (present(root, "n_positions")) {
      positions = positiveInt(root, "n_positions", configFile);
    } else if (present(root, "n_ctx")) {
      positions = positiveInt(root, "n_ctx", configFile);
    } else {
      throw new Gpt2FormatException(configFile + ": missing field n_positions (or n_ctx), the number of learned"
          + " positions");
    }
    int hidden = present(root, "n_inner") ? positiveInt(root, "n_inner", configFile) : 4 * width;
    float epsilon = 1e-5f;
    if (present(root, "layer_norm_epsilon")) {
      JsonNode node = root.get("layer_norm_epsilon");
      float value = node.isNumber() ? (float) node.doubleValue() : Float.NaN;
      if (!(value > 0) || !Float.isFinite(value)) {
        throw new Gpt2FormatException(configFile + ": layer_norm_epsilon is " + node
            + ", expected a positive number");
      }
      epsilon = (float) node.doubleValue();
    }
    String activation = "gelu_new";
    if (present(root, "activation_function")) {
      JsonNode node = root.get("activation_function");
      if (!node.isTextual()) {
        throw new Gpt2FormatException(configFile + ": activation_function is " + node + ", expected a string");
      }
      activation = node.textValue();
    }
    if (!SUPPORTED_ACTIVATIONS.contains(activation)) {
      throw new Gpt2FormatException(configFile + ": activation_function \"" + activation + "\" is not supported;"
          + " this decoder computes GELU with the tanh approximation: expected \"gelu_new\" or \"gelu_pytorch_tanh\"");
    }
    requireFlag(root, "scale_attn_weights", true, configFile);
    requireFlag(root, "scale_attn_by_inverse_layer_idx", false, configFile);
    requireFlag(root, "tie_word_embeddings", true, configFile);
    requireFlag(root, "add_cross_attention", false, configFile);
    try {
      return new DecoderConfig(DecoderConfig.Family.GPT2, vocabulary, positions, width, layers, heads, heads, hidden,
          epsilon, 10000f, true, 0);
    } catch (IllegalArgumentException e) {
      throw new Gpt2FormatException(configFile + ": inconsistent settings: " + e.getMessage(), e);
    }
  }

  private static boolean present(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node != null && !node.isNull();
  }

  private static int positiveInt(JsonNode root, String field, Path file) throws Gpt2FormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new Gpt2FormatException(file + ": missing field " + field);
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
      throw new Gpt2FormatException(file + ": " + field + " is " + node + ", expected a positive integer");
    }
    return node.intValue();
  }

  private static void requireFlag(JsonNode root, String field, boolean supported, Path file)
      throws Gpt2FormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return; // the Hugging Face default is the supported value
    }
    if (!node.isBoolean()) {
      throw new Gpt2FormatException(file + ": " + field + " is " + node + ", expected true or false");
    }
    if (node.booleanValue() != supported) {
      throw new Gpt2FormatException(file + ": " + field + " is " + node.booleanValue() + "; only " + supported
          + " is supported by this decoder");
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Saving

  /**
   * Writes {@code model} as a Hugging Face GPT-2 checkpoint into {@code directory}: {@code config.json}
   * ({@code GPT2LMHeadModel}, activation "gelu_new") and {@code model.safetensors} (float32, keys without prefix, Conv1D
   * weights transposed to (in, out), metadata {"format": "pt"}). The two files are replaced together, through a hidden
   * staging directory swapped in by renames (as described on {@link PeftAdapters}), so a crash never leaves a new config
   * beside old weights; other plain files in the directory (tokenizer files, a README) are kept. The tokenizer is not
   * written: copy its files beside the checkpoint.
   *
   * @throws IllegalArgumentException when the model is not of family GPT2, has a classification head (which this
   *     layout cannot hold), or carries unmerged adapters (merge them first, or use
   *     {@link PeftAdapters#saveMerged} / {@link PeftAdapters#save})
   * @throws IOException when writing fails (the previous directory content is left intact), or the directory holds a
   *     subdirectory
   */
  public static void save(Decoder model, Path directory) throws IOException {
    java.util.Objects.requireNonNull(model, "model");
    java.util.Objects.requireNonNull(directory, "directory");
    DecoderConfig config = model.config();
    if (config.family() != DecoderConfig.Family.GPT2) {
      throw new IllegalArgumentException("Gpt2.save writes the GPT-2 layout, but this decoder is of family "
          + config.family() + " (Llama-style decoders are written with Llama2c.save)");
    }
    if (model.classifier() != null) {
      throw new IllegalArgumentException("this decoder has a " + config.numberOfClasses() + "-class classification"
          + " head, which the GPT-2 language-model layout cannot hold; save the adapter and head with"
          + " PeftAdapters.save(model, directory, base) instead");
    }
    List<String> unmerged = new ArrayList<>();
    for (Map.Entry<String, LoraLinear> entry : model.adapters().entrySet()) {
      if (!entry.getValue().merged()) {
        unmerged.add(entry.getKey());
      }
    }
    if (!unmerged.isEmpty()) {
      throw new IllegalArgumentException("this decoder carries " + unmerged.size() + " unmerged LoRA adapter(s) "
          + unmerged + ", which the GPT-2 layout cannot hold; merge them first (AdaptedModel.merge()), write merged"
          + " weights with PeftAdapters.saveMerged(model, directory), or save the adapter alone with"
          + " PeftAdapters.save");
    }
    Map<String, Parameter> parameters = model.parameters();
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    for (Slot slot : slots(config.numberOfLayers())) {
      Tensor value = parameters.get(slot.ours()).value();
      int[] shape = value.shape();
      float[] values = value.toArray();
      if (slot.transposed()) {
        tensors.put(slot.theirs(), TensorData.of(new int[] {shape[1], shape[0]}, transpose(values, shape[0], shape[1])));
      } else {
        tensors.put(slot.theirs(), TensorData.of(shape, values));
      }
    }
    byte[] configJson = JSON.writeValueAsBytes(configJson(config));
    PeftDirectories.replace(directory, Set.of(CONFIG_FILE, WEIGHTS_FILE), staging -> {
      Safetensors.write(staging.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"), Safetensors.DataType.F32);
      AtomicFiles.write(staging.resolve(CONFIG_FILE), out -> out.write(configJson));
    });
  }

  private static ObjectNode configJson(DecoderConfig config) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("architectures").add("GPT2LMHeadModel");
    root.put("model_type", "gpt2");
    root.put("vocab_size", config.vocabularySize());
    root.put("n_positions", config.contextLength());
    root.put("n_ctx", config.contextLength());
    root.put("n_embd", config.width());
    root.put("n_layer", config.numberOfLayers());
    root.put("n_head", config.numberOfHeads());
    if (config.hiddenSize() == 4 * config.width()) {
      root.putNull("n_inner");
    } else {
      root.put("n_inner", config.hiddenSize());
    }
    root.put("activation_function", "gelu_new");
    // The float's shortest decimal form (1e-05, not 9.99999974737875e-06), which reads back to the same float.
    root.put("layer_norm_epsilon", new BigDecimal(Float.toString(config.normEpsilon())));
    root.put("scale_attn_weights", true);
    root.put("tie_word_embeddings", true);
    root.put("torch_dtype", "float32");
    return root;
  }

  /** A [rows, columns] row-major matrix transposed to [columns, rows]. */
  private static float[] transpose(float[] values, int rows, int columns) {
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[c * rows + r] = values[r * columns + c];
      }
    }
    return out;
  }

  private static void requireFinite(float[] values, String key, Path file) throws Gpt2FormatException {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new Gpt2FormatException(file + ": tensor " + key + " holds a non-finite value (" + values[i]
            + ") at element " + i);
      }
    }
  }
}
