package io.github.fairlora.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.lora.Adapter;
import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Block;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.DecoderConfig.Family;
import io.github.fairlora.model.Projection;
import io.github.fairlora.nn.Linear;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.tensor.Tensor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Saves and loads LoRA adapters as Hugging Face PEFT adapter directories, and writes merged full weights.
 *
 * <p><b>Directory layout</b> (what {@code PeftModel.save_pretrained} writes and {@code PeftModel.from_pretrained}
 * reads): {@code adapter_config.json} and {@code adapter_model.safetensors} (float32, metadata {"format": "pt"}).
 * Tensor names are {@code base_model.model.<module path>.lora_A.weight} with shape (r, in) and
 * {@code ...lora_B.weight} with shape (out, r), where the module path is the projection's name inside the Hugging Face
 * model ({@link #modulePath}):
 * <ul>
 *   <li>Llama: {@code model.layers.{i}.self_attn.q_proj} (k_proj, v_proj, o_proj), {@code model.layers.{i}.mlp.gate_proj}
 *       (up_proj, down_proj);</li>
 *   <li>GPT-2: {@code transformer.h.{i}.attn.c_attn}, {@code transformer.h.{i}.attn.c_proj},
 *       {@code transformer.h.{i}.mlp.c_fc}, {@code transformer.h.{i}.mlp.c_proj}.</li>
 * </ul>
 * Saved files carry no adapter name: PEFT strips it ({@code lora_A.default.weight} becomes {@code lora_A.weight}) when
 * saving and inserts it again when loading, and a key that still holds one is not loaded by PEFT either, so such keys
 * are rejected here too (with a hint).
 *
 * <p><b>GPT-2 and fan_in_fan_out.</b> GPT-2's projections are "Conv1D" layers whose weight is stored (in, out). PEFT
 * marks them with {@code fan_in_fan_out: true}, but that flag only says how to read the <em>base</em> weight: PEFT
 * builds lora_A as a Linear from in to r and lora_B from r to out, using the Conv1D's (in, out) as (in_features,
 * out_features), so lora_A.weight is (r, in) and lora_B.weight is (out, r) exactly as for a Linear base, and the delta
 * s·B·A (out, in) is transposed only when it is added to the Conv1D weight. This library's LoraLinear already holds
 * A [r, in] and B [out, r], so the tensors are written and read without any transposition for both families.
 *
 * <p><b>Classification.</b> A decoder with a classification head is saved with {@code task_type: "SEQ_CLS"} and its
 * head as PEFT's {@code modules_to_save} module {@code score}: {@code base_model.model.score.weight} (classes, d) and
 * {@code base_model.model.score.bias} (classes). Hugging Face's {@code score} layer has no bias; a file without
 * {@code score.bias} (one trained with PEFT) loads with a zero bias, and PEFT ignores the bias this library writes.
 *
 * <p><b>Atomic writes.</b> Both files are written into a hidden staging directory beside the target and the directory
 * is swapped in by renames, so a crash mid-save leaves the previous adapter intact, never a new config beside old
 * weights. With no previous directory that is one atomic rename; otherwise the old directory is first renamed aside to
 * {@code .<name>.previous-*}, and a crash between the two renames leaves both complete versions beside the target.
 * Other plain files in the directory (a README) are kept; a directory with subdirectories is refused.
 *
 * <pre>{@code
 * PeftAdapters.save(tuned.adapter().orElseThrow(), Path.of("out/adapter"), "gpt2");
 * Decoder fresh = Gpt2.load(Path.of("models/gpt2"));
 * Adapter adapter = PeftAdapters.load(fresh, Path.of("out/adapter"));   // fresh now carries the adapters
 * PeftAdapters.saveMerged(fresh, Path.of("out/gpt2-merged"));           // full GPT-2 checkpoint, adapters folded in
 * }</pre>
 */
public final class PeftAdapters {
  /** The configuration file of an adapter directory. */
  public static final String CONFIG_FILE = "adapter_config.json";
  /** The weights file of an adapter directory. */
  public static final String WEIGHTS_FILE = "adapter_model.safetensors";

  private static final String KEY_PREFIX = "base_model.model.";
  private static final String CLASSIFIER_MODULE = "score";
  private static final Pattern NAMED_ADAPTER_KEY = Pattern.compile(".*\\.lora_[AB]\\.[^.]+\\.weight");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private PeftAdapters() {}

  // -----------------------------------------------------------------------------------------------------------------
  // Names

  /**
   * The Hugging Face module path of a block's projection, as PEFT names it (without {@code base_model.model.}):
   * e.g. {@code model.layers.3.self_attn.q_proj} (Llama), {@code transformer.h.3.attn.c_attn} (GPT-2) or
   * {@code model.decoder.layers.3.fc1} (OPT).
   *
   * @throws IllegalArgumentException for a projection the family does not have, or a negative layer
   */
  public static String modulePath(Family family, int layer, Projection projection) {
    if (layer < 0) {
      throw new IllegalArgumentException("layer (" + layer + ") must be >= 0");
    }
    String name = moduleName(family, projection);
    String container = switch (family) {
      case GPT2 -> "transformer.h.";
      case OPT -> "model.decoder.layers.";
      case LLAMA -> "model.layers.";
    };
    return container + layer + "." + name;
  }

  /** The projection's path inside a block: "attn.c_attn", "self_attn.q_proj", ... */
  private static String moduleName(Family family, Projection projection) {
    String name = family == Family.GPT2
        ? switch (projection) {
            case QKV -> "attn.c_attn";
            case O -> "attn.c_proj";
            case UP -> "mlp.c_fc";
            case DOWN -> "mlp.c_proj";
            default -> null;
          }
        : family == Family.OPT
        ? switch (projection) {
            case Q -> "self_attn.q_proj";
            case K -> "self_attn.k_proj";
            case V -> "self_attn.v_proj";
            case O -> "self_attn.out_proj";
            case UP -> "fc1";
            case DOWN -> "fc2";
            default -> null;
          }
        : switch (projection) {
            case Q -> "self_attn.q_proj";
            case K -> "self_attn.k_proj";
            case V -> "self_attn.v_proj";
            case O -> "self_attn.o_proj";
            case GATE -> "mlp.gate_proj";
            case UP -> "mlp.up_proj";
            case DOWN -> "mlp.down_proj";
            default -> null;
          };
    if (name == null) {
      throw new IllegalArgumentException("a " + family + " block has no " + projection.shortName()
          + " projection; it has " + Target.available(family).stream().map(Projection::shortName).toList());
    }
    return name;
  }

  /**
   * The name written to target_modules: the shortest suffix PEFT matches to exactly this projection ("c_proj" alone
   * would select both GPT-2's attention output and MLP output, so those keep their parent's name).
   */
  private static String targetName(Family family, Projection projection) {
    if (family == Family.GPT2) {
      return switch (projection) {
        case QKV -> "c_attn";
        case UP -> "c_fc";
        default -> moduleName(family, projection);
      };
    }
    String name = moduleName(family, projection);
    return name.substring(name.indexOf('.') + 1);
  }

  /** "layers.{i}.{projection}" (the key of {@link Decoder#adapters()}) as a layer index and projection. */
  private record ModuleKey(int layer, Projection projection) {
    static ModuleKey parse(String key) {
      String[] parts = key.split("\\.");
      if (parts.length == 3 && parts[0].equals("layers")) {
        for (Projection projection : Projection.values()) {
          if (projection.shortName().equals(parts[2])) {
            return new ModuleKey(Integer.parseInt(parts[1]), projection);
          }
        }
      }
      throw new IllegalArgumentException("adapter module key \"" + key + "\" is not of the form layers.{i}.{projection}");
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Saving

  /**
   * Writes {@code adapter} as a PEFT LoRA adapter directory (see the class comment) with task_type "CAUSAL_LM".
   *
   * @param adapter the adapter of a decoder without classification head
   * @param directory the adapter directory (created, or its two files replaced together)
   * @param baseModelNameOrPath written as base_model_name_or_path (a hub id such as "gpt2", or a path); may be null
   * @throws IllegalArgumentException when the adapter belongs to a decoder with a classification head (use
   *     {@link #save(Decoder, Path, String)}, which saves the head too), its modules do not cover the same projections
   *     in every adapted layer (PEFT's config cannot express that), or A or B hold non-finite values
   * @throws IOException when writing fails (the previous directory content is left intact), or the directory holds a
   *     subdirectory
   */
  public static void save(Adapter adapter, Path directory, String baseModelNameOrPath) throws IOException {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(directory, "directory");
    if (adapter.modelConfig().numberOfClasses() > 0) {
      throw new IllegalArgumentException("this adapter belongs to a decoder with a " + adapter.modelConfig()
          .numberOfClasses() + "-class classification head, which is trained with it; save the model's adapters and"
          + " head together with PeftAdapters.save(model, directory, baseModelNameOrPath)");
    }
    LoraConfig config = adapter.config();
    write(adapter.modelConfig(), adapter.modules(), config.rank(), config.alpha(), config.dropout(),
        config.rankStabilized(), null, directory, baseModelNameOrPath);
  }

  /**
   * Writes the adapters attached to {@code model} (its {@link Decoder#adapters()}) as a PEFT LoRA adapter directory,
   * and its classification head, when it has one, as the {@code score} module with task_type "SEQ_CLS" (see the class
   * comment); without a head the task_type is "CAUSAL_LM".
   *
   * @throws IllegalArgumentException when the model has no adapters, its adapters differ in rank, alpha, dropout or
   *     rsLoRA, do not cover the same projections in every adapted layer, or hold non-finite values
   * @throws IOException when writing fails (the previous directory content is left intact), or the directory holds a
   *     subdirectory
   */
  public static void save(Decoder model, Path directory, String baseModelNameOrPath) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(directory, "directory");
    Map<String, LoraLinear> modules = model.adapters();
    if (modules.isEmpty()) {
      throw new IllegalArgumentException("this decoder has no LoRA adapters to save; attach them with LoRA.adapt or"
          + " Adapters.attach (a fully fine-tuned GPT-2 decoder is written with Gpt2.save)");
    }
    LoraLinear first = modules.values().iterator().next();
    write(model.config(), modules, first.rank(), first.alpha(), first.dropout(), first.rankStabilized(),
        model.classifier(), directory, baseModelNameOrPath);
  }

  private static void write(DecoderConfig modelConfig, Map<String, LoraLinear> modules, int rank, float alpha,
      float dropout, boolean rankStabilized, Linear classifier, Path directory, String baseModelNameOrPath)
      throws IOException {
    Family family = modelConfig.family();
    if (modules.isEmpty()) {
      throw new IllegalArgumentException("the adapter has no modules to save");
    }
    // Layer → projections, to check that PEFT's (target_modules × layers_to_transform) describes the modules exactly.
    TreeMap<Integer, Set<Projection>> byLayer = new TreeMap<>();
    Map<ModuleKey, LoraLinear> ordered = new TreeMap<>(
        java.util.Comparator.comparingInt(ModuleKey::layer).thenComparing(ModuleKey::projection));
    for (Map.Entry<String, LoraLinear> entry : modules.entrySet()) {
      ModuleKey key = ModuleKey.parse(entry.getKey());
      LoraLinear lora = entry.getValue();
      if (lora.rank() != rank || lora.alpha() != alpha || lora.dropout() != dropout
          || lora.rankStabilized() != rankStabilized) {
        throw new IllegalArgumentException("adapter module " + entry.getKey() + " has rank " + lora.rank() + ", alpha "
            + lora.alpha() + ", dropout " + lora.dropout() + ", rsLoRA " + lora.rankStabilized() + " but the others have "
            + rank + ", " + alpha + ", " + dropout + ", " + rankStabilized + "; a PEFT adapter_config.json holds one"
            + " setting for all modules");
      }
      if (!lora.loraA().value().allFinite() || !lora.loraB().value().allFinite()) {
        throw new IllegalArgumentException("refusing to save adapter module " + entry.getKey()
            + ": its A or B holds non-finite values (training diverged)");
      }
      byLayer.computeIfAbsent(key.layer(), l -> EnumSet.noneOf(Projection.class)).add(key.projection());
      ordered.put(key, lora);
    }
    Set<Projection> projections = byLayer.firstEntry().getValue();
    for (Map.Entry<Integer, Set<Projection>> entry : byLayer.entrySet()) {
      if (!entry.getValue().equals(projections)) {
        throw new IllegalArgumentException("layer " + entry.getKey() + " adapts " + entry.getValue() + " but layer "
            + byLayer.firstKey() + " adapts " + projections + "; PEFT's config (target_modules, layers_to_transform)"
            + " needs the same projections in every adapted layer");
      }
    }
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    for (Map.Entry<ModuleKey, LoraLinear> entry : ordered.entrySet()) {
      String prefix = KEY_PREFIX + modulePath(family, entry.getKey().layer(), entry.getKey().projection());
      LoraLinear lora = entry.getValue();
      tensors.put(prefix + ".lora_A.weight", TensorData.of(lora.loraA().value().shape(), lora.loraA().value().toArray()));
      tensors.put(prefix + ".lora_B.weight", TensorData.of(lora.loraB().value().shape(),
          toHuggingFaceRows(modelConfig, entry.getKey().projection(), lora.loraB().value().toArray(), lora.rank())));
    }
    if (classifier != null) {
      Tensor weight = classifier.weight().value();
      if (!weight.allFinite() || (classifier.bias() != null && !classifier.bias().value().allFinite())) {
        throw new IllegalArgumentException("refusing to save the classification head: it holds non-finite values");
      }
      tensors.put(KEY_PREFIX + CLASSIFIER_MODULE + ".weight", TensorData.of(weight.shape(), weight.toArray()));
      if (classifier.bias() != null) {
        // Only heads of models not loaded from Hugging Face have a bias; Hugging Face's score layer has none.
        tensors.put(KEY_PREFIX + CLASSIFIER_MODULE + ".bias",
            TensorData.of(classifier.bias().value().shape(), classifier.bias().value().toArray()));
      }
    }

    ObjectNode config = JSON.createObjectNode();
    config.put("peft_type", "LORA");
    config.put("task_type", classifier != null ? "SEQ_CLS" : "CAUSAL_LM");
    config.put("base_model_name_or_path", baseModelNameOrPath);
    config.put("r", rank);
    putFloat(config, "lora_alpha", alpha);
    putFloat(config, "lora_dropout", dropout);
    ArrayNode targets = config.putArray("target_modules");
    for (Projection projection : projections) {
      targets.add(targetName(family, projection));
    }
    if (byLayer.size() < modelConfig.numberOfLayers()) {
      ArrayNode layers = config.putArray("layers_to_transform");
      byLayer.keySet().forEach(layers::add);
      config.put("layers_pattern", family == Family.GPT2 ? "h" : "layers");
    }
    config.put("bias", "none");
    config.put("use_rslora", rankStabilized);
    config.put("use_dora", false);
    // GPT-2's Conv1D stores its base weight (in, out); lora_A/lora_B keep the Linear orientation regardless.
    config.put("fan_in_fan_out", family == Family.GPT2);
    if (classifier != null) {
      config.putArray("modules_to_save").add(CLASSIFIER_MODULE);
    } else {
      config.putNull("modules_to_save");
    }
    config.put("init_lora_weights", true);
    config.put("inference_mode", true);
    byte[] configBytes = JSON.writeValueAsBytes(config);
    PeftDirectories.replace(directory, Set.of(CONFIG_FILE, WEIGHTS_FILE), staging -> {
      Safetensors.write(staging.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"), Safetensors.DataType.F32);
      AtomicFiles.write(staging.resolve(CONFIG_FILE), out -> out.write(configBytes));
    });
  }

  /** Writes a whole float as an integer (alpha 16, not 16.0), any other as its shortest decimal form (0.05). */
  private static void putFloat(ObjectNode node, String field, float value) {
    if (value == Math.rint(value) && Math.abs(value) < (1 << 24)) {
      node.put(field, (int) value);
    } else {
      node.put(field, new BigDecimal(Float.toString(value)));
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Merged weights

  /**
   * A copy of {@code adaptedModel} without adapters whose projection weights have every unmerged adapter folded in:
   * W + s·B·A, computed exactly as {@link LoraLinear#merge()} computes it (an adapter that is already merged is part of
   * the copied base weight already). {@code adaptedModel} itself is not changed (no merge and unmerge round trip, so
   * no rounding drift in its base weights). Write the result with {@link Gpt2#save} or, for Llama-style decoders,
   * with the llama2.c writer.
   *
   * @throws IllegalStateException when an adapter holds non-finite values or a merged weight would be non-finite
   */
  public static Decoder mergedCopy(Decoder adaptedModel) {
    Objects.requireNonNull(adaptedModel, "adaptedModel");
    Decoder copy = adaptedModel.copy(); // base weights only
    for (Map.Entry<String, LoraLinear> entry : adaptedModel.adapters().entrySet()) {
      LoraLinear lora = entry.getValue();
      if (lora.merged()) {
        continue;
      }
      if (!lora.loraA().value().allFinite() || !lora.loraB().value().allFinite()) {
        throw new IllegalStateException("refusing to merge " + entry.getKey()
            + ": its adapter holds non-finite values");
      }
      ModuleKey key = ModuleKey.parse(entry.getKey());
      Tensor weight = copy.blocks().get(key.layer()).baseLinear(key.projection()).weight().value();
      Tensor delta = lora.deltaWeight();
      for (int i = 0; i < delta.length(); i++) {
        weight.add(i, delta.get(i));
      }
      if (!weight.allFinite()) {
        throw new IllegalStateException("refusing to merge " + entry.getKey()
            + ": the merged weight would hold non-finite values");
      }
    }
    return copy;
  }

  /**
   * Writes {@code adaptedModel} with its adapters folded in ({@link #mergedCopy}) as a Hugging Face GPT-2 checkpoint
   * directory ({@link Gpt2#save}): a full model that loads anywhere without PEFT. {@code adaptedModel} is not changed.
   *
   * @throws IllegalArgumentException when the model is not GPT-2-style (for Llama-style decoders write
   *     {@code mergedCopy(model)} with the llama2.c writer) or has a classification head
   * @throws IllegalStateException when an adapter holds non-finite values
   * @throws IOException when writing fails (the previous directory content is left intact)
   */
  public static void saveMerged(Decoder adaptedModel, Path directory) throws IOException {
    Objects.requireNonNull(adaptedModel, "adaptedModel");
    Objects.requireNonNull(directory, "directory");
    if (adaptedModel.config().family() == Family.OPT) {
      Opt.save(mergedCopy(adaptedModel), directory);
      return;
    }
    if (adaptedModel.config().family() != Family.GPT2) {
      throw new IllegalArgumentException("saveMerged writes the Hugging Face GPT-2 or OPT layout, but this decoder is"
          + " of family " + adaptedModel.config().family() + "; write PeftAdapters.mergedCopy(model) with"
          + " Llama2c.save or HuggingFace.save");
    }
    Gpt2.save(mergedCopy(adaptedModel), directory);
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Loading

  /** The settings of an adapter_config.json this library can apply. */
  private record PeftConfig(int rank, float alpha, float dropout, boolean rankStabilized, JsonNode targetModules,
      JsonNode excludeModules, SortedSet<Integer> layersToTransform, boolean sequenceClassification,
      JsonNode layersPattern) {}

  /**
   * Reads the PEFT adapter in {@code directory} and applies it to {@code model}: works out from
   * {@code adapter_config.json} which projections carry adapters (target_modules as a list of names, matched like PEFT
   * does, by full module path or dot-separated suffix, e.g. "q_proj", "attn.c_proj", or "c_proj" for both GPT-2
   * projections of that name; or a regular expression matched against whole module paths; or "all-linear";
   * exclude_modules and, for a list, layers_to_transform narrow the choice), checks that
   * {@code adapter_model.safetensors} holds exactly the lora_A (r, in) and lora_B (out, r) of those modules (any float
   * dtype), then attaches the adapters with {@link Adapters#attach} and fills A and B. For task_type "SEQ_CLS" the
   * model's classification head is filled from {@code score.weight} (and {@code score.bias} when present, zero
   * otherwise). Nothing is changed in {@code model} unless every check passes.
   *
   * <p>Settings this library cannot apply are refused: peft_type other than LORA, bias other than "none", use_dora,
   * lora_bias, rank_pattern or alpha_pattern entries, layer_replication, target_parameters, trainable_token_indices,
   * modules_to_save other than the classification head, and task types other than CAUSAL_LM and SEQ_CLS. A GPT-2
   * adapter loads whatever its fan_in_fan_out says (the flag does not change lora_A and lora_B, see the class comment).
   *
   * @param model a decoder without adapters, of the architecture the adapter was trained on
   * @return the attached adapter: its config, and its modules (the model's new LoraLinear projections)
   * @throws PeftFormatException naming the file and field or keys: a missing file, a malformed or unsupported config,
   *     a target that selects no projection of the model's family, layer indices outside the model, a selection that
   *     is not the same projections in every adapted layer, missing or unexpected keys or wrong shapes (all listed in
   *     one message), a rank larger than a targeted layer, non-finite values, or SEQ_CLS without a classification head
   * @throws IllegalArgumentException when {@code model} already carries adapters
   * @throws IOException when a file cannot be read or breaks the safetensors format
   */
  public static Adapter load(Decoder model, Path directory) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(directory, "directory");
    if (!model.adapters().isEmpty()) {
      throw new IllegalArgumentException("this decoder already carries adapters " + model.adapters().keySet()
          + "; load the PEFT adapter into a model without adapters (e.g. a fresh Gpt2.load, or Decoder.copy())");
    }
    if (!Files.isDirectory(directory)) {
      throw new PeftFormatException(directory + ": not a directory; expected a PEFT adapter directory holding "
          + CONFIG_FILE + " and " + WEIGHTS_FILE);
    }
    Path configFile = directory.resolve(CONFIG_FILE);
    Path weightsFile = directory.resolve(WEIGHTS_FILE);
    PeftConfig config = readConfig(configFile);
    if (!Files.isRegularFile(weightsFile)) {
      throw new PeftFormatException(weightsFile + ": missing; a PEFT adapter directory needs " + WEIGHTS_FILE
          + " (adapter_model.bin files are not read)");
    }
    DecoderConfig modelConfig = model.config();
    Map<Integer, Set<Projection>> selected = select(config, modelConfig, configFile);
    SortedSet<Integer> layers = new TreeSet<>(selected.keySet());
    Set<Projection> projections = selected.values().iterator().next();
    Linear classifier = model.classifier();
    if (config.sequenceClassification() && classifier == null) {
      throw new PeftFormatException(configFile + ": task_type is SEQ_CLS (the adapter comes with a classification"
          + " head, score) but this decoder has no classification head; load it into model.copyWithClassifier(classes,"
          + " seed) with the number of classes of score.weight");
    }

    // Every tensor the config and the model call for, with its shape.
    Map<String, long[]> expected = new LinkedHashMap<>();
    Map<String, ModuleKey> moduleOf = new LinkedHashMap<>();
    List<String> tooLarge = new ArrayList<>();
    for (int layer : layers) {
      Block block = model.blocks().get(layer);
      for (Projection projection : projections) {
        Linear base = block.baseLinear(projection);
        String prefix = KEY_PREFIX + modulePath(modelConfig.family(), layer, projection);
        expected.put(prefix + ".lora_A.weight", new long[] {config.rank(), base.inputSize()});
        expected.put(prefix + ".lora_B.weight", new long[] {base.outputSize(), config.rank()});
        moduleOf.put(prefix + ".lora_A.weight", new ModuleKey(layer, projection));
        moduleOf.put(prefix + ".lora_B.weight", new ModuleKey(layer, projection));
        if (config.rank() > Math.min(base.inputSize(), base.outputSize())) {
          tooLarge.add(prefix + " (" + base.inputSize() + " -> " + base.outputSize() + ")");
        }
      }
    }
    String classifierWeight = KEY_PREFIX + CLASSIFIER_MODULE + ".weight";
    String classifierBias = KEY_PREFIX + CLASSIFIER_MODULE + ".bias";
    if (config.sequenceClassification()) {
      expected.put(classifierWeight, new long[] {classifier.outputSize(), classifier.inputSize()});
    }
    if (!tooLarge.isEmpty()) {
      throw new PeftFormatException(configFile + ": r = " + config.rank() + " exceeds the smaller dimension of "
          + tooLarge);
    }

    Map<String, float[]> values = new LinkedHashMap<>();
    try (Safetensors.Reader reader = Safetensors.open(weightsFile)) {
      List<String> missing = new ArrayList<>();
      List<String> unexpected = new ArrayList<>();
      List<String> mismatched = new ArrayList<>();
      for (Map.Entry<String, long[]> entry : expected.entrySet()) {
        if (!reader.contains(entry.getKey())) {
          missing.add(entry.getKey());
          continue;
        }
        long[] found = reader.info(entry.getKey()).shape();
        if (!Arrays.equals(found, entry.getValue())) {
          mismatched.add(entry.getKey() + " is " + Arrays.toString(found) + ", expected "
              + Arrays.toString(entry.getValue()));
        }
      }
      boolean optionalBias = config.sequenceClassification() && reader.contains(classifierBias);
      if (optionalBias) {
        long[] found = reader.info(classifierBias).shape();
        long[] wanted = {classifier.outputSize()};
        if (!Arrays.equals(found, wanted)) {
          mismatched.add(classifierBias + " is " + Arrays.toString(found) + ", expected " + Arrays.toString(wanted));
        }
      }
      boolean namedAdapter = false;
      for (String name : reader.names()) {
        if (!expected.containsKey(name) && !(optionalBias && name.equals(classifierBias))) {
          unexpected.add(name);
          namedAdapter |= NAMED_ADAPTER_KEY.matcher(name).matches();
        }
      }
      if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
        StringBuilder message = new StringBuilder(weightsFile + " does not match " + CONFIG_FILE + " (r "
            + config.rank() + ", projections " + projections.stream().map(p -> targetName(modelConfig.family(), p))
            .toList() + ", layers " + layers + ") and this " + modelConfig.family() + " decoder:");
        if (!missing.isEmpty()) {
          message.append("\n  ").append(missing.size()).append(" missing key(s): ").append(missing);
        }
        if (!unexpected.isEmpty()) {
          message.append("\n  ").append(unexpected.size()).append(" unexpected key(s): ").append(unexpected);
        }
        if (!mismatched.isEmpty()) {
          message.append("\n  ").append(mismatched.size()).append(" shape mismatch(es): ")
              .append(String.join("; ", mismatched));
        }
        if (namedAdapter) {
          message.append("\n  (saved PEFT files carry no adapter name: lora_A.weight, not lora_A.default.weight)");
        }
        throw new PeftFormatException(message.toString());
      }
      for (String name : expected.keySet()) {
        values.put(name, readFinite(reader, name, weightsFile));
      }
      if (optionalBias) {
        values.put(classifierBias, readFinite(reader, classifierBias, weightsFile));
      }
    }

    // Every check passed: only now is the model changed.
    Set<Target> targets = EnumSet.noneOf(Target.class);
    projections.forEach(p -> targets.add(Target.valueOf(p.name())));
    boolean allLayers = layers.size() == modelConfig.numberOfLayers();
    LoraConfig loraConfig = new LoraConfig(config.rank(), config.alpha(), config.dropout(), config.rankStabilized(),
        targets, allLayers ? new TreeSet<>() : layers);
    Map<String, Boolean> wasTrainable = new LinkedHashMap<>();
    model.parameters().forEach((name, parameter) -> wasTrainable.put(name, parameter.trainable()));
    Adapter adapter = Adapters.attach(model, loraConfig, 0L);
    for (Map.Entry<String, ModuleKey> entry : moduleOf.entrySet()) {
      ModuleKey key = entry.getValue();
      LoraLinear lora = adapter.modules().get("layers." + key.layer() + "." + key.projection().shortName());
      boolean isA = entry.getKey().endsWith(".lora_A.weight");
      Tensor destination = isA ? lora.loraA().value() : lora.loraB().value();
      float[] stored = values.get(entry.getKey());
      destination.put(0, isA ? stored : fromHuggingFaceRows(modelConfig, key.projection(), stored, config.rank()));
    }
    if (!outputsFinite(model)) {
      detach(model, adapter, wasTrainable);
      if (outputsFinite(model)) {
        throw new PeftFormatException(directory + ": this adapter makes the model's outputs non-finite (NaN or"
            + " infinity) although the model alone gives finite ones; its weights are finite, so the scale is to blame"
            + " (lora_alpha " + config.alpha() + ", r " + config.rank() + ")? The adapter was not applied.");
      }
      adapter = Adapters.attach(model, loraConfig, 0L); // the model itself is broken: not the adapter's fault
      for (Map.Entry<String, ModuleKey> entry : moduleOf.entrySet()) {
        ModuleKey key = entry.getValue();
        LoraLinear lora = adapter.modules().get("layers." + key.layer() + "." + key.projection().shortName());
        boolean isA = entry.getKey().endsWith(".lora_A.weight");
        float[] stored = values.get(entry.getKey());
        (isA ? lora.loraA().value() : lora.loraB().value())
            .put(0, isA ? stored : fromHuggingFaceRows(modelConfig, key.projection(), stored, config.rank()));
      }
    }
    if (config.sequenceClassification()) {
      classifier.weight().value().put(0, values.get(classifierWeight));
      float[] bias = values.get(classifierBias);
      if (classifier.bias() == null) {
        // A head without bias, as Hugging Face's score layer: PEFT would drop a stored bias, so only zeros are fine.
        if (bias != null) {
          for (float b : bias) {
            if (b != 0f) {
              throw new PeftFormatException(weightsFile + ": holds " + classifierBias + ", but this decoder's"
                  + " classification head has no bias (as Hugging Face's score layer, which would ignore it)");
            }
          }
        }
      } else if (bias != null) {
        classifier.bias().value().put(0, bias);
      } else {
        classifier.bias().value().zero(); // Hugging Face's score layer has no bias
      }
    }
    return adapter;
  }

  /**
   * Whether a short probe sequence (token ids 0, 1, 2, ... up to 16 or the context) gives finite next-token
   * log-probabilities: finite adapter weights can still overflow the activations when multiplied by a huge scale.
   */
  static boolean outputsFinite(Decoder model) {
    int length = Math.min(16, model.contextLength());
    int[] tokens = new int[length];
    for (int i = 0; i < length; i++) {
      tokens[i] = i % model.vocabularySize();
    }
    for (float[] row : model.nextTokenLogProbabilities(tokens)) {
      for (float value : row) {
        if (!Float.isFinite(value)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Puts the plain projections back and the trainable flags as they were: the model as before the attach. */
  private static void detach(Decoder model, Adapter adapter, Map<String, Boolean> wasTrainable) {
    for (var block : model.blocks()) {
      for (var projection : List.copyOf(block.projections().keySet())) {
        if (block.projection(projection) instanceof LoraLinear lora) {
          block.replaceProjection(projection, lora.base());
        }
      }
    }
    model.parameters().forEach((name, parameter) -> {
      Boolean trainable = wasTrainable.get(name);
      if (trainable != null) {
        parameter.setTrainable(trainable);
      }
    });
  }

  /**
   * PEFT files hold q/k rows in Hugging Face's rotate-half order. A decoder with llama2.c's interleaved RoPE (loaded
   * from a llama2.c file) holds them interleaved, so lora_B rows of q and k are reordered on the way in ...
   */
  private static float[] fromHuggingFaceRows(DecoderConfig c, Projection projection, float[] loraB, int rank) {
    int heads = ropeHeads(c, projection);
    return heads == 0 ? loraB : RopeRows.toInterleaved(loraB, heads, c.headSize(), rank);
  }

  /** ... and back on the way out, so the saved adapter means the same to PEFT on the Hugging Face model. */
  private static float[] toHuggingFaceRows(DecoderConfig c, Projection projection, float[] loraB, int rank) {
    int heads = ropeHeads(c, projection);
    return heads == 0 ? loraB : RopeRows.toRotateHalf(loraB, heads, c.headSize(), rank);
  }

  /** The heads whose rows need reordering: q or k of an interleaved-RoPE Llama decoder; 0 otherwise. */
  private static int ropeHeads(DecoderConfig c, Projection projection) {
    if (c.family() != Family.LLAMA || c.variant().ropeLayout() != io.github.fairlora.nn.Rope.Layout.INTERLEAVED) {
      return 0;
    }
    return projection == Projection.Q ? c.numberOfHeads() : projection == Projection.K ? c.numberOfKvHeads() : 0;
  }

  private static float[] readFinite(Safetensors.Reader reader, String name, Path file) throws IOException {
    float[] values = reader.read(name).values();
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new PeftFormatException(file + ": tensor " + name + " holds a non-finite value (" + values[i]
            + ") at element " + i);
      }
    }
    return values;
  }

  /** Parses and validates adapter_config.json. */
  private static PeftConfig readConfig(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new PeftFormatException(file + ": missing; a PEFT adapter directory needs " + CONFIG_FILE);
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new PeftFormatException(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new PeftFormatException(file + ": expected a JSON object with the PEFT LoRA settings");
    }
    String peftType = text(root, "peft_type", null, file);
    if (!"LORA".equals(peftType)) {
      throw new PeftFormatException(file + ": peft_type is " + (peftType == null ? "missing" : "\"" + peftType + "\"")
          + ", expected \"LORA\"");
    }
    String taskType = text(root, "task_type", null, file);
    if (taskType != null && !taskType.equals("CAUSAL_LM") && !taskType.equals("SEQ_CLS")) {
      throw new PeftFormatException(file + ": task_type \"" + taskType + "\" is not supported; expected \"CAUSAL_LM\","
          + " \"SEQ_CLS\" or null");
    }
    boolean sequenceClassification = "SEQ_CLS".equals(taskType);
    JsonNode rankNode = root.get("r");
    if (rankNode == null || !rankNode.isIntegralNumber() || !rankNode.canConvertToInt() || rankNode.intValue() < 1) {
      throw new PeftFormatException(file + ": r is " + (rankNode == null ? "missing" : rankNode)
          + ", expected a positive integer");
    }
    float alpha = number(root, "lora_alpha", Float.NaN, file);
    if (!(alpha > 0) || !Float.isFinite(alpha)) {
      throw new PeftFormatException(file + ": lora_alpha is " + (root.has("lora_alpha") ? root.get("lora_alpha")
          : "missing") + ", expected a positive number");
    }
    float dropout = number(root, "lora_dropout", 0f, file);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new PeftFormatException(file + ": lora_dropout is " + dropout + ", expected a number in [0, 1)");
    }
    boolean rankStabilized = flag(root, "use_rslora", false, file);
    String bias = text(root, "bias", "none", file);
    if (!bias.equals("none")) {
      throw new PeftFormatException(file + ": bias is \"" + bias + "\"; only \"none\" is supported (adapters that"
          + " train the base biases cannot be applied)");
    }
    if (flag(root, "use_dora", false, file)) {
      throw new PeftFormatException(file + ": use_dora is true; DoRA adapters are not supported, only plain LoRA");
    }
    if (flag(root, "lora_bias", false, file)) {
      throw new PeftFormatException(file + ": lora_bias is true; a bias on lora_B is not supported");
    }
    for (String field : List.of("rank_pattern", "alpha_pattern")) {
      JsonNode node = root.get(field);
      if (node != null && !node.isNull() && !(node.isObject() && node.isEmpty())) {
        throw new PeftFormatException(file + ": " + field + " is " + node + "; per-module ranks and alphas are not"
            + " supported (one r and lora_alpha for all modules)");
      }
    }
    // Keys that change what the adapter computes, which this library does not implement: refused by name rather
    // than computed as plain LoRA. (Initialisation-only keys such as loftq_config or eva_config are harmless.)
    for (String field : List.of("alora_invocation_tokens", "use_bdlora", "use_qalora", "arrow_config",
        "kasa_config", "velora_config", "monteclora_config", "megatron_config")) {
      JsonNode node = root.get(field);
      boolean set = node != null && !node.isNull() && !(node.isBoolean() && !node.booleanValue())
          && !(node.isContainerNode() && node.isEmpty());
      if (set) {
        throw new PeftFormatException(file + ": " + field + " is " + node + "; this changes what the adapter"
            + " computes and is not supported (only plain LoRA is), so the adapter is refused rather than applied"
            + " wrongly");
      }
    }
    for (String field : List.of("layer_replication", "trainable_token_indices", "target_parameters")) {
      JsonNode node = root.get(field);
      if (node != null && !node.isNull() && !(node.isContainerNode() && node.isEmpty())) {
        throw new PeftFormatException(file + ": " + field + " is " + node + ", which is not supported");
      }
    }
    JsonNode modulesToSave = root.get("modules_to_save");
    if (modulesToSave != null && !modulesToSave.isNull()) {
      if (!modulesToSave.isArray()) {
        throw new PeftFormatException(file + ": modules_to_save is " + modulesToSave + ", expected a list or null");
      }
      for (JsonNode module : modulesToSave) {
        boolean head = module.isTextual() && (module.textValue().equals(CLASSIFIER_MODULE)
            || module.textValue().equals("classifier"));
        if (!head || !sequenceClassification) {
          throw new PeftFormatException(file + ": modules_to_save holds " + module + "; only the classification head"
              + " (\"score\") of a SEQ_CLS adapter is supported");
        }
      }
    }
    JsonNode targetModules = root.get("target_modules");
    if (targetModules == null || targetModules.isNull()) {
      throw new PeftFormatException(file + ": target_modules is missing; expected a list of module names, a regular"
          + " expression, or \"all-linear\"");
    }
    if (!targetModules.isTextual() && !isListOfStrings(targetModules)) {
      throw new PeftFormatException(file + ": target_modules is " + targetModules + ", expected a list of module"
          + " names, a regular expression, or \"all-linear\"");
    }
    JsonNode excludeModules = root.get("exclude_modules");
    if (excludeModules != null && !excludeModules.isNull() && !excludeModules.isTextual()
        && !isListOfStrings(excludeModules)) {
      throw new PeftFormatException(file + ": exclude_modules is " + excludeModules + ", expected a list of module"
          + " names, a regular expression, or null");
    }
    SortedSet<Integer> layersToTransform = new TreeSet<>();
    JsonNode layersNode = root.get("layers_to_transform");
    if (layersNode != null && !layersNode.isNull()) {
      List<JsonNode> items = new ArrayList<>();
      if (layersNode.isArray()) {
        layersNode.forEach(items::add);
      } else {
        items.add(layersNode);
      }
      for (JsonNode item : items) {
        if (!item.isIntegralNumber() || !item.canConvertToInt() || item.intValue() < 0) {
          throw new PeftFormatException(file + ": layers_to_transform is " + layersNode + ", expected a layer index or"
              + " a list of layer indices (non-negative integers)");
        }
        layersToTransform.add(item.intValue());
      }
    }
    return new PeftConfig(rankNode.intValue(), alpha, dropout, rankStabilized, targetModules,
        excludeModules == null || excludeModules.isNull() ? null : excludeModules, layersToTransform,
        sequenceClassification, root.get("layers_pattern"));
  }

  /**
   * Layer → projections the config selects in a decoder of {@code modelConfig}, matched the way PEFT matches module
   * paths. Every target name must select at least one projection of the family, and the selection must be the same
   * projections in every selected layer (what LoraConfig can express).
   */
  private static Map<Integer, Set<Projection>> select(PeftConfig config, DecoderConfig modelConfig, Path file)
      throws PeftFormatException {
    Family family = modelConfig.family();
    int layerCount = modelConfig.numberOfLayers();
    JsonNode targets = config.targetModules();
    boolean allLinear = targets.isTextual() && targets.textValue().equals("all-linear");
    if (allLinear && modelConfig.projectsEmbedding()) {
      throw new PeftFormatException(file + ": target_modules \"all-linear\" also selects OPT's project_in and"
          + " project_out (word_embed_proj_dim " + modelConfig.embeddingWidth() + " differs from hidden_size "
          + modelConfig.width() + "), which take no adapters here; list the block projections instead");
    }
    Pattern targetPattern = targets.isTextual() && !allLinear ? compile(targets.textValue(), "target_modules", file)
        : null;
    List<String> targetNames = targets.isArray() ? strings(targets) : List.of();
    JsonNode excludes = config.excludeModules();
    Pattern excludePattern = excludes != null && excludes.isTextual()
        ? compile(excludes.textValue(), "exclude_modules", file) : null;
    List<String> excludeNames = excludes != null && excludes.isArray() ? strings(excludes) : List.of();
    SortedSet<Integer> layers = config.layersToTransform();
    if (!layers.isEmpty()) {
      if (targets.isTextual()) {
        throw new PeftFormatException(file + ": layers_to_transform " + layers + " cannot be combined with the string"
            + " target_modules " + targets + " (PEFT refuses it too); list the module names instead");
      }
      if (layers.last() >= layerCount) {
        throw new PeftFormatException(file + ": layers_to_transform " + layers + " names layer " + layers.last()
            + ", but this decoder has layers 0.." + (layerCount - 1));
      }
      String container = family == Family.GPT2 ? "h" : "layers";
      JsonNode pattern = config.layersPattern();
      boolean fits = pattern == null || pattern.isNull() || (pattern.isTextual() && (pattern.textValue().isEmpty()
          || pattern.textValue().equals(container))) || (pattern.isArray() && (pattern.isEmpty()
          || strings(pattern).contains(container)));
      if (!fits) {
        throw new PeftFormatException(file + ": layers_pattern is " + pattern + ", but a " + family + " model keeps"
            + " its blocks in \"" + container + "\"");
      }
    }

    Set<String> usedNames = new LinkedHashSet<>();
    TreeMap<Integer, Set<Projection>> selected = new TreeMap<>();
    for (int layer = 0; layer < layerCount; layer++) {
      for (Projection projection : Target.available(family)) {
        String path = modulePath(family, layer, projection);
        boolean hit;
        if (allLinear) {
          hit = true; // PEFT's shorthand: every linear layer except the output head
        } else if (targetPattern != null) {
          hit = targetPattern.matcher(path).matches();
        } else {
          hit = false;
          for (String name : targetNames) {
            if (matchesName(path, name)) {
              usedNames.add(name);
              hit = true;
            }
          }
        }
        boolean excluded = (excludePattern != null && excludePattern.matcher(path).matches())
            || excludeNames.stream().anyMatch(name -> matchesName(path, name));
        if (hit && !excluded && (layers.isEmpty() || layers.contains(layer))) {
          selected.computeIfAbsent(layer, l -> EnumSet.noneOf(Projection.class)).add(projection);
        }
      }
    }
    String valid = Target.available(family).stream().map(p -> targetName(family, p)).toList() + " (module paths "
        + Target.available(family).stream().map(p -> modulePath(family, 0, p).replace(".0.", ".{i}.")).toList() + ")";
    for (String name : targetNames) {
      if (!usedNames.contains(name)) {
        String hint = family == Family.GPT2 && Set.of("q_proj", "k_proj", "v_proj").contains(name)
            ? " (GPT-2 fuses q, k and v into one projection, c_attn)" : "";
        throw new PeftFormatException(file + ": target_modules entry \"" + name + "\" names no projection of a "
            + family + " decoder" + hint + "; its projections are " + valid);
      }
    }
    if (selected.isEmpty()) {
      throw new PeftFormatException(file + ": target_modules " + targets + (excludes == null ? "" : " with"
          + " exclude_modules " + excludes) + " selects no projection of this " + family + " decoder; its"
          + " projections are " + valid);
    }
    Map.Entry<Integer, Set<Projection>> first = selected.firstEntry();
    for (Map.Entry<Integer, Set<Projection>> entry : selected.entrySet()) {
      if (!entry.getValue().equals(first.getValue())) {
        throw new PeftFormatException(file + ": the targets select " + names(family, entry.getValue()) + " in layer "
            + entry.getKey() + " but " + names(family, first.getValue()) + " in layer " + first.getKey()
            + "; only the same projections in every adapted layer are supported");
      }
    }
    return selected;
  }

  /** PEFT's rule for a name in a target list: the whole module path, or a suffix after a dot. */
  private static boolean matchesName(String path, String name) {
    return path.equals(name) || path.endsWith("." + name);
  }

  private static List<String> names(Family family, Set<Projection> projections) {
    return projections.stream().map(p -> targetName(family, p)).toList();
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(item -> list.add(item.asText()));
    return list;
  }

  /** A PEFT regular expression (matched against whole module paths, like Python's re.fullmatch). */
  private static Pattern compile(String regex, String field, Path file) throws PeftFormatException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new PeftFormatException(file + ": " + field + " \"" + regex + "\" is not a valid regular expression: "
          + e.getDescription(), e);
    }
  }

  private static boolean isListOfStrings(JsonNode node) {
    if (!node.isArray()) {
      return false;
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode root, String field, String absent, Path file) throws PeftFormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isTextual()) {
      throw new PeftFormatException(file + ": " + field + " is " + node + ", expected a string");
    }
    return node.textValue();
  }

  private static float number(JsonNode root, String field, float absent, Path file) throws PeftFormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isNumber()) {
      throw new PeftFormatException(file + ": " + field + " is " + node + ", expected a number");
    }
    return (float) node.doubleValue();
  }

  private static boolean flag(JsonNode root, String field, boolean absent, Path file) throws PeftFormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    if (!node.isBoolean()) {
      throw new PeftFormatException(file + ": " + field + " is " + node + ", expected true or false");
    }
    return node.booleanValue();
  }
}
