package io.github.fairlora.io;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes llama2.c checkpoints ({@code run.c}'s {@code .bin} files) as Llama-family {@link Decoder}s.
 *
 * <p>Two layouts are read, both little-endian:
 * <ul>
 *   <li>legacy: a 28-byte header of 7 int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len;
 *       a negative vocab_size means a separate output classifier), then float32 arrays in the order token embedding,
 *       rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, two RoPE tables of seq_len·headSize/2 floats each
 *       (ignored: the decoder computes its own), and the classifier when it is separate;</li>
 *   <li>version 1: a 256-byte header (magic 0x616b3432, int32 version 1, the same 7 int32 with a positive vocab_size,
 *       a byte shared_classifier, zero padding), then rms_att, rms_ffn, rms_final, token embedding, wq, wk, wv, wo,
 *       w1, w2, w3 and the classifier when it is separate; no RoPE tables.</li>
 * </ul>
 * Every matrix is row-major (out, in), stacked over layers. w1 is the gate projection, w3 the up projection and w2
 * the down projection. The format records neither the norm epsilon nor the RoPE base: llama2.c fixes them at 1e-5
 * and 10000.
 *
 * <p>{@link #save} writes the legacy layout, which every llama2.c runtime reads.
 */
public final class Llama2c {
  private Llama2c() {}

  /** First int32 of a version-1 file ("ak42" in little-endian bytes). */
  static final int VERSION_1_MAGIC = 0x616b3432;
  /** Size of the version-1 header in bytes. */
  static final int VERSION_1_HEADER_BYTES = 256;
  /** Size of the legacy header in bytes: 7 int32. */
  static final int LEGACY_HEADER_BYTES = 28;

  private static final float NORM_EPSILON = 1e-5f;
  private static final float ROPE_THETA = 10000f;
  /** Floats moved per read or write call. */
  private static final int CHUNK_FLOATS = 1 << 16;

  private enum Layout {
    LEGACY,
    VERSION_1
  }

  /** The seven header fields, vocabularySize already made positive. */
  private record Header(Layout layout, int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabularySize,
      int sequenceLength, boolean sharedClassifier) {

    int headSize() {
      return dim / heads;
    }

    int kvDim() {
      return kvHeads * headSize();
    }

    int headerBytes() {
      return layout == Layout.LEGACY ? LEGACY_HEADER_BYTES : VERSION_1_HEADER_BYTES;
    }

    String describe() {
      return "dim " + dim + ", hidden_dim " + hiddenDim + ", n_layers " + layers + ", n_heads " + heads
          + ", n_kv_heads " + kvHeads + ", vocab_size " + vocabularySize + ", seq_len " + sequenceLength
          + (sharedClassifier ? ", shared classifier" : ", separate classifier");
    }
  }

  /**
   * One array of the file in order: {@code floats} values that go to {@code target} (a parameter's whole tensor), or
   * are skipped on reading (target null: the legacy RoPE tables).
   */
  private record Segment(String label, Tensor target, long floats) {}

  // ---------------------------------------------------------------------------------------------------------------
  // Loading

  /**
   * Reads a llama2.c checkpoint of either layout into a new Llama decoder (RMSNorm epsilon 1e-5, RoPE base 10000,
   * head tied to the token embedding unless the file stores a separate classifier).
   *
   * @throws IOException when the file cannot be read, or when it is not a valid checkpoint: a header value that makes
   *     no sense (non-positive sizes, heads not dividing dim, ...), a size that differs from what the header implies,
   *     an unsupported version, or non-finite weights. The message names the file, the field or array, and what
   *     was expected against what was found.
   */
  public static Decoder load(Path checkpoint) throws IOException {
    if (Files.isDirectory(checkpoint)) {
      throw new CheckpointFormatException(checkpoint + ": not a llama2.c checkpoint: it " + Checkpoints.describe(
          checkpoint) + "; expected a llama2.c .bin file" + (HuggingFace.isCheckpointDirectory(checkpoint)
          ? " (load Hugging Face directories with HuggingFace.load)" : ""));
    }
    String kind = Checkpoints.describe(checkpoint);
    if (kind.startsWith("is a safetensors") || kind.startsWith("is a zip") || kind.startsWith("is a GGUF")
        || kind.startsWith("is a JSON")) {
      throw new CheckpointFormatException(checkpoint + ": not a llama2.c checkpoint: it " + kind + "; expected a"
          + " llama2.c .bin file (a 28-byte legacy header or the version-1 magic 0x616b3432, then float32 weights)"
          + (kind.startsWith("is a safetensors") ? "; for a Hugging Face model give the directory holding it and its"
              + " config.json (HuggingFace.load)" : ""));
    }
    try (FileChannel channel = FileChannel.open(checkpoint, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      Header header = readHeader(checkpoint, channel, fileSize);
      long expected = expectedSize(checkpoint, header);
      if (fileSize != expected) {
        throw new IOException(checkpoint + ": file is " + fileSize + " bytes but its " + layoutName(header.layout)
            + " header (" + header.describe() + ") implies exactly " + expected + " bytes"
            + (fileSize < expected ? " (truncated?)" : " (trailing data or wrong header?)"));
      }
      DecoderConfig config = DecoderConfig.llama(header.vocabularySize, header.sequenceLength, header.dim,
          header.layers, header.heads, header.kvHeads, header.hiddenDim);
      if (!header.sharedClassifier) {
        config = config.withUntiedHead();
      }
      // The header matched the file size, so the weights are really there; refuse early what will not fit.
      CheckpointMemory.require(checkpoint, config, 0);
      Decoder decoder = Decoder.uninitialized(config);
      List<Segment> plan = plan(header, decoder.parameters());
      channel.position(header.headerBytes());
      readSegments(checkpoint, channel, plan);
      return decoder;
    }
  }

  private static String layoutName(Layout layout) {
    return layout == Layout.LEGACY ? "legacy" : "version-1";
  }

  private static Header readHeader(Path file, FileChannel channel, long fileSize) throws IOException {
    if (fileSize < LEGACY_HEADER_BYTES) {
      throw new IOException(file + ": file is " + fileSize + " bytes, shorter than the " + LEGACY_HEADER_BYTES
          + "-byte llama2.c header");
    }
    ByteBuffer first = readFully(file, channel, 0, 4);
    boolean version1 = first.getInt(0) == VERSION_1_MAGIC;
    if (!version1) {
      ByteBuffer bytes = readFully(file, channel, 0, LEGACY_HEADER_BYTES);
      int[] fields = new int[7];
      for (int i = 0; i < 7; i++) {
        fields[i] = bytes.getInt(4 * i);
      }
      int vocabulary = fields[5];
      if (vocabulary == Integer.MIN_VALUE) {
        throw new IOException(file + ": header field vocab_size is " + vocabulary + "; expected a non-zero size");
      }
      return validate(file, new Header(Layout.LEGACY, fields[0], fields[1], fields[2], fields[3], fields[4],
          Math.abs(vocabulary), fields[6], vocabulary > 0));
    }
    if (fileSize < VERSION_1_HEADER_BYTES) {
      throw new IOException(file + ": file starts with the version-1 magic 0x616b3432 but is only " + fileSize
          + " bytes, shorter than the " + VERSION_1_HEADER_BYTES + "-byte version-1 header");
    }
    ByteBuffer bytes = readFully(file, channel, 0, VERSION_1_HEADER_BYTES);
    int version = bytes.getInt(4);
    if (version != 1) {
      throw new IOException(file + ": llama2.c checkpoint version " + version + " is not supported; expected version 1"
          + (version == 2 ? " (version 2 is int8-quantized; export float32 weights with version 1 or the legacy layout)"
              : ""));
    }
    int[] fields = new int[7];
    for (int i = 0; i < 7; i++) {
      fields[i] = bytes.getInt(8 + 4 * i);
    }
    int shared = bytes.get(36) & 0xff;
    if (shared > 1) {
      throw new IOException(file + ": header byte shared_classifier is " + shared + "; expected 0 or 1");
    }
    if (fields[5] < 1) {
      throw new IOException(file + ": header field vocab_size is " + fields[5]
          + "; expected a positive size (version 1 records a separate classifier in shared_classifier)");
    }
    return validate(file, new Header(Layout.VERSION_1, fields[0], fields[1], fields[2], fields[3], fields[4],
        fields[5], fields[6], shared == 1));
  }

  private static Header validate(Path file, Header h) throws IOException {
    positive(file, "dim", h.dim);
    positive(file, "hidden_dim", h.hiddenDim);
    positive(file, "n_layers", h.layers);
    positive(file, "n_heads", h.heads);
    positive(file, "n_kv_heads", h.kvHeads);
    positive(file, "vocab_size", h.vocabularySize);
    positive(file, "seq_len", h.sequenceLength);
    if (h.dim % h.heads != 0) {
      throw new IOException(file + ": header field n_heads (" + h.heads + ") must divide dim (" + h.dim + ")");
    }
    if (h.kvHeads > h.heads || h.heads % h.kvHeads != 0) {
      throw new IOException(file + ": header field n_kv_heads (" + h.kvHeads + ") must divide n_heads (" + h.heads
          + ")");
    }
    if (h.headSize() % 2 != 0) {
      throw new IOException(file + ": head size dim / n_heads = " + h.headSize() + " is odd; RoPE needs an even one");
    }
    return h;
  }

  private static void positive(Path file, String field, int value) throws IOException {
    if (value < 1) {
      throw new IOException(file + ": header field " + field + " is " + value + "; expected a positive value");
    }
  }

  /** The exact file size the header implies, computed without overflow. */
  private static long expectedSize(Path file, Header h) throws IOException {
    try {
      long dim = h.dim;
      long embedding = Math.multiplyExact((long) h.vocabularySize, dim);
      long projections = Math.multiplyExact(dim, dim);
      long kvProjection = Math.multiplyExact((long) h.kvDim(), dim);
      long mlp = Math.multiplyExact((long) h.hiddenDim, dim);
      for (long count : new long[] {embedding, projections, kvProjection, mlp}) {
        if (count > Integer.MAX_VALUE) {
          throw new IOException(file + ": header (" + h.describe() + ") implies a weight matrix of " + count
              + " floats, more than the 2^31-1 one tensor can hold");
        }
      }
      long perLayer = 2 * dim + 2 * projections + 2 * kvProjection + 3 * mlp;
      long floats = Math.addExact(Math.addExact(embedding, Math.multiplyExact(perLayer, (long) h.layers)), dim);
      if (h.layout == Layout.LEGACY) {
        floats = Math.addExact(floats, Math.multiplyExact((long) h.sequenceLength, (long) h.headSize()));
      }
      if (!h.sharedClassifier) {
        floats = Math.addExact(floats, embedding);
      }
      return Math.addExact(h.headerBytes(), Math.multiplyExact(floats, 4L));
    } catch (ArithmeticException e) {
      throw new IOException(file + ": header (" + h.describe() + ") implies a size beyond 2^63 bytes", e);
    }
  }

  /** The arrays of the layout, in file order, bound to the decoder's parameters by name. */
  private static List<Segment> plan(Header h, Map<String, Parameter> parameters) {
    List<Segment> plan = new ArrayList<>();
    Map<String, Parameter> p = parameters;
    int layers = h.layers;
    String[][] matrices = {{"wq", "q"}, {"wk", "k"}, {"wv", "v"}, {"wo", "o"}, {"w1", "gate"}, {"w2", "down"},
        {"w3", "up"}};
    if (h.layout == Layout.LEGACY) {
      add(plan, "token_embedding", p, "embed.weight");
      addLayers(plan, "rms_att", p, layers, "attention_norm");
      for (String[] matrix : matrices) {
        if (matrix[0].equals("w1")) {
          // rms_ffn sits between wo and w1 in the legacy layout
          addLayers(plan, "rms_ffn", p, layers, "mlp_norm");
        }
        addLayers(plan, matrix[0], p, layers, matrix[1]);
      }
      add(plan, "rms_final", p, "norm.weight");
      long table = (long) h.sequenceLength * h.headSize() / 2;
      plan.add(new Segment("freq_cis_real", null, table));
      plan.add(new Segment("freq_cis_imag", null, table));
    } else {
      addLayers(plan, "rms_att", p, layers, "attention_norm");
      addLayers(plan, "rms_ffn", p, layers, "mlp_norm");
      add(plan, "rms_final", p, "norm.weight");
      add(plan, "token_embedding", p, "embed.weight");
      for (String[] matrix : matrices) {
        addLayers(plan, matrix[0], p, layers, matrix[1]);
      }
    }
    if (!h.sharedClassifier) {
      add(plan, "wcls", p, "head.weight");
    }
    return plan;
  }

  private static void add(List<Segment> plan, String label, Map<String, Parameter> parameters, String name) {
    Parameter parameter = parameters.get(name);
    if (parameter == null) {
      throw new IllegalStateException("decoder has no parameter " + name);
    }
    plan.add(new Segment(label, parameter.value(), parameter.size()));
  }

  private static void addLayers(List<Segment> plan, String label, Map<String, Parameter> parameters, int layers,
      String module) {
    for (int i = 0; i < layers; i++) {
      add(plan, label + "[layer " + i + "]", parameters, "layers." + i + "." + module + ".weight");
    }
  }

  private static void readSegments(Path file, FileChannel channel, List<Segment> plan) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (Segment segment : plan) {
      if (segment.target == null) {
        channel.position(channel.position() + segment.floats * 4);
        continue;
      }
      FloatBuffer target = segment.target.buffer().duplicate();
      target.clear();
      long done = 0;
      while (done < segment.floats) {
        int count = (int) Math.min(CHUNK_FLOATS, segment.floats - done);
        bytes.clear().limit(count * 4);
        long offset = channel.position();
        while (bytes.hasRemaining()) {
          if (channel.read(bytes) < 0) {
            throw new EOFException(file + ": ended inside " + segment.label + " at byte " + channel.position());
          }
        }
        bytes.flip();
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int i = 0; i < count; i++) {
          float value = floats.get(i);
          if (!Float.isFinite(value)) {
            throw new IOException(file + ": " + segment.label + " holds the non-finite value " + value + " at element "
                + (done + i) + " (byte " + (offset + 4L * i) + "); expected finite float32 weights");
          }
        }
        target.put(floats);
        done += count;
      }
    }
  }

  private static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new EOFException(file + ": ended at byte " + at + " inside the " + length + "-byte header");
      }
      at += read;
    }
    buffer.flip();
    return buffer;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Saving

  /**
   * Writes {@code model} as a legacy-layout llama2.c checkpoint (readable by llama2.c's {@code run.c} and by
   * {@link #load}): the header (vocab_size negated when the head is untied), the weights, and the two RoPE tables
   * cos/sin(pos·10000^(−2i/headSize)) of seq_len × headSize/2 floats each that llama2.c's legacy export wrote. The
   * file is written atomically.
   *
   * <p>Adapters must be merged first ({@code LoraLinear.merge()}): a merged adapter's update is part of the base
   * weight that is written.
   *
   * @throws IllegalArgumentException for a GPT-2 decoder, a decoder with unmerged adapters or a classification head,
   *     or one whose norm epsilon or RoPE base differs from llama2.c's fixed 1e-5 and 10000 (the format could not
   *     record them)
   * @throws IOException when the file cannot be written (any previous file at the path is left intact)
   */
  public static void save(Decoder model, Path checkpoint) throws IOException {
    DecoderConfig c = model.config();
    if (c.family() != DecoderConfig.Family.LLAMA) {
      throw new IllegalArgumentException("cannot save a " + c.family() + " decoder as a llama2.c checkpoint to "
          + checkpoint + ": the format holds Llama-family decoders only");
    }
    List<String> unmerged = model.adapters().entrySet().stream()
        .filter(e -> !e.getValue().merged()).map(Map.Entry::getKey).toList();
    if (!unmerged.isEmpty()) {
      throw new IllegalArgumentException("cannot save to " + checkpoint + ": the decoder has unmerged adapters on "
          + unmerged + "; merge them into the base weights first (the llama2.c format has no place for adapters)");
    }
    if (c.numberOfClasses() > 0) {
      throw new IllegalArgumentException("cannot save to " + checkpoint + ": the decoder has a " + c.numberOfClasses()
          + "-class classification head, which the llama2.c format cannot hold");
    }
    DecoderConfig.Variant variant = c.variant();
    if (variant.ropeLayout() != io.github.fairlora.nn.Rope.Layout.INTERLEAVED || variant.qkvBias()
        || variant.outputBias() || variant.mlpBias()) {
      throw new IllegalArgumentException("cannot save to " + checkpoint + ": this decoder was loaded from a Hugging"
          + " Face checkpoint (rotate-half RoPE" + (variant.qkvBias() || variant.mlpBias() ? ", biases" : "")
          + "), which the llama2.c format does not describe; write it with HuggingFace.save(model, directory)");
    }
    if (c.normEpsilon() != NORM_EPSILON || c.ropeTheta() != ROPE_THETA) {
      throw new IllegalArgumentException("cannot save to " + checkpoint + ": the llama2.c format fixes normEpsilon "
          + NORM_EPSILON + " and ropeTheta " + ROPE_THETA + ", but this decoder has normEpsilon " + c.normEpsilon()
          + " and ropeTheta " + c.ropeTheta());
    }
    Header header = new Header(Layout.LEGACY, c.width(), c.hiddenSize(), c.numberOfLayers(), c.numberOfHeads(),
        c.numberOfKvHeads(), c.vocabularySize(), c.contextLength(), c.tiedEmbeddings());
    List<Segment> plan = plan(header, model.parameters());
    float[][] tables = ropeTables(c.contextLength(), c.headSize());
    AtomicFiles.write(checkpoint, out -> {
      ByteBuffer head = ByteBuffer.allocate(LEGACY_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      head.putInt(header.dim).putInt(header.hiddenDim).putInt(header.layers).putInt(header.heads)
          .putInt(header.kvHeads).putInt(header.sharedClassifier ? header.vocabularySize : -header.vocabularySize)
          .putInt(header.sequenceLength);
      out.write(head.array());
      byte[] chunk = new byte[CHUNK_FLOATS * 4];
      FloatBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      int table = 0;
      for (Segment segment : plan) {
        FloatBuffer source = segment.target != null ? segment.target.buffer().duplicate().clear()
            : FloatBuffer.wrap(tables[table++]);
        writeFloats(out, source, chunk, view);
      }
    });
  }

  private static void writeFloats(OutputStream out, FloatBuffer source, byte[] chunk, FloatBuffer view)
      throws IOException {
    while (source.hasRemaining()) {
      int count = Math.min(CHUNK_FLOATS, source.remaining());
      FloatBuffer slice = source.slice().limit(count);
      view.clear();
      view.put(slice);
      source.position(source.position() + count);
      out.write(chunk, 0, count * 4);
    }
  }

  /**
   * llama2.c's legacy RoPE tables: [0] cos and [1] sin of pos·f_i, f_i = 10000^(−2i/headSize), laid out
   * [sequenceLength, headSize/2], computed in float32 as its export did.
   */
  static float[][] ropeTables(int sequenceLength, int headSize) {
    int half = headSize / 2;
    float[] cos = new float[sequenceLength * half];
    float[] sin = new float[sequenceLength * half];
    for (int i = 0; i < half; i++) {
      float frequency = (float) (1.0 / Math.pow(ROPE_THETA, (2 * i) / (float) headSize));
      for (int pos = 0; pos < sequenceLength; pos++) {
        float angle = pos * frequency;
        cos[pos * half + i] = (float) Math.cos(angle);
        sin[pos * half + i] = (float) Math.sin(angle);
      }
    }
    return new float[][] {cos, sin};
  }
}
