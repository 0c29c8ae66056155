package io.github.fairlora.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end)}} (offsets relative to the data block) plus an
 * optional {@code "__metadata__"} string-to-string map, then the data block, little-endian and row-major.
 *
 * <p>Reading is strict; a file is rejected, with a {@link SafetensorsFormatException} naming the file and the tensor or
 * field, unless: N is at most {@value #MAX_HEADER_LENGTH} and fits in the file; the header is valid UTF-8 holding one
 * JSON object without repeated keys; every entry has a known dtype, a shape of non-negative integers and two
 * non-negative {@code data_offsets} with begin &lt;= end; each tensor's byte length equals its element count times its
 * dtype's size (computed without overflow); the tensors, sorted by offset, cover the data block from 0 without holes or
 * overlaps; and the data block ends exactly at the end of the file. Nothing a header claims is allocated before it has
 * been checked against the file's real size. Fields of an entry other than the three above are ignored.
 *
 * <p>Every dtype in {@link DataType} is read and converted to float32 (integers and F64 rounded to the nearest float;
 * F16 including subnormals, infinities and NaN; BOOL must hold bytes 0 or 1). Writing supports F32, F16 and BF16,
 * rounding to nearest-even, with the header padded with spaces to a multiple of 8 bytes, through {@link AtomicFiles}.
 *
 * <pre>{@code
 * Safetensors.Contents all = Safetensors.read(path);                  // everything, in file order
 * try (Safetensors.Reader reader = Safetensors.open(path)) {          // or only chosen tensors
 *   TensorData embedding = reader.read("wte.weight");
 * }
 * Safetensors.write(path, tensors, Map.of("format", "pt"), Safetensors.DataType.F32);
 * }</pre>
 */
public final class Safetensors {
  /** The largest header length accepted, in bytes (the limit of the reference readers). */
  public static final long MAX_HEADER_LENGTH = 100_000_000L;
  /** The header key holding the string-to-string metadata map. */
  public static final String METADATA_KEY = "__metadata__";

  private static final int CHUNK_BYTES = 1 << 20; // a multiple of every dtype size
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Safetensors() {}

  /** The element types of the format, with their size in bytes. */
  public enum DataType {
    /** IEEE 754 double. */
    F64(8),
    /** IEEE 754 single. */
    F32(4),
    /** IEEE 754 half: 1 sign, 5 exponent, 10 mantissa bits. */
    F16(2),
    /** bfloat16: the upper 16 bits of a float32. */
    BF16(2),
    /** Signed 64-bit integer. */
    I64(8),
    /** Signed 32-bit integer. */
    I32(4),
    /** Signed 16-bit integer. */
    I16(2),
    /** Signed 8-bit integer. */
    I8(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Boolean, one byte holding 0 or 1. */
    BOOL(1);

    private final int byteSize;

    DataType(int byteSize) {
      this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
      return byteSize;
    }

    /**
     * The type named {@code name} as written in safetensors headers (e.g. "BF16").
     *
     * @throws IllegalArgumentException for any other name
     */
    public static DataType parse(String name) {
      DataType type = find(name);
      if (type == null) {
        throw new IllegalArgumentException("unknown dtype \"" + name + "\", expected one of "
            + Arrays.toString(values()));
      }
      return type;
    }

    private static DataType find(String name) {
      for (DataType type : values()) {
        if (type.name().equals(name)) {
          return type;
        }
      }
      return null;
    }
  }

  /**
   * Where one tensor lies in a file, as its header declares (already validated).
   *
   * @param name the tensor's name
   * @param dataType its stored element type
   * @param shape its dimensions (copied on the way in and out)
   * @param begin first byte in the data block (inclusive)
   * @param end last byte in the data block (exclusive)
   */
  public record TensorInfo(String name, DataType dataType, long[] shape, long begin, long end) {
    /** Copies the shape. */
    public TensorInfo {
      shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** Product of the dimensions (may exceed Integer.MAX_VALUE; such a tensor cannot be read into a float[]). */
    public long elementCount() {
      long count = 1;
      for (long dimension : shape) {
        count *= dimension; // validated not to overflow when the header was read
      }
      return count;
    }

    /** Bytes in the data block, {@code end - begin}. */
    public long byteLength() {
      return end - begin;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TensorInfo that && name.equals(that.name) && dataType == that.dataType
          && Arrays.equals(shape, that.shape) && begin == that.begin && end == that.end;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, dataType, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
      return "TensorInfo[" + name + ", " + dataType + ", " + Arrays.toString(shape) + ", [" + begin + ", " + end
          + ")]";
    }
  }

  /**
   * A whole file's content.
   *
   * @param tensors name to tensor, in the order the tensors lie in the file (unmodifiable)
   * @param metadata the {@code __metadata__} map in header order, empty when absent (unmodifiable)
   */
  public record Contents(Map<String, TensorData> tensors, Map<String, String> metadata) {
    /** Takes unmodifiable, order-keeping copies. */
    public Contents {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /**
   * Reads every tensor and the metadata of {@code file}.
   *
   * @throws SafetensorsFormatException when the file breaks the format (see the class comment), or a tensor has more
   *     than Integer.MAX_VALUE elements
   * @throws IOException when the file cannot be read
   */
  public static Contents read(Path file) throws IOException {
    try (Reader reader = open(file)) {
      return reader.readAll();
    }
  }

  /**
   * Opens {@code file} and validates its header and layout without reading any tensor data; read the tensors wanted
   * with {@link Reader#read(String)}, then close the reader.
   *
   * @throws SafetensorsFormatException when the file breaks the format (see the class comment)
   * @throws IOException when the file cannot be opened or read
   */
  public static Reader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new Reader(file, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * An open safetensors file whose header has been validated; reads tensors on demand. Safe to share between threads
   * (reads are positional). Close it when done.
   */
  public static final class Reader implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final long dataStart; // file offset of the data block
    private final Map<String, TensorInfo> tensors; // in file (offset) order
    private final Map<String, String> metadata;

    private Reader(Path file, FileChannel channel) throws IOException {
      this.file = file;
      this.channel = channel;
      long size = channel.size();
      if (size < 8) {
        throw error("file is " + size + " bytes, too short for the 8-byte header length");
      }
      long headerLength = readBytes(0, 8).getLong();
      if (headerLength < 0 || headerLength > MAX_HEADER_LENGTH) {
        throw error("header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
            + MAX_HEADER_LENGTH + " bytes");
      }
      if (headerLength > size - 8) {
        throw error("header length " + headerLength + " runs past the end of the file (" + size
            + " bytes, leaving at most " + (size - 8) + " for the header)");
      }
      byte[] headerBytes = new byte[(int) headerLength];
      readBytes(8, (int) headerLength).get(headerBytes);
      this.dataStart = 8 + headerLength;
      ObjectNode header = parseHeader(headerBytes);
      Map<String, String> meta = new LinkedHashMap<>();
      List<TensorInfo> infos = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : header.properties()) {
        if (field.getKey().equals(METADATA_KEY)) {
          parseMetadata(field.getValue(), meta);
        } else {
          infos.add(parseEntry(field.getKey(), field.getValue()));
        }
      }
      checkLayout(infos, size - dataStart);
      Map<String, TensorInfo> byName = new LinkedHashMap<>();
      for (TensorInfo info : infos) {
        byName.put(info.name(), info);
      }
      this.tensors = Collections.unmodifiableMap(byName);
      this.metadata = Collections.unmodifiableMap(meta);
    }

    private ObjectNode parseHeader(byte[] headerBytes) throws SafetensorsFormatException {
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer in = ByteBuffer.wrap(headerBytes);
      CharBuffer text = CharBuffer.allocate(headerBytes.length);
      CoderResult result = decoder.decode(in, text, true);
      if (result.isError()) {
        throw error("header is not valid UTF-8 (bad byte at header offset " + in.position() + ")");
      }
      decoder.flush(text);
      text.flip();
      JsonNode root;
      try {
        root = JSON.readTree(text.toString());
      } catch (JsonProcessingException e) {
        throw new SafetensorsFormatException(file + ": header is not valid JSON: " + e.getOriginalMessage()
            + " (header line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
      }
      if (root == null || !root.isObject()) {
        throw error("header must be a JSON object mapping tensor names to entries, found "
            + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
      }
      return (ObjectNode) root;
    }

    private void parseMetadata(JsonNode node, Map<String, String> into) throws SafetensorsFormatException {
      if (!node.isObject()) {
        throw error(METADATA_KEY + " is " + node + ", expected an object mapping strings to strings");
      }
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (!entry.getValue().isTextual()) {
          throw error(METADATA_KEY + " field \"" + entry.getKey() + "\" is " + entry.getValue()
              + ", expected a string");
        }
        into.put(entry.getKey(), entry.getValue().textValue());
      }
    }

    private TensorInfo parseEntry(String name, JsonNode entry) throws SafetensorsFormatException {
      String where = "tensor \"" + name + "\": ";
      if (!entry.isObject()) {
        throw error(where + "entry is " + entry + ", expected an object with dtype, shape and data_offsets");
      }
      JsonNode dtypeNode = entry.get("dtype");
      if (dtypeNode == null || !dtypeNode.isTextual()) {
        throw error(where + (dtypeNode == null ? "missing field dtype" : "dtype is " + dtypeNode
            + ", expected a string"));
      }
      DataType type = DataType.find(dtypeNode.textValue());
      if (type == null) {
        throw error(where + "unknown dtype \"" + dtypeNode.textValue() + "\", expected one of "
            + Arrays.toString(DataType.values()));
      }
      long[] shape = nonNegativeLongs(where, entry, "shape", -1);
      long[] offsets = nonNegativeLongs(where, entry, "data_offsets", 2);
      if (offsets[0] > offsets[1]) {
        throw error(where + "data_offsets [" + offsets[0] + ", " + offsets[1] + "] end before they begin");
      }
      long count = 1;
      long bytes;
      try {
        for (long dimension : shape) {
          count = Math.multiplyExact(count, dimension);
        }
        bytes = Math.multiplyExact(count, (long) type.byteSize());
      } catch (ArithmeticException e) {
        throw error(where + "shape " + Arrays.toString(shape) + " of dtype " + type
            + " has more bytes than a 64-bit count holds");
      }
      if (offsets[1] - offsets[0] != bytes) {
        throw error(where + "data_offsets [" + offsets[0] + ", " + offsets[1] + "] span "
            + (offsets[1] - offsets[0]) + " bytes, but shape " + Arrays.toString(shape) + " of dtype " + type
            + " needs " + count + " x " + type.byteSize() + " = " + bytes + " bytes");
      }
      return new TensorInfo(name, type, shape, offsets[0], offsets[1]);
    }

    /** Field {@code field} of {@code entry} as an array of non-negative longs, of {@code length} (-1: any). */
    private long[] nonNegativeLongs(String where, JsonNode entry, String field, int length)
        throws SafetensorsFormatException {
      JsonNode node = entry.get(field);
      if (node == null) {
        throw error(where + "missing field " + field);
      }
      if (!node.isArray() || (length >= 0 && node.size() != length)) {
        throw error(where + field + " is " + node + ", expected an array of "
            + (length >= 0 ? length + " " : "") + "non-negative integers");
      }
      long[] values = new long[node.size()];
      for (int i = 0; i < values.length; i++) {
        JsonNode item = node.get(i);
        if (!item.isIntegralNumber() || !item.canConvertToLong() || item.longValue() < 0) {
          throw error(where + field + "[" + i + "] is " + item + ", expected a non-negative integer below 2^63");
        }
        values[i] = item.longValue();
      }
      return values;
    }

    /** Sorts {@code infos} by offset and checks they tile the data block [0, dataLength) exactly. */
    private void checkLayout(List<TensorInfo> infos, long dataLength) throws SafetensorsFormatException {
      infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
      long expected = 0;
      TensorInfo previous = null;
      for (TensorInfo info : infos) {
        if (info.begin() < expected) {
          throw error("tensor \"" + info.name() + "\": data_offsets [" + info.begin() + ", " + info.end()
              + "] overlap tensor \"" + previous.name() + "\" at [" + previous.begin() + ", " + previous.end() + ")");
        }
        if (info.begin() > expected) {
          throw error("tensor \"" + info.name() + "\": data_offsets begin at " + info.begin()
              + " but the previous tensor" + (previous == null ? "s end" : " \"" + previous.name() + "\" ends")
              + " at " + expected + ", leaving a hole of " + (info.begin() - expected)
              + " bytes (offsets must be contiguous from 0)");
        }
        expected = info.end();
        previous = info;
      }
      if (expected > dataLength) {
        throw error("tensor \"" + previous.name() + "\": data_offsets end at " + expected
            + " but the data block after the header has only " + dataLength + " bytes (truncated file?)");
      }
      if (expected < dataLength) {
        throw error((dataLength - expected) + " trailing bytes after the last tensor's data (the data block is "
            + dataLength + " bytes, the tensors cover " + expected + ")");
      }
    }

    /** The file this reader reads. */
    public Path file() {
      return file;
    }

    /** The tensor names in the order their data lies in the file. */
    public List<String> names() {
      return List.copyOf(tensors.keySet());
    }

    /** Every tensor's validated location, in file order. */
    public List<TensorInfo> infos() {
      return List.copyOf(tensors.values());
    }

    /** Whether the file has a tensor called {@code name}. */
    public boolean contains(String name) {
      return tensors.containsKey(name);
    }

    /**
     * The validated location of tensor {@code name}.
     *
     * @throws IllegalArgumentException when there is no such tensor
     */
    public TensorInfo info(String name) {
      TensorInfo info = tensors.get(name);
      if (info == null) {
        List<String> names = names();
        throw new IllegalArgumentException(file + " has no tensor \"" + name + "\"; its " + names.size()
            + " tensors are " + (names.size() <= 20 ? names : names.subList(0, 20) + " ..."));
      }
      return info;
    }

    /** The {@code __metadata__} map in header order (empty when absent). */
    public Map<String, String> metadata() {
      return metadata;
    }

    /**
     * Reads tensor {@code name} and converts it to float32.
     *
     * @throws IllegalArgumentException when there is no such tensor
     * @throws SafetensorsFormatException when it has more than Integer.MAX_VALUE elements, a BOOL byte is neither 0
     *     nor 1, or the file got shorter since it was opened
     * @throws IOException when reading fails
     */
    public TensorData read(String name) throws IOException {
      TensorInfo info = info(name);
      long count = info.elementCount();
      if (count > Integer.MAX_VALUE) {
        throw error("tensor \"" + name + "\": shape " + Arrays.toString(info.shape()) + " has " + count
            + " elements, more than Integer.MAX_VALUE (" + Integer.MAX_VALUE + ") that a float[] holds");
      }
      DataType type = info.dataType();
      float[] values = new float[(int) count];
      int at = 0;
      long position = dataStart + info.begin();
      long remaining = info.byteLength();
      while (remaining > 0) {
        int chunk = (int) Math.min(CHUNK_BYTES, remaining);
        ByteBuffer buffer = readBytes(position, chunk);
        at = convert(name, type, buffer, values, at);
        position += chunk;
        remaining -= chunk;
      }
      return new TensorData(type.name(), info.shape(), values);
    }

    /**
     * Reads tensor {@code name} as model weights: only floating-point dtypes (F64, F32, F16, BF16) are accepted, and
     * the bytes are read through a memory mapping of the file, so a large tensor is converted straight into the
     * returned float[] without a second copy on the heap.
     *
     * @throws SafetensorsFormatException when the tensor's dtype is an integer or boolean type (naming both), or it
     *     has more than Integer.MAX_VALUE elements
     * @throws IllegalArgumentException when there is no such tensor
     * @throws IOException when mapping or reading fails
     */
    public float[] readWeights(String name) throws IOException {
      TensorInfo info = info(name);
      DataType type = info.dataType();
      if (type != DataType.F32 && type != DataType.F16 && type != DataType.BF16 && type != DataType.F64) {
        throw error("tensor \"" + name + "\" has dtype " + type + "; model weights must be a floating-point type"
            + " (F32, F16, BF16 or F64), an integer tensor would be read as garbage");
      }
      long count = info.elementCount();
      if (count > Integer.MAX_VALUE) {
        throw error("tensor \"" + name + "\": shape " + Arrays.toString(info.shape()) + " has " + count
            + " elements, more than Integer.MAX_VALUE (" + Integer.MAX_VALUE + ") that a float[] holds");
      }
      float[] values = new float[(int) count];
      long position = dataStart + info.begin();
      long remaining = info.byteLength();
      if (position + remaining > channel.size()) {
        throw error("tensor \"" + name + "\" ends at byte " + (position + remaining) + " but the file now has "
            + channel.size() + " bytes (was it changed after opening?)");
      }
      int at = 0;
      // One mapping per window of at most 1 GiB (a MappedByteBuffer holds < 2 GiB); windows stay dtype-aligned.
      long window = 1L << 30;
      while (remaining > 0) {
        long length = Math.min(window, remaining);
        java.nio.MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        at = convert(name, type, mapped, values, at);
        position += length;
        remaining -= length;
      }
      return values;
    }

    /** Reads every tensor, in file order, with the metadata. */
    public Contents readAll() throws IOException {
      Map<String, TensorData> all = new LinkedHashMap<>();
      for (String name : tensors.keySet()) {
        all.put(name, read(name));
      }
      return new Contents(all, metadata);
    }

    private int convert(String name, DataType type, ByteBuffer buffer, float[] values, int at)
        throws SafetensorsFormatException {
      switch (type) {
        case F64 -> {
          while (buffer.hasRemaining()) {
            values[at++] = (float) buffer.getDouble();
          }
        }
        case F32 -> {
          int n = buffer.remaining() / 4;
          buffer.asFloatBuffer().get(values, at, n);
          at += n;
        }
        case F16 -> {
          while (buffer.hasRemaining()) {
            values[at++] = float16ToFloat(buffer.getShort());
          }
        }
        case BF16 -> {
          while (buffer.hasRemaining()) {
            values[at++] = bfloat16ToFloat(buffer.getShort());
          }
        }
        case I64 -> {
          while (buffer.hasRemaining()) {
            values[at++] = buffer.getLong();
          }
        }
        case I32 -> {
          while (buffer.hasRemaining()) {
            values[at++] = buffer.getInt();
          }
        }
        case I16 -> {
          while (buffer.hasRemaining()) {
            values[at++] = buffer.getShort();
          }
        }
        case I8 -> {
          while (buffer.hasRemaining()) {
            values[at++] = buffer.get();
          }
        }
        case U8 -> {
          while (buffer.hasRemaining()) {
            values[at++] = buffer.get() & 0xFF;
          }
        }
        case BOOL -> {
          while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b != 0 && b != 1) {
              throw error("tensor \"" + name + "\": element " + at + " is byte " + (b & 0xFF)
                  + ", expected 0 or 1 for BOOL");
            }
            values[at++] = b;
          }
        }
        default -> throw new AssertionError(type);
      }
      return at;
    }

    /** Exactly {@code length} bytes at {@code position}, little-endian, ready to read. */
    private ByteBuffer readBytes(long position, int length) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, position + buffer.position());
        if (read < 0) {
          throw error("file ended at byte " + (position + buffer.position()) + " while " + length
              + " bytes were expected from byte " + position + " (was it changed after opening?)");
        }
      }
      return buffer.flip();
    }

    private SafetensorsFormatException error(String message) {
      return new SafetensorsFormatException(file + ": " + message);
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * Writes {@code tensors} (in the map's order) and {@code metadata} to {@code file} atomically, every tensor
   * converted to {@code dataType}: F32 exactly, F16 and BF16 rounded to nearest-even (NaN stays NaN, infinities stay
   * infinite). The header is padded with spaces to a multiple of 8 bytes; metadata is written only when non-empty.
   *
   * @throws IllegalArgumentException when {@code dataType} is not F32, F16 or BF16, a name is empty or is
   *     {@value #METADATA_KEY}, or a finite value is too large for {@code dataType} (it would become infinite),
   *     naming the tensor and element
   * @throws IOException when writing fails (the previous file, if any, is left unchanged)
   */
  public static void write(
      Path file, Map<String, TensorData> tensors, Map<String, String> metadata, DataType dataType)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(tensors, "tensors");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(dataType, "dataType");
    if (dataType != DataType.F32 && dataType != DataType.F16 && dataType != DataType.BF16) {
      throw new IllegalArgumentException("dataType " + dataType + " cannot be written; expected F32, F16 or BF16");
    }
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA_KEY);
      metadata.forEach((key, value) -> {
        if (key == null || value == null) {
          throw new IllegalArgumentException("metadata must not hold null keys or values, found " + key + " -> "
              + value);
        }
        meta.put(key, value);
      });
    }
    long offset = 0;
    for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
      String name = entry.getKey();
      TensorData tensor = entry.getValue();
      if (name == null || name.isEmpty() || name.equals(METADATA_KEY)) {
        throw new IllegalArgumentException("tensor name \"" + name + "\" is not allowed (empty or reserved)");
      }
      Objects.requireNonNull(tensor, () -> "tensor \"" + name + "\" is null");
      checkRepresentable(name, tensor.values(), dataType);
      ObjectNode node = header.putObject(name);
      node.put("dtype", dataType.name());
      ArrayNode shape = node.putArray("shape");
      for (long dimension : tensor.shape()) {
        shape.add(dimension);
      }
      long end = offset + (long) tensor.values().length * dataType.byteSize();
      node.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    AtomicFiles.write(file, out -> {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
      out.write(length.array());
      out.write(headerBytes);
      for (TensorData tensor : tensors.values()) {
        writeValues(out, tensor.values(), dataType);
      }
    });
  }

  private static void checkRepresentable(String name, float[] values, DataType dataType) {
    if (dataType == DataType.F32) {
      return;
    }
    for (int i = 0; i < values.length; i++) {
      float value = values[i];
      boolean overflows = dataType == DataType.F16
          ? Float.isFinite(value) && (floatToFloat16(value) & 0x7FFF) == 0x7C00
          : Float.isFinite(value) && (floatToBfloat16(value) & 0x7FFF) == 0x7F80;
      if (overflows) {
        throw new IllegalArgumentException("tensor \"" + name + "\": element " + i + " = " + value
            + " is too large for " + dataType + " (largest finite "
            + (dataType == DataType.F16 ? "65504" : "3.3895314e38") + ")");
      }
    }
  }

  private static void writeValues(OutputStream out, float[] values, DataType dataType) throws IOException {
    int size = dataType.byteSize();
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += CHUNK_BYTES / size) {
      int end = Math.min(values.length, start + CHUNK_BYTES / size);
      buffer.clear();
      for (int i = start; i < end; i++) {
        switch (dataType) {
          case F32 -> buffer.putFloat(values[i]);
          case F16 -> buffer.putShort(floatToFloat16(values[i]));
          case BF16 -> buffer.putShort(floatToBfloat16(values[i]));
          default -> throw new AssertionError(dataType);
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  /**
   * The float value of IEEE 754 half-precision bits (1 sign, 5 exponent, 10 mantissa bits): exact for every input,
   * including subnormals (mantissa × 2^-24), signed zeros, infinities and NaN.
   */
  public static float float16ToFloat(short bits) {
    int half = bits & 0xFFFF;
    int sign = (half & 0x8000) << 16;
    int exponent = (half >>> 10) & 0x1F;
    int mantissa = half & 0x3FF;
    if (exponent == 0x1F) { // infinity, or NaN with its payload kept
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) { // zero or subnormal
      float magnitude = mantissa * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    // Rebias the exponent from 15 to 127 and widen the mantissa from 10 to 23 bits.
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /**
   * The half-precision bits nearest to {@code value}, ties to even. Values beyond 65504 by half a unit or more become
   * infinity; values below the smallest subnormal (2^-24) by more than half of it become (signed) zero; NaN stays a
   * quiet NaN.
   */
  public static short floatToFloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xFF;
    int mantissa = bits & 0x7FFFFF;
    if (exponent == 0xFF) {
      return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
    }
    int halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (halfExponent <= 0) {
      // Half subnormal: value / 2^-24 = (1.mantissa as a 24-bit integer) >> shift, rounded to nearest-even.
      int shift = 14 - halfExponent;
      if (shift > 24) {
        return (short) sign; // at most half the smallest subnormal (2^-25): rounds to zero
      }
      int significand = mantissa | 0x800000;
      int quotient = significand >>> shift;
      int remainder = significand & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (remainder > halfway || (remainder == halfway && (quotient & 1) != 0)) {
        quotient++; // may carry into the smallest normal, which is the right encoding
      }
      return (short) (sign | quotient);
    }
    int half = sign | (halfExponent << 10) | (mantissa >>> 13);
    int remainder = mantissa & 0x1FFF;
    if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) != 0)) {
      half++; // a carry into the exponent is the right result, up to infinity
    }
    return (short) half;
  }

  /** The float value of bfloat16 bits: they are the upper half of a float32's bits. */
  public static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /**
   * The bfloat16 bits nearest to {@code value}, ties to even; finite values that round past the largest bfloat16
   * become infinity; NaN stays a quiet NaN.
   */
  public static short floatToBfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }
}
