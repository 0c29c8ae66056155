package io.github.fairlora.sweep;

import io.github.fairlora.io.Safetensors;
import io.github.fairlora.io.TensorData;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves a decoder's weights as float32 safetensors (atomically) and loads them into a model of the same shape. */
final class ModelFiles {
  private ModelFiles() {}

  static void save(Decoder model, Path file) throws IOException {
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    for (Parameter p : model.parameters().values()) {
      tensors.put(p.name(), TensorData.of(p.value().shape(), p.value().toArray()));
    }
    Safetensors.write(file, tensors, Map.of("format", "fairlora"), Safetensors.DataType.F32);
  }

  /**
   * Loads every weight of {@code model} from {@code file}.
   *
   * @throws IOException naming the file when it cannot be read, is malformed, or lacks a weight or has it in
   *     another size
   */
  static void load(Decoder model, Path file) throws IOException {
    Map<String, TensorData> tensors;
    try {
      tensors = Safetensors.read(file).tensors();
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": cannot read the saved weights (" + e.getMessage() + "); delete it to "
          + "recompute", e);
    }
    for (Parameter p : model.parameters().values()) {
      TensorData data = tensors.get(p.name());
      if (data == null || data.values().length != p.size()) {
        throw new IOException(file + ": tensor " + p.name() + " is missing or has the wrong size; delete the file to "
            + "recompute");
      }
      p.value().put(0, data.values());
    }
  }
}
