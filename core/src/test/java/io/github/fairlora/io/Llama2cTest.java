package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading and saving llama2.c checkpoints: the real stories260K file, round trips, the version-1 layout, errors. */
class Llama2cTest {
  @TempDir
  Path directory;

  static Path stories() {
    return SharedFiles.require("models/stories260K/stories260K.bin");
  }

  /** A small Llama decoder with N(0, 0.5²) weights everywhere (norm scales included), kv heads grouped 3:1. */
  static Decoder randomLlama(boolean tied, long seed) {
    DecoderConfig config = DecoderConfig.llama(37, 16, 12, 2, 6, 2, 20);
    Decoder decoder = new Decoder(tied ? config : config.withUntiedHead(), seed);
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (Parameter p : decoder.parameters().values()) {
      Initializers.normal(p.value(), random, 0.5);
    }
    return decoder;
  }

  static float[] logits(Decoder decoder, int[] tokens) {
    decoder.forward(TokenBatch.inputsOnly(List.of(tokens), 0), false);
    return Arrays.copyOf(decoder.lastLogits().toArray(), tokens.length * decoder.config().vocabularySize());
  }

  @Test
  void stories260KHeaderBecomesTheConfig() throws IOException {
    Decoder model = Llama2c.load(stories());
    DecoderConfig c = model.config();
    assertThat(c.family()).isEqualTo(DecoderConfig.Family.LLAMA);
    assertThat(new int[] {c.width(), c.hiddenSize(), c.numberOfLayers(), c.numberOfHeads(), c.numberOfKvHeads(),
        c.vocabularySize(), c.contextLength()}).containsExactly(64, 172, 5, 8, 4, 512, 512);
    assertThat(c.tiedEmbeddings()).isTrue();
    assertThat(c.normEpsilon()).isEqualTo(1e-5f);
    assertThat(c.ropeTheta()).isEqualTo(10000f);
    assertThat(model.head()).isNull();
    // 32,768 embedding + 5 × 45,440 per layer + 64 final norm = 260,032 weights (the file adds 4,096 RoPE floats)
    assertThat(model.parameterCount()).isEqualTo(260_032L);
  }

  /**
   * Spot checks of where each array lands, read here straight from the file at offsets worked out by hand from the
   * legacy layout: header 28 bytes; embedding 512×64 = 32,768 floats; rms_att 5×64; wq 5×64×64; wk and wv 5×32×64
   * each; wo 5×64×64; rms_ffn 5×64; w1 5×172×64; w2 5×64×172; w3 5×172×64; rms_final 64.
   */
  @Test
  void stories260KArraysLandInTheRightParameters() throws IOException {
    Path file = stories();
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Parameter> p = Llama2c.load(file).parameters();
    int embed = 0;
    int rmsAtt = embed + 512 * 64;
    int wq = rmsAtt + 5 * 64;
    int wk = wq + 5 * 64 * 64;
    int wv = wk + 5 * 32 * 64;
    int wo = wv + 5 * 32 * 64;
    int rmsFfn = wo + 5 * 64 * 64;
    int w1 = rmsFfn + 5 * 64;
    int w2 = w1 + 5 * 172 * 64;
    int w3 = w2 + 5 * 64 * 172;
    int rmsFinal = w3 + 5 * 172 * 64;
    int tables = rmsFinal + 64;
    assertThat(tables + 2 * 512 * 4).isEqualTo(264_128);
    Object[][] checks = {
        {"embed.weight", embed, 512 * 64},
        {"layers.0.attention_norm.weight", rmsAtt, 64},
        {"layers.4.attention_norm.weight", rmsAtt + 4 * 64, 64},
        {"layers.1.q.weight", wq + 64 * 64, 64 * 64},
        {"layers.2.k.weight", wk + 2 * 32 * 64, 32 * 64},
        {"layers.3.v.weight", wv + 3 * 32 * 64, 32 * 64},
        {"layers.4.o.weight", wo + 4 * 64 * 64, 64 * 64},
        {"layers.0.mlp_norm.weight", rmsFfn, 64},
        {"layers.1.gate.weight", w1 + 172 * 64, 172 * 64},
        {"layers.2.down.weight", w2 + 2 * 64 * 172, 64 * 172},
        {"layers.3.up.weight", w3 + 3 * 172 * 64, 172 * 64},
        {"norm.weight", rmsFinal, 64},
    };
    for (Object[] check : checks) {
      float[] values = p.get((String) check[0]).value().toArray();
      int start = (int) check[1];
      assertThat(values).as((String) check[0]).hasSize((int) check[2]);
      for (int i = 0; i < values.length; i++) {
        assertThat(values[i]).as("%s[%d]", check[0], i).isEqualTo(bytes.getFloat(28 + 4 * (start + i)));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void savedRandomDecoderLoadsWithIdenticalParametersAndLogits(boolean tied) throws IOException {
    Decoder original = randomLlama(tied, 11);
    Path file = directory.resolve("model.bin");
    Llama2c.save(original, file);
    // 28-byte header + floats: embedding 37×12, per layer 2×12 + 2×144 + 2×(4·12... kv 2 heads × hs 2 = 4)×12
    // + 3×20×12, final norm 12, RoPE tables 16×2/2 × 2, plus the 37×12 classifier when untied.
    long floats = 37 * 12 + 2 * (2 * 12 + 2 * 144 + 2 * 4 * 12 + 3 * 20 * 12) + 12 + 2 * 16 + (tied ? 0 : 37 * 12);
    assertThat(Files.size(file)).isEqualTo(28 + 4 * floats);
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file), 0, 28).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(header.getInt(20)).isEqualTo(tied ? 37 : -37);
    Decoder loaded = Llama2c.load(file);
    assertThat(loaded.config()).isEqualTo(original.config());
    assertSameParameters(loaded, original);
    int[] tokens = {1, 5, 36, 0, 17, 9, 9, 30, 2};
    assertThat(logits(loaded, tokens)).containsExactly(logits(original, tokens));
  }

  static void assertSameParameters(Decoder actual, Decoder expected) {
    Map<String, Parameter> a = actual.parameters();
    Map<String, Parameter> e = expected.parameters();
    assertThat(a.keySet()).containsExactlyElementsOf(e.keySet());
    for (String name : e.keySet()) {
      assertThat(a.get(name).value().toArray()).as(name).containsExactly(e.get(name).value().toArray());
    }
  }

  /**
   * Saving the loaded real model reproduces the file: the header and every weight byte for byte, and RoPE tables
   * equal to the ones llama2.c's export computed (float32 cos/sin of the same angles: within 1e-6).
   */
  @Test
  void savingStories260KReproducesTheOriginalFile() throws IOException {
    Path original = stories();
    Path copy = directory.resolve("copy.bin");
    Llama2c.save(Llama2c.load(original), copy);
    byte[] expected = Files.readAllBytes(original);
    byte[] actual = Files.readAllBytes(copy);
    assertThat(actual).hasSize(1_056_540);
    int tablesStart = 28 + 4 * (264_128 - 2 * 512 * 4);
    assertThat(Arrays.copyOf(actual, tablesStart)).isEqualTo(Arrays.copyOf(expected, tablesStart));
    ByteBuffer a = ByteBuffer.wrap(actual).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
    double worst = 0;
    for (int at = tablesStart; at < actual.length; at += 4) {
      worst = Math.max(worst, Math.abs(a.getFloat(at) - e.getFloat(at)));
    }
    assertThat(worst).isLessThan(1e-6);
    // The first cos entry is cos(0) = 1 and the first sin entry sin(0) = 0.
    assertThat(a.getFloat(tablesStart)).isEqualTo(1f);
    assertThat(a.getFloat(tablesStart + 4 * 512 * 4)).isEqualTo(0f);
  }

  /**
   * The version-1 layout, built here from a legacy file by moving its arrays into the version-1 order (an independent
   * transcription of that order), loads to the same parameters.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void versionOneLayoutLoadsTheSameWeights(boolean tied) throws IOException {
    Decoder original = randomLlama(tied, 23);
    Path legacy = directory.resolve("legacy.bin");
    Llama2c.save(original, legacy);
    Path version1 = directory.resolve("v1.bin");
    Files.write(version1, toVersionOne(Files.readAllBytes(legacy)));
    Decoder loaded = Llama2c.load(version1);
    assertThat(loaded.config()).isEqualTo(original.config());
    assertSameParameters(loaded, original);
  }

  /** Rewrites a legacy file as version 1. */
  static byte[] toVersionOne(byte[] legacy) {
    ByteBuffer in = ByteBuffer.wrap(legacy).order(ByteOrder.LITTLE_ENDIAN);
    int dim = in.getInt(0);
    int hidden = in.getInt(4);
    int layers = in.getInt(8);
    int heads = in.getInt(12);
    int kvHeads = in.getInt(16);
    int vocab = in.getInt(20);
    int seqLen = in.getInt(24);
    boolean shared = vocab > 0;
    vocab = Math.abs(vocab);
    int kvDim = kvHeads * (dim / heads);
    // Legacy arrays in order, as [name, floats].
    String[] names = {"emb", "rms_att", "wq", "wk", "wv", "wo", "rms_ffn", "w1", "w2", "w3", "rms_final", "cos", "sin",
        "wcls"};
    int[] sizes = {vocab * dim, layers * dim, layers * dim * dim, layers * kvDim * dim, layers * kvDim * dim,
        layers * dim * dim, layers * dim, layers * hidden * dim, layers * dim * hidden, layers * hidden * dim, dim,
        seqLen * (dim / heads) / 2, seqLen * (dim / heads) / 2, shared ? 0 : vocab * dim};
    Map<String, byte[]> arrays = new java.util.HashMap<>();
    int at = 28;
    for (int i = 0; i < names.length; i++) {
      arrays.put(names[i], Arrays.copyOfRange(legacy, at, at + 4 * sizes[i]));
      at += 4 * sizes[i];
    }
    assertThat(at).isEqualTo(legacy.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0x616b3432).putInt(1).putInt(dim).putInt(hidden).putInt(layers).putInt(heads).putInt(kvHeads)
        .putInt(vocab).putInt(seqLen).put((byte) (shared ? 1 : 0));
    out.writeBytes(header.array());
    for (String name : new String[] {"rms_att", "rms_ffn", "rms_final", "emb", "wq", "wk", "wv", "wo", "w1", "w2",
        "w3", "wcls"}) {
      out.writeBytes(arrays.get(name));
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Bad files

  private Path writeFile(String name, byte[] bytes) throws IOException {
    Path file = directory.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private byte[] savedBytes() throws IOException {
    Path file = directory.resolve("good.bin");
    Llama2c.save(randomLlama(true, 3), file);
    return Files.readAllBytes(file);
  }

  private static byte[] withInt(byte[] bytes, int offset, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return copy;
  }

  @Test
  void truncatedOrPaddedFilesAreRejectedWithTheExpectedSize() throws IOException {
    byte[] good = savedBytes();
    Path truncated = writeFile("truncated.bin", Arrays.copyOf(good, good.length - 4));
    assertThatThrownBy(() -> Llama2c.load(truncated)).isInstanceOf(IOException.class)
        .hasMessageContaining(truncated.toString())
        .hasMessageContaining("file is " + (good.length - 4) + " bytes")
        .hasMessageContaining("implies exactly " + good.length + " bytes")
        .hasMessageContaining("truncated");
    Path padded = writeFile("padded.bin", Arrays.copyOf(good, good.length + 1));
    assertThatThrownBy(() -> Llama2c.load(padded)).isInstanceOf(IOException.class)
        .hasMessageContaining("file is " + (good.length + 1) + " bytes")
        .hasMessageContaining("implies exactly " + good.length + " bytes");
    Path tiny = writeFile("tiny.bin", new byte[10]);
    assertThatThrownBy(() -> Llama2c.load(tiny)).isInstanceOf(IOException.class)
        .hasMessageContaining(tiny.toString()).hasMessageContaining("10 bytes").hasMessageContaining("28-byte");
  }

  @Test
  void stories260KCutShortNamesTheExactSize() throws IOException {
    byte[] real = Files.readAllBytes(stories());
    Path cut = writeFile("cut.bin", Arrays.copyOf(real, 1_000_000));
    assertThatThrownBy(() -> Llama2c.load(cut)).isInstanceOf(IOException.class)
        .hasMessageContaining("file is 1000000 bytes").hasMessageContaining("implies exactly 1056540 bytes");
  }

  @Test
  void nonsenseHeaderValuesAreRejected() throws IOException {
    byte[] good = savedBytes();
    // header offsets: 0 dim, 4 hidden_dim, 8 n_layers, 12 n_heads, 16 n_kv_heads, 20 vocab_size, 24 seq_len
    Object[][] cases = {
        {0, 0, "header field dim is 0; expected a positive value"},
        {4, -5, "header field hidden_dim is -5"},
        {8, 0, "header field n_layers is 0"},
        {12, 0, "header field n_heads is 0"},
        {12, 5, "n_heads (5) must divide dim (12)"},
        {16, 4, "n_kv_heads (4) must divide n_heads (6)"},
        {16, 12, "n_kv_heads (12) must divide n_heads (6)"},
        {20, 0, "header field vocab_size is 0"},
        {24, -1, "header field seq_len is -1"},
        {12, 12, "head size dim / n_heads = 1 is odd"},
        {0, Integer.MAX_VALUE, "n_heads (6) must divide dim (2147483647)"},
        {4, Integer.MAX_VALUE, "more than the 2^31-1 one tensor can hold"},
        {20, Integer.MIN_VALUE, "vocab_size is -2147483648"},
    };
    for (Object[] c : cases) {
      Path file = writeFile("bad.bin", withInt(good, (int) c[0], (int) c[1]));
      assertThatThrownBy(() -> Llama2c.load(file)).as("offset %s = %s", c[0], c[1]).isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining((String) c[2]);
    }
  }

  @Test
  void versionOneHeaderProblemsAreRejected() throws IOException {
    byte[] v1 = toVersionOne(savedBytes());
    Path version2 = writeFile("v2.bin", withInt(v1, 4, 2));
    assertThatThrownBy(() -> Llama2c.load(version2)).isInstanceOf(IOException.class)
        .hasMessageContaining("version 2 is not supported").hasMessageContaining("int8");
    byte[] badShared = v1.clone();
    badShared[36] = 7;
    Path shared = writeFile("shared.bin", badShared);
    assertThatThrownBy(() -> Llama2c.load(shared)).isInstanceOf(IOException.class)
        .hasMessageContaining("shared_classifier is 7; expected 0 or 1");
    Path negative = writeFile("negative.bin", withInt(v1, 28, -37));
    assertThatThrownBy(() -> Llama2c.load(negative)).isInstanceOf(IOException.class)
        .hasMessageContaining("vocab_size is -37");
    Path shortFile = writeFile("short.bin", Arrays.copyOf(v1, 100));
    assertThatThrownBy(() -> Llama2c.load(shortFile)).isInstanceOf(IOException.class)
        .hasMessageContaining("version-1 magic").hasMessageContaining("100 bytes");
    // shared_classifier 0 on a file without a classifier: the size no longer matches
    byte[] untied = v1.clone();
    untied[36] = 0;
    Path missing = writeFile("missing.bin", untied);
    assertThatThrownBy(() -> Llama2c.load(missing)).isInstanceOf(IOException.class)
        .hasMessageContaining("version-1 header").hasMessageContaining("separate classifier")
        .hasMessageContaining("truncated");
  }

  @Test
  void nonFiniteWeightsAreRejectedWithTheirPlace() throws IOException {
    byte[] bytes = savedBytes();
    // float 3 of the embedding (37×12), i.e. byte 28 + 12
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(28 + 12, Float.NaN);
    Path file = writeFile("nan.bin", bytes);
    assertThatThrownBy(() -> Llama2c.load(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("token_embedding holds the non-finite value NaN at element 3 (byte 40)");
  }

  @Test
  void missingFileIsAnIoError() {
    Path absent = directory.resolve("absent.bin");
    assertThatThrownBy(() -> Llama2c.load(absent)).isInstanceOf(IOException.class)
        .hasMessageContaining(absent.toString());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // What save refuses, and merged adapters

  @Test
  void saveRefusesWhatTheFormatCannotHold() throws IOException {
    Path file = directory.resolve("out.bin");
    Decoder gpt2 = new Decoder(DecoderConfig.gpt2(20, 8, 8, 1, 2), 1);
    assertThatThrownBy(() -> Llama2c.save(gpt2, file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GPT2").hasMessageContaining("Llama-family decoders only");

    Decoder adapted = randomLlama(true, 4);
    Adapters.attach(adapted, new LoraConfig(2, 4f, 0f, false, EnumSet.of(Target.Q), new TreeSet<>()), 9);
    assertThatThrownBy(() -> Llama2c.save(adapted, file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unmerged adapters on [layers.0.q, layers.1.q]").hasMessageContaining("merge");

    Decoder classifier = randomLlama(true, 5).copyWithClassifier(3, 1);
    assertThatThrownBy(() -> Llama2c.save(classifier, file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3-class classification head");

    DecoderConfig c = DecoderConfig.llama(20, 8, 8, 1, 2, 2, 16);
    Decoder otherEpsilon = new Decoder(new DecoderConfig(c.family(), 20, 8, 8, 1, 2, 2, 16, 1e-6f, 10000f, true, 0), 1);
    assertThatThrownBy(() -> Llama2c.save(otherEpsilon, file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normEpsilon 1.0E-6");
    assertThat(file).doesNotExist();
  }

  @Test
  void mergedAdaptersAreSavedAsPartOfTheBaseWeights() throws IOException {
    Decoder adapted = randomLlama(false, 6);
    Adapters.attach(adapted, new LoraConfig(2, 4f, 0f, false, EnumSet.of(Target.ALL_LINEAR), new TreeSet<>()), 9);
    SplittableRandom random = new SplittableRandom(2);
    for (LoraLinear lora : adapted.adapters().values()) {
      Initializers.normal(lora.loraB().value(), random, 0.3);
    }
    int[] tokens = {3, 1, 4, 1, 5, 9, 2, 6};
    float[] adaptedLogits = logits(adapted, tokens);
    adapted.adapters().values().forEach(LoraLinear::merge);
    Path file = directory.resolve("merged.bin");
    Llama2c.save(adapted, file);
    Decoder loaded = Llama2c.load(file);
    assertThat(loaded.adapters()).isEmpty();
    assertThat(loaded.parameters().get("layers.1.gate.weight").value().toArray())
        .containsExactly(adapted.blocks().get(1).baseLinear(io.github.fairlora.model.Projection.GATE).weight().value()
            .toArray());
    float[] loadedLogits = logits(loaded, tokens);
    for (int i = 0; i < loadedLogits.length; i++) {
      assertThat(loadedLogits[i]).isCloseTo(adaptedLogits[i],
          org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(adaptedLogits[i]))));
    }
  }
}
