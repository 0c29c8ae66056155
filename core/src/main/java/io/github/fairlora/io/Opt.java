package io.github.fairlora.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Meta's OPT (facebook/opt-125m and family) from Hugging Face checkpoint directories, read through
 * {@link HuggingFace#load} when config.json says {@code model_type: "opt"}, and written back by
 * {@link HuggingFace#save}.
 *
 * <p>Honoured: vocab_size, hidden_size, num_hidden_layers, num_attention_heads, ffn_dim, max_position_embeddings,
 * word_embed_proj_dim (project_in/out when it differs from hidden_size), do_layer_norm_before (post-norm blocks when
 * false, as opt-350m), _remove_final_layer_norm. Refused by name: activation_function other than relu,
 * enable_bias false, layer_norm_elementwise_affine false, tie_word_embeddings false. Ignored: dropout,
 * attention_dropout and layerdrop (this library runs without dropout).
 */
final class Opt {
  private Opt() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LAYER = Pattern.compile("decoder\\.layers\\.(\\d+)\\..*");
  /** OPT's LayerNorms are torch's defaults. */
  private static final float LAYER_NORM_EPSILON = 1e-5f;

  static Decoder load(Path directory, JsonNode root, Path configFile) throws IOException {
    DecoderConfig config = readConfig(root, configFile);
    try (WeightFiles weights = WeightFiles.open(directory)) {
      return loadWeights(config, weights);
    }
  }

  static DecoderConfig readConfig(JsonNode root, Path file) throws CheckpointFormatException {
    int width = HuggingFace.positiveInt(root, "hidden_size", file);
    int layers = HuggingFace.positiveInt(root, "num_hidden_layers", file);
    int heads = HuggingFace.positiveInt(root, "num_attention_heads", file);
    int hidden = HuggingFace.positiveInt(root, "ffn_dim", file);
    int vocabulary = HuggingFace.positiveInt(root, "vocab_size", file);
    int context = HuggingFace.positiveInt(root, "max_position_embeddings", file);
    int embeddingWidth = HuggingFace.present(root, "word_embed_proj_dim")
        ? HuggingFace.positiveInt(root, "word_embed_proj_dim", file) : width;
    String activation = HuggingFace.present(root, "activation_function")
        ? root.get("activation_function").asText() : "relu";
    if (!activation.equals("relu")) {
      throw new CheckpointFormatException(file + ": activation_function \"" + activation + "\" is not supported;"
          + " OPT's MLP is computed here with relu");
    }
    if (!HuggingFace.flag(root, "enable_bias", true, file)) {
      throw new CheckpointFormatException(file + ": enable_bias false is not supported; OPT's projections are"
          + " computed here with biases");
    }
    if (!HuggingFace.flag(root, "layer_norm_elementwise_affine", true, file)) {
      throw new CheckpointFormatException(file + ": layer_norm_elementwise_affine false is not supported; the"
          + " LayerNorms here carry a learned scale and bias");
    }
    if (!HuggingFace.flag(root, "tie_word_embeddings", true, file)) {
      throw new CheckpointFormatException(file + ": tie_word_embeddings false is not supported for OPT; its head is"
          + " tied to embed_tokens here");
    }
    boolean normBefore = HuggingFace.flag(root, "do_layer_norm_before", true, file);
    boolean finalNorm = normBefore && !HuggingFace.flag(root, "_remove_final_layer_norm", false, file);
    try {
      return new DecoderConfig(DecoderConfig.Family.OPT, vocabulary, context, width, layers, heads, heads, hidden,
          LAYER_NORM_EPSILON, 10000f, true, 0,
          DecoderConfig.Variant.opt(!normBefore, embeddingWidth == width ? 0 : embeddingWidth, finalNorm));
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException(file + ": inconsistent settings: " + e.getMessage(), e);
    }
  }

  /** One expected tensor: its name in our decoder, its name under "model." in the checkpoint, its shape. */
  private record Slot(String ours, String theirs, long[] shape) {}

  private static List<Slot> slots(DecoderConfig c) {
    long d = c.width();
    long e = c.embeddingWidth();
    long h = c.hiddenSize();
    List<Slot> list = new ArrayList<>();
    list.add(new Slot("embed.weight", "decoder.embed_tokens.weight", new long[] {c.vocabularySize(), e}));
    list.add(new Slot("position.weight", "decoder.embed_positions.weight", new long[] {c.positionTableRows(), d}));
    if (c.projectsEmbedding()) {
      list.add(new Slot("project_in.weight", "decoder.project_in.weight", new long[] {d, e}));
      list.add(new Slot("project_out.weight", "decoder.project_out.weight", new long[] {e, d}));
    }
    for (int i = 0; i < c.numberOfLayers(); i++) {
      String ours = "layers." + i + ".";
      String theirs = "decoder.layers." + i + ".";
      addNorm(list, ours + "attention_norm", theirs + "self_attn_layer_norm", d);
      addLinear(list, ours + "q", theirs + "self_attn.q_proj", d, d);
      addLinear(list, ours + "k", theirs + "self_attn.k_proj", d, d);
      addLinear(list, ours + "v", theirs + "self_attn.v_proj", d, d);
      addLinear(list, ours + "o", theirs + "self_attn.out_proj", d, d);
      addNorm(list, ours + "mlp_norm", theirs + "final_layer_norm", d);
      addLinear(list, ours + "up", theirs + "fc1", h, d);
      addLinear(list, ours + "down", theirs + "fc2", d, h);
    }
    if (c.variant().finalNorm()) {
      addNorm(list, "norm", "decoder.final_layer_norm", d);
    }
    return list;
  }

  private static void addNorm(List<Slot> list, String ours, String theirs, long width) {
    list.add(new Slot(ours + ".weight", theirs + ".weight", new long[] {width}));
    list.add(new Slot(ours + ".bias", theirs + ".bias", new long[] {width}));
  }

  private static void addLinear(List<Slot> list, String ours, String theirs, long out, long in) {
    list.add(new Slot(ours + ".weight", theirs + ".weight", new long[] {out, in}));
    list.add(new Slot(ours + ".bias", theirs + ".bias", new long[] {out}));
  }

  private static Decoder loadWeights(DecoderConfig config, WeightFiles weights) throws IOException {
    Path file = weights.file();
    // OPTForCausalLM stores "model.decoder.…", OPTModel "decoder.…".
    Map<String, String> names = Checkpoints.namesWithoutModelPrefix(weights);
    // The layer count first: a hostile num_hidden_layers must not size the list of expected tensors.
    Checkpoints.requireLayerCount(file, names.keySet(), LAYER, config.numberOfLayers());
    List<Slot> slots = slots(config);
    boolean hasHead = names.containsKey("lm_head.weight");
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (Slot slot : slots) {
      known.add(slot.theirs());
      Checkpoints.checkShape(weights, names.get(slot.theirs()), slot.theirs(), slot.shape(), missing, mismatched);
    }
    if (hasHead) {
      known.add("lm_head.weight");
      Checkpoints.checkShape(weights, names.get("lm_head.weight"), "lm_head.weight",
          new long[] {config.vocabularySize(), config.embeddingWidth()}, missing, mismatched);
    }
    List<String> unexpected = Checkpoints.unexpected(names, known, null);
    Checkpoints.throwIfAny(file, describe(config), missing, unexpected, mismatched);
    CheckpointMemory.require(weights, config);

    Decoder model = Decoder.uninitialized(config);
    Map<String, Parameter> parameters = model.parameters();
    for (Slot slot : slots) {
      String key = names.get(slot.theirs());
      float[] values = weights.readWeights(key);
      Checkpoints.requireFinite(values, key, weights.fileOf(key));
      parameters.get(slot.ours()).value().put(0, values);
    }
    if (hasHead) {
      String key = names.get("lm_head.weight");
      if (!Arrays.equals(weights.readWeights(key), parameters.get("embed.weight").value().toArray())) {
        throw new CheckpointFormatException(file + ": " + key + " differs from " + names.get("decoder.embed_tokens"
            + ".weight") + "; an OPT head untied from embed_tokens is not supported");
      }
    }
    return model;
  }

  private static String describe(DecoderConfig c) {
    return String.format(Locale.ROOT, "the config (hidden_size %d, num_hidden_layers %d, num_attention_heads %d,"
            + " ffn_dim %d, vocab_size %d, max_position_embeddings %d, word_embed_proj_dim %d,"
            + " do_layer_norm_before %b, final norm %b)", c.width(), c.numberOfLayers(), c.numberOfHeads(),
        c.hiddenSize(), c.vocabularySize(), c.contextLength(), c.embeddingWidth(), !c.variant().postNorm(),
        c.variant().finalNorm());
  }

  /**
   * Writes an OPT {@code model} as config.json and float32 model.safetensors (OPTForCausalLM names, the tied head
   * not stored, as transformers writes it). Both files are replaced together; other files are kept.
   *
   * @throws IllegalArgumentException for unmerged adapters or a classification head
   */
  static void save(Decoder model, Path directory) throws IOException {
    DecoderConfig c = model.config();
    if (c.family() != DecoderConfig.Family.OPT) {
      throw new IllegalArgumentException("not an OPT decoder: " + c.family());
    }
    if (model.adapters().values().stream().anyMatch(a -> !a.merged())) {
      throw new IllegalArgumentException("this decoder carries unmerged LoRA adapters " + model.adapters().keySet()
          + "; merge them first, or save the adapter alone with PeftAdapters.save");
    }
    if (c.numberOfClasses() > 0) {
      throw new IllegalArgumentException("this decoder has a classification head, which a causal-LM checkpoint"
          + " cannot hold; save the adapter and head with PeftAdapters.save(model, directory, base)");
    }
    if (c.variant().postNorm() && c.variant().finalNorm()) {
      throw new IllegalArgumentException("post-norm blocks with a final norm have no OPT config (transformers adds"
          + " final_layer_norm only with do_layer_norm_before)");
    }
    Map<String, Parameter> parameters = model.parameters();
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    for (Slot slot : slots(c)) {
      Tensor value = parameters.get(slot.ours()).value();
      tensors.put("model." + slot.theirs(), TensorData.of(value.shape(), value.toArray()));
    }
    ObjectNode config = JSON.createObjectNode();
    config.putArray("architectures").add("OPTForCausalLM");
    config.put("model_type", "opt");
    config.put("vocab_size", c.vocabularySize());
    config.put("max_position_embeddings", c.contextLength());
    config.put("hidden_size", c.width());
    config.put("word_embed_proj_dim", c.embeddingWidth());
    config.put("num_hidden_layers", c.numberOfLayers());
    config.put("num_attention_heads", c.numberOfHeads());
    config.put("ffn_dim", c.hiddenSize());
    config.put("activation_function", "relu");
    config.put("do_layer_norm_before", !c.variant().postNorm());
    config.put("_remove_final_layer_norm", !c.variant().postNorm() && !c.variant().finalNorm());
    config.put("enable_bias", true);
    config.put("layer_norm_elementwise_affine", true);
    config.put("tie_word_embeddings", true);
    config.put("dropout", 0.0);
    config.put("attention_dropout", 0.0);
    config.put("torch_dtype", "float32");
    byte[] configJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config);
    PeftDirectories.replace(directory, Set.of(HuggingFace.CONFIG_FILE, WeightFiles.SINGLE_FILE), staging -> {
      Safetensors.write(staging.resolve(WeightFiles.SINGLE_FILE), tensors, Map.of("format", "pt"),
          Safetensors.DataType.F32);
      AtomicFiles.write(staging.resolve(HuggingFace.CONFIG_FILE), out -> out.write(configJson));
    });
  }
}
