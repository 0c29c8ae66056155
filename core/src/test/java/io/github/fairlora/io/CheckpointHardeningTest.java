package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loaders check a config against the checkpoint's tensor shapes and against the memory it implies before allocating
 * anything, refuse integer weights, and say what a file of the wrong kind is.
 */
class CheckpointHardeningTest {
  @TempDir
  Path temporary;

  private Path gpt2Directory(String name) throws IOException {
    Path directory = temporary.resolve(name);
    Gpt2.save(new Decoder(DecoderConfig.gpt2(50, 16, 16, 2, 4), 1), directory);
    return directory;
  }

  /** The values that used to grow allocations past 11, 8.6 and 5.1 GB before the shape check. */
  @ParameterizedTest
  @CsvSource({"n_layer, 2147483647, n_layer 2147483647", "n_inner, 16777216, 'mlp.c_fc.weight is [16, 64], expected [16, 16777216]'",
      "n_positions, 40000000, 'wpe.weight is [16, 16], expected [40000000, 16]'"})
  void hostileGpt2ConfigsFailFastBeforeAllocating(String field, long value, String message) throws IOException {
    Path directory = gpt2Directory(field);
    Path config = directory.resolve("config.json");
    String json = Files.readString(config).replaceFirst("\"" + field + "\" : [^,\\n]+", "\"" + field + "\" : " + value);
    assertThat(json).contains("\"" + field + "\" : " + value);
    Files.writeString(config, json);
    long offHeapBefore = Pointer.totalBytes();
    long started = System.nanoTime();
    assertThatThrownBy(() -> Gpt2.load(directory)).isInstanceOf(Gpt2FormatException.class)
        .hasMessageContaining(message);
    assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    assertThat(Pointer.totalBytes() - offHeapBefore).isLessThan(64L << 20);
  }

  /** As GPT2ForSequenceClassification's score layer, a head added to a loaded GPT-2 has no bias, so PEFT agrees. */
  @Test
  void aClassifierAddedToALoadedGpt2HasNoBiasAndSavesNone() throws IOException {
    Decoder model = Gpt2.load(gpt2Directory("classifier")).copyWithClassifier(3, 5);
    assertThat(model.classifier().bias()).isNull();
    io.github.fairlora.lora.Adapters.attach(model, new io.github.fairlora.lora.LoraConfig(2, 4f, 0f, false,
        java.util.Set.of(io.github.fairlora.lora.Target.QKV), null), 1L);
    Path saved = temporary.resolve("classifier-adapter");
    PeftAdapters.save(model, saved, "gpt2");
    assertThat(Safetensors.read(saved.resolve(PeftAdapters.WEIGHTS_FILE)).tensors())
        .containsKey("base_model.model.score.weight").doesNotContainKey("base_model.model.score.bias");
    assertThat(CheckpointMemory.parameterFloats(model.config())).isEqualTo(model.copy().parameterCount());
  }

  @Test
  void theMemoryEstimateRefusesAModelTooLargeForThisJvmWithTheFigure() {
    DecoderConfig huge = DecoderConfig.llama(128_000, 4096, 8192, 80, 64, 8, 28672);
    assertThat(CheckpointMemory.parameterFloats(huge)).isGreaterThan(60_000_000_000L);
    assertThatThrownBy(() -> CheckpointMemory.require(Path.of("model.safetensors"), huge, 0))
        .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("MiB for its weights")
        .hasMessageContaining("-Xmx");
    // The estimate is exact for what a decoder allocates.
    DecoderConfig small = DecoderConfig.llama(50, 16, 16, 2, 4, 2, 24);
    assertThat(CheckpointMemory.parameterFloats(small)).isEqualTo(new Decoder(small, 1).parameterCount());
    DecoderConfig gpt2 = DecoderConfig.gpt2(50, 16, 16, 2, 4);
    assertThat(CheckpointMemory.parameterFloats(gpt2)).isEqualTo(new Decoder(gpt2, 1).parameterCount());
  }

  @Test
  void integerTensorsAreRefusedAsWeightsNamingTensorAndDtype() throws IOException {
    Path directory = gpt2Directory("int32");
    Path weights = directory.resolve("model.safetensors");
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    Safetensors.Contents contents = Safetensors.read(weights);
    tensors.putAll(contents.tensors());
    // Rewrite the file by hand with ln_f.bias stored as I32.
    Files.delete(weights);
    writeWithOneIntTensor(weights, tensors, "ln_f.bias");
    assertThatThrownBy(() -> Gpt2.load(directory)).isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("ln_f.bias").hasMessageContaining("I32")
        .hasMessageContaining("floating-point");
  }

  /** A safetensors file with every tensor F32 except {@code intName}, stored as I32 (same byte size). */
  private static void writeWithOneIntTensor(Path file, Map<String, TensorData> tensors, String intName)
      throws IOException {
    StringBuilder header = new StringBuilder("{");
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    long offset = 0;
    for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
      float[] values = entry.getValue().values();
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(values.length * 4)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      boolean asInt = entry.getKey().equals(intName);
      for (float v : values) {
        if (asInt) {
          bytes.putInt(Math.round(v * 1000));
        } else {
          bytes.putFloat(v);
        }
      }
      data.writeBytes(bytes.array());
      if (header.length() > 1) {
        header.append(',');
      }
      header.append('"').append(entry.getKey()).append("\":{\"dtype\":\"").append(asInt ? "I32" : "F32")
          .append("\",\"shape\":").append(java.util.Arrays.toString(entry.getValue().shape()).replace(" ", ""))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + values.length * 4L).append("]}");
      offset += values.length * 4L;
    }
    header.append('}');
    while (header.length() % 8 != 0) {
      header.append(' ');
    }
    byte[] headerBytes = header.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer length = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(headerBytes.length);
    try (var out = Files.newOutputStream(file)) {
      out.write(length.array());
      out.write(headerBytes);
      out.write(data.toByteArray());
    }
  }

  @Test
  void llama2cLoadOnASafetensorsFileSaysWhatItIs() throws IOException {
    Path weights = gpt2Directory("not-llama2c").resolve("model.safetensors");
    assertThatThrownBy(() -> Llama2c.load(weights)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("not a llama2.c checkpoint").hasMessageContaining("is a safetensors file")
        .hasMessageNotContaining("hidden_dim");
    assertThatThrownBy(() -> Llama2c.load(weights.getParent())).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("HuggingFace.load");
  }

  @Test
  void wrongKindsOfPathForTheHuggingFaceLoaderAreNamed() throws IOException {
    Path weights = gpt2Directory("file").resolve("model.safetensors");
    assertThatThrownBy(() -> HuggingFace.load(weights)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("is a safetensors file").hasMessageContaining("expected a Hugging Face checkpoint"
            + " directory");
    Path opt = Files.createDirectories(temporary.resolve("opt"));
    Files.writeString(opt.resolve("config.json"), "{\"model_type\": \"bloom\"}");
    assertThatThrownBy(() -> HuggingFace.load(opt)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("model_type \"bloom\" is not supported");
    // A GPT-2 directory goes through the same entry point.
    assertThat(HuggingFace.load(weights.getParent()).config().family()).isEqualTo(DecoderConfig.Family.GPT2);
  }

  @Test
  void aShardedIndexNamingAMissingShardIsReportedWithTheIndex() throws Exception {
    Path source = HuggingFaceFixturesTest.fixture("llama-sharded");
    Path copy = Files.createDirectories(temporary.resolve("sharded"));
    try (var files = Files.list(source)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().startsWith("model-00002")) {
          Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
    }
    assertThatThrownBy(() -> HuggingFace.load(copy)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("model.safetensors.index.json").hasMessageContaining("model-00002-of-00004.safetensors")
        .hasMessageContaining("missing");
  }

  @Test
  void aLlamaConfigWithMoreLayersThanTheWeightsFailsBeforeAllocating() throws Exception {
    Path source = HuggingFaceFixturesTest.fixture("llama");
    Path copy = Files.createDirectories(temporary.resolve("layers"));
    Files.copy(source.resolve("model.safetensors"), copy.resolve("model.safetensors"));
    Files.writeString(copy.resolve("config.json"), Files.readString(source.resolve("config.json"))
        .replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 2147483647")
        .replace("\"sliding_window\"", "\"unused\""));
    assertThatThrownBy(() -> HuggingFace.load(copy)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("num_hidden_layers 2147483647").hasMessageContaining("hold 2 layer(s)");
    Files.writeString(copy.resolve("config.json"), Files.readString(source.resolve("config.json"))
        .replace("\"rope_type\": \"default\"", "\"rope_type\": \"yarn\""));
    assertThatThrownBy(() -> HuggingFace.load(copy)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("rope_type \"yarn\"");
  }
}
