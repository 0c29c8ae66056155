package io.github.fairlora.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks shared by the checkpoint loaders: what a file is, layer counts, shapes, finiteness. */
final class Checkpoints {
  private Checkpoints() {}

  /**
   * What {@code path} looks like, for messages: "a directory ...", "a safetensors file", "a zip archive (a PyTorch
   * .bin?)", "a GGUF file", "a JSON file", or "a file of N bytes".
   */
  static String describe(Path path) {
    if (!Files.exists(path)) {
      return "does not exist";
    }
    if (Files.isDirectory(path)) {
      if (Files.isRegularFile(path.resolve("config.json"))) {
        return "is a Hugging Face checkpoint directory (it holds config.json)";
      }
      return "is a directory without config.json";
    }
    byte[] head = new byte[16];
    int read = 0;
    long size;
    try (InputStream in = Files.newInputStream(path)) {
      size = Files.size(path);
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return "cannot be read (" + e.getMessage() + ")";
    }
    if (read >= 9) {
      long headerLength = 0;
      for (int i = 7; i >= 0; i--) {
        headerLength = (headerLength << 8) | (head[i] & 0xFF);
      }
      if (head[8] == '{' && headerLength > 1 && headerLength <= size - 8) {
        return "is a safetensors file (an 8-byte header length " + headerLength + " followed by a JSON header)";
      }
    }
    if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return "is a zip archive (a PyTorch .bin checkpoint?)";
    }
    if (read >= 4 && new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("GGUF")) {
      return "is a GGUF file (llama.cpp)";
    }
    if (read >= 1 && (head[0] == '{' || head[0] == '[')) {
      return "is a JSON file";
    }
    return "is a file of " + size + " bytes";
  }

  /**
   * The stored tensor names of a Hugging Face checkpoint keyed by their name without the {@code model.} prefix
   * (CausalLM classes store it, the bare model classes do not).
   *
   * @throws CheckpointFormatException when one tensor is stored both with and without the prefix
   */
  static Map<String, String> namesWithoutModelPrefix(WeightFiles weights) throws CheckpointFormatException {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    for (String key : weights.names()) {
      String name = key.startsWith("model.") ? key.substring("model.".length()) : key;
      if (names.put(name, key) != null) {
        throw new CheckpointFormatException(weights.file() + ": tensor " + name + " is stored both with and without"
            + " the \"model.\" prefix");
      }
    }
    return names;
  }

  /**
   * The stored names (values of {@code names}) whose prefix-less name (key) is not {@code known}, leaving out those
   * {@code ignored} matches (may be null): tensors a loader would silently drop.
   */
  static List<String> unexpected(Map<String, String> names, java.util.Set<String> known, Pattern ignored) {
    List<String> unexpected = new java.util.ArrayList<>();
    for (Map.Entry<String, String> entry : names.entrySet()) {
      if (!known.contains(entry.getKey()) && (ignored == null || !ignored.matcher(entry.getKey()).matches())) {
        unexpected.add(entry.getValue());
      }
    }
    return unexpected;
  }

  /** Refuses weights whose layer count (see {@link #layerCount}) differs from the config's num_hidden_layers. */
  static void requireLayerCount(Path file, Collection<String> names, Pattern pattern, int expected)
      throws CheckpointFormatException {
    int stored = layerCount(names, pattern);
    if (stored != expected) {
      throw new CheckpointFormatException(file + ": the config says num_hidden_layers " + expected + ", but the"
          + " weights hold " + stored + " layer(s)");
    }
  }

  /** The number of layers the tensor names hold: 1 + the largest index captured by {@code pattern} (0 when none). */
  static int layerCount(Collection<String> names, Pattern pattern) {
    long largest = -1;
    for (String name : names) {
      Matcher m = pattern.matcher(name);
      if (m.matches()) {
        String digits = m.group(1);
        long index = digits.length() > 9 ? Integer.MAX_VALUE : Long.parseLong(digits);
        largest = Math.max(largest, index);
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, largest + 1);
  }

  /** Adds to {@code missing} or {@code mismatched} when the stored tensor {@code key} is absent or misshapen. */
  static void checkShape(WeightFiles weights, String key, String name, long[] expected, List<String> missing,
      List<String> mismatched) {
    if (key == null) {
      missing.add(name);
      return;
    }
    long[] found = weights.info(key).shape();
    if (!Arrays.equals(found, expected)) {
      mismatched.add(key + " is " + Arrays.toString(found) + ", expected " + Arrays.toString(expected));
    }
  }

  static void throwIfAny(Path file, String config, List<String> missing, List<String> unexpected,
      List<String> mismatched) throws CheckpointFormatException {
    if (missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder(file + " does not match " + config + ":");
    if (!missing.isEmpty()) {
      message.append("\n  ").append(missing.size()).append(" missing tensor(s): ").append(shorten(missing));
    }
    if (!unexpected.isEmpty()) {
      message.append("\n  ").append(unexpected.size()).append(" unexpected tensor(s): ").append(shorten(unexpected));
    }
    if (!mismatched.isEmpty()) {
      message.append("\n  ").append(mismatched.size()).append(" shape mismatch(es): ")
          .append(String.join("; ", mismatched.size() > 20 ? mismatched.subList(0, 20) : mismatched));
    }
    throw new CheckpointFormatException(message.toString());
  }

  private static String shorten(List<String> list) {
    return list.size() <= 20 ? list.toString() : list.subList(0, 20) + " ...";
  }

  static void requireFinite(float[] values, String key, Path file) throws CheckpointFormatException {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new CheckpointFormatException(file + ": tensor " + key + " holds a non-finite value (" + values[i]
            + ") at element " + i);
      }
    }
  }
}
