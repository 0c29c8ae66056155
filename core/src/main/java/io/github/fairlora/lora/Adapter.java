package io.github.fairlora.lora;

import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adapters attached to one decoder: their settings and their tensors, keyed by module ("layers.{i}.{projection}",
 * e.g. "layers.0.q"). The checkpoint I/O turns these keys into PEFT's names.
 */
public final class Adapter {
  private final LoraConfig config;
  private final DecoderConfig modelConfig;
  private final Map<String, LoraLinear> modules;

  public Adapter(LoraConfig config, DecoderConfig modelConfig, Map<String, LoraLinear> modules) {
    this.config = config;
    this.modelConfig = modelConfig;
    this.modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
  }

  public LoraConfig config() {
    return config;
  }

  /** The configuration of the decoder this adapter belongs to. */
  public DecoderConfig modelConfig() {
    return modelConfig;
  }

  /** Adapted modules in block order. */
  public Map<String, LoraLinear> modules() {
    return modules;
  }

  /**
   * Every adapter tensor by name: "{module}.lora_A.weight" [rank, in] and "{module}.lora_B.weight" [out, rank]. The
   * tensors are the live ones (not copies).
   */
  public Map<String, Tensor> tensors() {
    Map<String, Tensor> map = new LinkedHashMap<>();
    modules.forEach((name, lora) -> {
      map.put(name + ".lora_A.weight", lora.loraA().value());
      map.put(name + ".lora_B.weight", lora.loraB().value());
    });
    return Collections.unmodifiableMap(map);
  }

  /** Number of scalars in A and B of every module. */
  public long parameterCount() {
    return modules.values().stream().mapToLong(l -> l.loraA().size() + (long) l.loraB().size()).sum();
  }

  /**
   * Saves the adapter as a PEFT LoRA directory (adapter_config.json + adapter_model.safetensors) that Hugging Face
   * PEFT can load; see {@link io.github.fairlora.io.PeftAdapters}.
   */
  public void save(java.nio.file.Path directory, String baseModelNameOrPath) throws java.io.IOException {
    io.github.fairlora.io.PeftAdapters.save(this, directory, baseModelNameOrPath);
  }

  /** {@link #save(java.nio.file.Path, String)} with an unnamed base model. */
  public void save(java.nio.file.Path directory) throws java.io.IOException {
    save(directory, "");
  }

  /** True when every module is merged into its base. */
  public boolean merged() {
    return !modules.isEmpty() && modules.values().stream().allMatch(LoraLinear::merged);
  }
}
