package io.github.fairlora.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors weights of a Hugging Face checkpoint directory: one {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} lists in its {@code weight_map}. Every shard's header is validated on opening;
 * tensors are read on demand (memory-mapped, floats only). Close it when done.
 */
final class WeightFiles implements AutoCloseable {
  static final String SINGLE_FILE = "model.safetensors";
  static final String INDEX_FILE = "model.safetensors.index.json";

  private final Path description;
  /** Tensor name as stored → the open shard that holds it, in shard and file order. */
  private final Map<String, Safetensors.Reader> owners;
  private final List<Safetensors.Reader> readers;

  private WeightFiles(Path description, Map<String, Safetensors.Reader> owners, List<Safetensors.Reader> readers) {
    this.description = description;
    this.owners = owners;
    this.readers = readers;
  }

  /**
   * Opens the weights of {@code directory}.
   *
   * @throws CheckpointFormatException when there are none (naming what was looked for and what was found instead),
   *     the index is malformed, names a shard that is missing, or disagrees with the shards' headers
   */
  static WeightFiles open(Path directory) throws IOException {
    Path single = directory.resolve(SINGLE_FILE);
    Path index = directory.resolve(INDEX_FILE);
    if (Files.isRegularFile(index)) {
      return openSharded(directory, index);
    }
    if (Files.isRegularFile(single)) {
      Safetensors.Reader reader = Safetensors.open(single);
      Map<String, Safetensors.Reader> owners = new LinkedHashMap<>();
      for (String name : reader.names()) {
        owners.put(name, reader);
      }
      return new WeightFiles(single, owners, List.of(reader));
    }
    String found = "";
    if (Files.isRegularFile(directory.resolve("pytorch_model.bin"))
        || Files.isRegularFile(directory.resolve("pytorch_model.bin.index.json"))) {
      found = "; it holds PyTorch pickle weights (pytorch_model.bin), which are not read: convert them to safetensors"
          + " (e.g. model.save_pretrained(dir, safe_serialization=True))";
    }
    throw new CheckpointFormatException(directory + ": no weights: expected " + SINGLE_FILE + " or " + INDEX_FILE
        + " with its shards" + found);
  }

  private static WeightFiles openSharded(Path directory, Path index) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(index));
    } catch (JsonProcessingException e) {
      throw new CheckpointFormatException(index + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw new CheckpointFormatException(index + ": expected a JSON object with a non-empty \"weight_map\" from"
          + " tensor names to shard file names");
    }
    Map<String, Safetensors.Reader> shards = new LinkedHashMap<>();
    Map<String, Safetensors.Reader> owners = new LinkedHashMap<>();
    List<Safetensors.Reader> readers = new ArrayList<>();
    try {
      for (Map.Entry<String, JsonNode> entry : map.properties()) {
        if (!entry.getValue().isTextual()) {
          throw new CheckpointFormatException(index + ": weight_map[\"" + entry.getKey() + "\"] is "
              + entry.getValue() + ", expected a shard file name");
        }
        String shardName = entry.getValue().textValue();
        Path shard = directory.resolve(shardName).normalize();
        if (!shard.getParent().equals(directory.normalize()) || shardName.contains("/")
            || shardName.contains("\\")) {
          throw new CheckpointFormatException(index + ": shard \"" + shardName + "\" must be a file name inside "
              + directory);
        }
        Safetensors.Reader reader = shards.get(shardName);
        if (reader == null) {
          if (!Files.isRegularFile(shard)) {
            throw new CheckpointFormatException(index + ": lists shard " + shardName + " (for tensor "
                + entry.getKey() + "), but " + shard + " is missing");
          }
          reader = Safetensors.open(shard);
          shards.put(shardName, reader);
          readers.add(reader);
        }
        if (!reader.contains(entry.getKey())) {
          throw new CheckpointFormatException(index + ": weight_map puts tensor " + entry.getKey() + " in "
              + shardName + ", but that shard has no such tensor");
        }
        owners.put(entry.getKey(), reader);
      }
      for (Safetensors.Reader reader : readers) {
        for (String name : reader.names()) {
          if (!owners.containsKey(name)) {
            throw new CheckpointFormatException(index + ": shard " + reader.file().getFileName() + " holds tensor "
                + name + ", which the weight_map does not list");
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Safetensors.Reader reader : readers) {
        reader.close();
      }
      throw e;
    }
    return new WeightFiles(index, Collections.unmodifiableMap(owners), List.copyOf(readers));
  }

  /** The file that describes the weights: model.safetensors or the index. */
  Path file() {
    return description;
  }

  /** Every tensor name, as stored. */
  java.util.Set<String> names() {
    return owners.keySet();
  }

  Safetensors.TensorInfo info(String name) {
    return owners.get(name).info(name);
  }

  /** The tensor as float32 (floating-point dtypes only), memory-mapped. */
  float[] readWeights(String name) throws IOException {
    return owners.get(name).readWeights(name);
  }

  /** The shard file that holds {@code name}. */
  Path fileOf(String name) {
    return owners.get(name).file();
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Safetensors.Reader reader : readers) {
      try {
        reader.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
