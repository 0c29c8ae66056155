package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.io.Safetensors.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path temporary;

  // ---- building files by hand ----

  /** A file: the 8-byte little-endian {@code declaredLength}, then {@code header}, then {@code data}. */
  private Path file(String name, long declaredLength, byte[] header, byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength).array());
    out.writeBytes(header);
    out.writeBytes(data);
    Path file = temporary.resolve(name);
    Files.write(file, out.toByteArray());
    return file;
  }

  /** A file with a correct header length for {@code header} (JSON text). */
  private Path file(String name, String header, byte[] data) throws IOException {
    byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
    return file(name, bytes.length, bytes, data);
  }

  private static byte[] littleEndian(int capacity, java.util.function.Consumer<ByteBuffer> writer) {
    ByteBuffer buffer = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    writer.accept(buffer);
    return buffer.array();
  }

  private static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
        + end + "]}";
  }

  private TensorData readSingle(String dtype, String shape, byte[] data) throws IOException {
    Path path = file(dtype + ".safetensors", "{" + entry("t", dtype, shape, 0, data.length) + "}", data);
    Safetensors.Contents contents = Safetensors.read(path);
    assertThat(contents.tensors()).containsOnlyKeys("t");
    return contents.tensors().get("t");
  }

  // ---- reading every dtype ----

  @Test
  void readsEveryDtypeFromHandBuiltBytes() throws IOException {
    TensorData f64 = readSingle("F64", "[2]", littleEndian(16, b -> b.putDouble(1.5).putDouble(-2.25)));
    assertThat(f64.values()).containsExactly(1.5f, -2.25f);
    assertThat(f64.dtype()).isEqualTo("F64");

    TensorData f32 = readSingle("F32", "[2,2]",
        littleEndian(16, b -> b.putFloat(1f).putFloat(-0f).putFloat(Float.MIN_VALUE).putFloat(Float.NaN)));
    assertThat(f32.shape()).containsExactly(2, 2);
    assertThat(f32.values()).containsExactly(1f, -0f, Float.MIN_VALUE, Float.NaN);

    // F16 bits: 0x3C00 = 1.0, 0xC000 = -2.0, 0x0001 = 2^-24 (smallest subnormal), 0x03FF = 1023 * 2^-24 (largest
    // subnormal), 0x7BFF = 65504 (largest finite), 0x7C00 = +inf, 0xFC00 = -inf, 0x7E00 = NaN, 0x3555 = 1365/4096.
    short[] halves = {0x3C00, (short) 0xC000, 0x0001, 0x03FF, 0x7BFF, 0x7C00, (short) 0xFC00, 0x7E00, 0x3555};
    TensorData f16 = readSingle("F16", "[9]", littleEndian(18, b -> {
      for (short half : halves) {
        b.putShort(half);
      }
    }));
    assertThat(f16.values()).containsExactly(1f, -2f, 0x1p-24f, 1023 * 0x1p-24f, 65504f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, 0.333251953125f);

    // BF16 bits are a float32's upper half: 0x3F80 = 1.0, 0x40C0 = 6.0, 0xC2F7 = -123.5, 0x7F80 = +inf.
    TensorData bf16 = readSingle("BF16", "[4]", littleEndian(8, b -> b.putShort((short) 0x3F80)
        .putShort((short) 0x40C0).putShort((short) 0xC2F7).putShort((short) 0x7F80)));
    assertThat(bf16.values()).containsExactly(1f, 6f, -123.5f, Float.POSITIVE_INFINITY);

    TensorData i64 = readSingle("I64", "[3]", littleEndian(24, b -> b.putLong(-3).putLong(1L << 40)
        .putLong((1L << 24) + 1)));
    // 2^24 + 1 is not a float: it rounds to the nearest, 2^24.
    assertThat(i64.values()).containsExactly(-3f, 0x1p40f, 0x1p24f);

    TensorData i32 = readSingle("I32", "[2]", littleEndian(8, b -> b.putInt(-7).putInt(100_000)));
    assertThat(i32.values()).containsExactly(-7f, 100_000f);

    TensorData i16 = readSingle("I16", "[2]", littleEndian(4, b -> b.putShort((short) -32768).putShort((short) 32767)));
    assertThat(i16.values()).containsExactly(-32768f, 32767f);

    TensorData i8 = readSingle("I8", "[2]", new byte[] {-128, 127});
    assertThat(i8.values()).containsExactly(-128f, 127f);

    TensorData u8 = readSingle("U8", "[3]", new byte[] {0, (byte) 200, (byte) 255});
    assertThat(u8.values()).containsExactly(0f, 200f, 255f);

    TensorData bool = readSingle("BOOL", "[1,3]", new byte[] {1, 0, 1});
    assertThat(bool.values()).containsExactly(1f, 0f, 1f);
    assertThat(bool.shape()).containsExactly(1, 3);
  }

  @Test
  void readsScalarsEmptyTensorsMetadataAndFileOrder() throws IOException {
    // Header order b, a, empty; data order: a [0,4), empty [4,4), b [4,12).
    String header = "{\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"},"
        + entry("b", "F32", "[2]", 4, 12) + "," + entry("a", "F32", "[]", 0, 4) + ","
        + entry("empty", "F16", "[0,3]", 4, 4) + "}";
    Path path = file("mixed.safetensors", header,
        littleEndian(12, b -> b.putFloat(7f).putFloat(1f).putFloat(2f)));
    Safetensors.Contents contents = Safetensors.read(path);
    assertThat(contents.tensors().keySet()).containsExactly("a", "empty", "b");
    assertThat(contents.tensors().get("a").shape()).isEmpty();
    assertThat(contents.tensors().get("a").values()).containsExactly(7f);
    assertThat(contents.tensors().get("empty").values()).isEmpty();
    assertThat(contents.tensors().get("b").values()).containsExactly(1f, 2f);
    assertThat(contents.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("note", "é"));
  }

  @Test
  void readsChosenTensorsLazily() throws IOException {
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put("first", TensorData.of(new int[] {2}, new float[] {1, 2}));
    tensors.put("second", TensorData.of(new int[] {1, 3}, new float[] {3, 4, 5}));
    Path path = temporary.resolve("lazy.safetensors");
    Safetensors.write(path, tensors, Map.of("format", "pt"), DataType.F32);
    try (Safetensors.Reader reader = Safetensors.open(path)) {
      assertThat(reader.names()).containsExactly("first", "second");
      assertThat(reader.contains("second")).isTrue();
      Safetensors.TensorInfo info = reader.info("second");
      assertThat(info.dataType()).isEqualTo(DataType.F32);
      assertThat(info.shape()).containsExactly(1, 3);
      assertThat(info.begin()).isEqualTo(8);
      assertThat(info.end()).isEqualTo(20);
      assertThat(info.elementCount()).isEqualTo(3);
      assertThat(reader.read("second")).isEqualTo(tensors.get("second"));
      assertThat(reader.metadata()).containsExactly(Map.entry("format", "pt"));
      assertThatThrownBy(() -> reader.read("third"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lazy.safetensors").hasMessageContaining("no tensor \"third\"");
    }
  }

  // ---- writing ----

  @Test
  void roundTripsF32ExactlyWithAPaddedHeader() throws IOException {
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put("weight", TensorData.of(new int[] {2, 3}, new float[] {1, -2, 0.1f, Float.NaN, -0f, 1e-40f}));
    tensors.put("scalar", TensorData.of(new long[0], new float[] {Float.NEGATIVE_INFINITY}));
    tensors.put("empty", TensorData.of(new int[] {0}, new float[0]));
    tensors.put("bias", TensorData.of(new int[] {3}, new float[] {Float.MAX_VALUE, 3, 4}));
    Path path = temporary.resolve("out/f32.safetensors");
    Safetensors.write(path, tensors, Map.of("format", "pt"), DataType.F32);

    byte[] bytes = Files.readAllBytes(path);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],"
        + "\"data_offsets\":[0,24]}");
    assertThat(header.strip()).endsWith("}");
    assertThat(header.substring(header.lastIndexOf('}') + 1)).matches(" *");
    // 6 + 1 + 0 + 3 floats of 4 bytes follow the header.
    assertThat(bytes.length).isEqualTo(8 + headerLength + 10 * 4);

    Safetensors.Contents contents = Safetensors.read(path);
    assertThat(contents.tensors()).isEqualTo(tensors);
    assertThat(contents.tensors().keySet()).containsExactly("weight", "scalar", "empty", "bias");
    assertThat(contents.metadata()).isEqualTo(Map.of("format", "pt"));
  }

  @Test
  void roundTripsF16AndBf16WithinTheirPrecision() throws IOException {
    Random random = new Random(3);
    float[] values = new float[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
    }
    // Exactly representable in both: small integers, powers of two, and halves.
    float[] exact = {0f, -0f, 1f, -2f, 0.5f, 3.75f, 256f, -1024f, 0x1p-14f, Float.POSITIVE_INFINITY};
    for (DataType type : List.of(DataType.F16, DataType.BF16)) {
      Map<String, TensorData> tensors = new LinkedHashMap<>();
      tensors.put("random", TensorData.of(new int[] {10, 100}, values));
      tensors.put("exact", TensorData.of(new int[] {exact.length}, exact));
      tensors.put("nan", TensorData.of(new int[] {1}, new float[] {Float.NaN}));
      Path path = temporary.resolve(type + ".safetensors");
      Safetensors.write(path, tensors, Map.of(), type);
      assertThat(Files.size(path)).isEqualTo(8 + headerLength(path) + 2L * (1000 + exact.length + 1));
      Safetensors.Contents contents = Safetensors.read(path);
      assertThat(contents.metadata()).isEmpty();
      TensorData random16 = contents.tensors().get("random");
      assertThat(random16.dtype()).isEqualTo(type.name());
      assertThat(random16.shape()).containsExactly(10, 100);
      // Rounding to nearest keeps the relative error within half a unit: 2^-11 (F16, 10 mantissa bits) or 2^-8
      // (BF16, 7 bits). F16 subnormals (below 2^-14) have an absolute error of at most 2^-25 instead.
      double relative = type == DataType.F16 ? 0x1p-11 : 0x1p-8;
      for (int i = 0; i < values.length; i++) {
        double tolerance = Math.max(Math.abs(values[i]) * relative, type == DataType.F16 ? 0x1p-25 : 0);
        assertThat((double) random16.values()[i]).as("%s value %d", type, i).isCloseTo(values[i], within(tolerance));
      }
      assertThat(contents.tensors().get("exact").values()).containsExactly(exact);
      assertThat(contents.tensors().get("nan").values()[0]).isNaN();
    }
  }

  private static long headerLength(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Test
  void refusesValuesThatWouldOverflowAndLeavesTheOldFileIntact() throws IOException {
    Path path = temporary.resolve("keep.safetensors");
    Safetensors.write(path, Map.of("a", TensorData.of(new int[] {1}, new float[] {1})), Map.of(), DataType.F32);
    byte[] before = Files.readAllBytes(path);
    // 65520 lies halfway between 65504 (the largest F16) and 65536 (which would be infinity): ties-to-even picks
    // 65536, i.e. infinity, because 65504's last mantissa bit is odd.
    assertThatThrownBy(() -> Safetensors.write(path,
        Map.of("big", TensorData.of(new int[] {3}, new float[] {1, 2, 65520f})), Map.of(), DataType.F16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tensor \"big\"").hasMessageContaining("element 2").hasMessageContaining("F16");
    assertThatThrownBy(() -> Safetensors.write(path,
        Map.of("big", TensorData.of(new int[] {1}, new float[] {Float.MAX_VALUE})), Map.of(), DataType.BF16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BF16");
    assertThat(Files.readAllBytes(path)).isEqualTo(before);
    assertThat(temporary.toFile().list()).containsExactly("keep.safetensors");

    // 65519 rounds down to 65504, which is fine.
    Safetensors.write(path, Map.of("ok", TensorData.of(new int[] {1}, new float[] {65519f})), Map.of(), DataType.F16);
    assertThat(Safetensors.read(path).tensors().get("ok").values()).containsExactly(65504f);
  }

  @Test
  void refusesBadWriteArguments() {
    Path path = temporary.resolve("bad.safetensors");
    Map<String, TensorData> one = Map.of("a", TensorData.of(new int[] {1}, new float[] {1}));
    assertThatThrownBy(() -> Safetensors.write(path, one, Map.of(), DataType.I32))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("I32 cannot be written");
    assertThatThrownBy(() -> Safetensors.write(path,
        Map.of("__metadata__", TensorData.of(new int[] {1}, new float[] {1})), Map.of(), DataType.F32))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    assertThat(path).doesNotExist();
  }

  // ---- half-precision conversions ----

  @Test
  void float16ConversionsAreExactForEveryBitPattern() {
    List<String> mismatches = new ArrayList<>(); // plain checks: 65,536 AssertJ assertions would be slow
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = Safetensors.float16ToFloat((short) bits);
      // Naive decoding: (-1)^sign * (exponent == 0 ? mantissa * 2^-24 : (1 + mantissa / 1024) * 2^(exponent - 15)).
      int sign = bits >>> 15;
      int exponent = (bits >>> 10) & 0x1F;
      int mantissa = bits & 0x3FF;
      if (exponent == 0x1F) {
        boolean right = mantissa == 0 ? value == (sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY)
            : Float.isNaN(value) && Float.isNaN(Safetensors.float16ToFloat(Safetensors.floatToFloat16(value)));
        if (!right) {
          mismatches.add(String.format("%04x -> %s", bits, value));
        }
        continue;
      }
      double magnitude = exponent == 0
          ? mantissa * Math.pow(2, -24)
          : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
      float expected = (float) (sign == 1 ? -magnitude : magnitude);
      // Compare bits, so that -0 and +0 differ; then every half value must convert back to itself.
      if (Float.floatToIntBits(value) != Float.floatToIntBits(expected)) {
        mismatches.add(String.format("%04x -> %s, expected %s", bits, value, expected));
      }
      int back = Safetensors.floatToFloat16(value) & 0xFFFF;
      if (back != bits) {
        mismatches.add(String.format("%04x -> %s -> %04x", bits, value, back));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void float16RoundsToNearestEven() {
    // 1 + 2^-11 is halfway between 1 (mantissa 0, even) and 1 + 2^-10 (mantissa 1): goes to 1 = 0x3C00.
    assertThat(Safetensors.floatToFloat16(1 + 0x1p-11f)).isEqualTo((short) 0x3C00);
    // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (mantissa 2, even): 0x3C02.
    assertThat(Safetensors.floatToFloat16(1 + 3 * 0x1p-11f)).isEqualTo((short) 0x3C02);
    // Just above the halfway point rounds up: 0x3C01.
    assertThat(Safetensors.floatToFloat16(Math.nextUp(1 + 0x1p-11f))).isEqualTo((short) 0x3C01);
    // Subnormals: 2^-25 is half the smallest subnormal, a tie with 0 (even): 0. 3 * 2^-25 is 1.5 units: 2 (even).
    assertThat(Safetensors.floatToFloat16(0x1p-25f)).isEqualTo((short) 0);
    assertThat(Safetensors.floatToFloat16(Math.nextUp(0x1p-25f))).isEqualTo((short) 1);
    assertThat(Safetensors.floatToFloat16(3 * 0x1p-25f)).isEqualTo((short) 2);
    assertThat(Safetensors.floatToFloat16(-3 * 0x1p-25f)).isEqualTo((short) 0x8002);
    // The largest subnormal plus half a unit rounds to the smallest normal, 2^-14 = 0x0400.
    assertThat(Safetensors.floatToFloat16(1023.5f * 0x1p-24f)).isEqualTo((short) 0x0400);
    // Overflow: 65519 -> 65504 (0x7BFF); 65520 (tie, 65504 is odd) -> infinity 0x7C00.
    assertThat(Safetensors.floatToFloat16(65519f)).isEqualTo((short) 0x7BFF);
    assertThat(Safetensors.floatToFloat16(65520f)).isEqualTo((short) 0x7C00);
    assertThat(Safetensors.floatToFloat16(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xFC00);
    assertThat(Float.isNaN(Safetensors.float16ToFloat(Safetensors.floatToFloat16(Float.NaN)))).isTrue();
    assertThat(Safetensors.floatToFloat16(Float.MIN_VALUE)).isEqualTo((short) 0);
  }

  @Test
  void bfloat16RoundsToNearestEven() {
    // 1 + 2^-8 is halfway between 1 (0x3F80, even) and 1 + 2^-7 (0x3F81): goes to 0x3F80.
    assertThat(Safetensors.floatToBfloat16(1 + 0x1p-8f)).isEqualTo((short) 0x3F80);
    // 1 + 3 * 2^-8 is halfway between 0x3F81 (odd) and 0x3F82: goes to 0x3F82.
    assertThat(Safetensors.floatToBfloat16(1 + 3 * 0x1p-8f)).isEqualTo((short) 0x3F82);
    assertThat(Safetensors.floatToBfloat16(Math.nextUp(1 + 0x1p-8f))).isEqualTo((short) 0x3F81);
    assertThat(Safetensors.floatToBfloat16(-1f)).isEqualTo((short) 0xBF80);
    assertThat(Safetensors.floatToBfloat16(Float.MAX_VALUE)).isEqualTo((short) 0x7F80);
    assertThat(Float.isNaN(Safetensors.bfloat16ToFloat(Safetensors.floatToBfloat16(Float.NaN)))).isTrue();
    // A NaN whose payload sits only in the low 16 bits must not truncate to infinity.
    float lowPayloadNan = Float.intBitsToFloat(0x7F800001);
    assertThat(Float.isNaN(Safetensors.bfloat16ToFloat(Safetensors.floatToBfloat16(lowPayloadNan)))).isTrue();
    List<String> mismatches = new ArrayList<>();
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = Safetensors.bfloat16ToFloat((short) bits);
      if (Float.isNaN(value)) {
        continue; // the JVM need not keep a NaN's exact bits
      }
      int back = Safetensors.floatToBfloat16(value) & 0xFFFF;
      if (Float.floatToRawIntBits(value) != bits << 16 || back != bits) {
        mismatches.add(String.format("%04x -> %s -> %04x", bits, value, back));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  // ---- hostile and malformed files ----

  private void assertRejected(Path path, String... fragments) {
    ThrowingCallable read = () -> Safetensors.read(path);
    var assertion = assertThatThrownBy(read).isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining(path.getFileName().toString());
    for (String fragment : fragments) {
      assertion.hasMessageContaining(fragment);
    }
  }

  private static final byte[] EIGHT = new byte[8];

  @Test
  void rejectsBadHeaderLengths() throws IOException {
    Path tiny = temporary.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertRejected(tiny, "too short for the 8-byte header length");
    // All bits set: 2^64 - 1 unsigned; must fail before anything is allocated.
    assertRejected(file("huge.safetensors", -1L, new byte[0], new byte[0]),
        "header length 18446744073709551615 exceeds the limit of 100000000");
    assertRejected(file("over.safetensors", 100_000_001L, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]),
        "header length 100000001 exceeds the limit");
    assertRejected(file("past.safetensors", 1000, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]),
        "header length 1000 runs past the end of the file (10 bytes");
  }

  @Test
  void rejectsHeadersThatAreNotAJsonObject() throws IOException {
    assertRejected(file("utf8.safetensors", 4, new byte[] {'{', (byte) 0xC3, '}', ' '}, new byte[0]),
        "not valid UTF-8");
    assertRejected(file("text.safetensors", "not json", new byte[0]), "not valid JSON");
    assertRejected(file("array.safetensors", "[1,2]   ", new byte[0]), "must be a JSON object", "array");
    assertRejected(file("trailing.safetensors", "{} {}", new byte[0]), "not valid JSON");
    assertRejected(file("duplicate.safetensors",
        "{" + entry("a", "U8", "[1]", 0, 1) + "," + entry("a", "U8", "[1]", 1, 2) + "}", new byte[2]),
        "not valid JSON", "Duplicate field 'a'");
    assertRejected(file("meta.safetensors", "{\"__metadata__\":{\"n\":3}}", new byte[0]),
        "__metadata__ field \"n\" is 3, expected a string");
    assertRejected(file("entry.safetensors", "{\"a\":[1]}", new byte[0]), "tensor \"a\"", "expected an object");
  }

  @Test
  void rejectsMissingAndMalformedFields() throws IOException {
    assertRejected(file("nodtype.safetensors", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor \"w\"", "missing field dtype");
    assertRejected(file("noshape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor \"w\"", "missing field shape");
    assertRejected(file("nooffsets.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
        "tensor \"w\"", "missing field data_offsets");
    assertRejected(file("dtype.safetensors", "{" + entry("w", "F8", "[1]", 0, 1) + "}", new byte[1]),
        "tensor \"w\"", "unknown dtype \"F8\"");
    assertRejected(file("negshape.safetensors", "{" + entry("w", "U8", "[-1]", 0, 1) + "}", new byte[1]),
        "tensor \"w\"", "shape[0] is -1");
    assertRejected(file("floatshape.safetensors", "{" + entry("w", "U8", "[1.5]", 0, 1) + "}", new byte[1]),
        "tensor \"w\"", "shape[0] is 1.5");
    assertRejected(file("three.safetensors",
        "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", new byte[1]),
        "tensor \"w\"", "data_offsets is [0,1,2], expected an array of 2");
    assertRejected(file("backwards.safetensors", "{" + entry("w", "U8", "[0]", 4, 0) + "}", new byte[4]),
        "tensor \"w\"", "end before they begin");
  }

  @Test
  void rejectsSizesThatDoNotAddUp() throws IOException {
    // 2^40 * 2^40 elements overflow 64 bits.
    assertRejected(file("overflow.safetensors",
        "{" + entry("w", "F32", "[1099511627776,1099511627776]", 0, 4) + "}", new byte[4]),
        "tensor \"w\"", "more bytes than a 64-bit count holds");
    // 2^62 elements of 4 bytes overflow too, although the element count itself fits.
    assertRejected(file("overflowbytes.safetensors",
        "{" + entry("w", "F32", "[4611686018427387904]", 0, 4) + "}", new byte[4]),
        "more bytes than a 64-bit count holds");
    // 2 floats need 8 bytes, the offsets give 4.
    assertRejected(file("mismatch.safetensors", "{" + entry("w", "F32", "[2]", 0, 4) + "}", new byte[4]),
        "tensor \"w\"", "span 4 bytes", "needs 2 x 4 = 8 bytes");
    // Offsets past the end of the file.
    assertRejected(file("pastend.safetensors", "{" + entry("w", "F32", "[2]", 0, 8) + "}", new byte[4]),
        "tensor \"w\"", "end at 8", "only 4 bytes");
    // Overlap: a [0,8) and b [4,12).
    assertRejected(file("overlap.safetensors",
        "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", new byte[12]),
        "tensor \"b\"", "overlap tensor \"a\"");
    // Hole: a [0,4), b [8,12).
    assertRejected(file("hole.safetensors",
        "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", new byte[12]),
        "tensor \"b\"", "hole of 4 bytes");
    // The first tensor must start at 0.
    assertRejected(file("start.safetensors", "{" + entry("a", "F32", "[1]", 4, 8) + "}", new byte[8]),
        "tensor \"a\"", "begin at 4");
    // Trailing bytes after the last tensor.
    assertRejected(file("trailing.safetensors", "{" + entry("a", "F32", "[1]", 0, 4) + "}", new byte[6]),
        "2 trailing bytes");
    assertRejected(file("emptytrailing.safetensors", "{}", EIGHT), "8 trailing bytes");
    // BOOL bytes other than 0 and 1.
    assertRejected(file("bool.safetensors", "{" + entry("b", "BOOL", "[2]", 0, 2) + "}", new byte[] {1, 2}),
        "tensor \"b\"", "element 1 is byte 2");
  }

  @Test
  void rejectsTensorsTooLargeForAJavaArrayOnlyWhenRead() throws IOException {
    // A sparse file whose header declares 2^31 U8 elements: valid safetensors, but more than a float[] holds.
    long count = 1L << 31;
    byte[] header = ("{" + entry("big", "U8", "[" + count + "]", 0, count) + ","
        + entry("small", "U8", "[1]", count, count + 1) + "}").getBytes(StandardCharsets.UTF_8);
    Path path = file("sparse.safetensors", header.length, header, new byte[0]);
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
      raf.setLength(8 + header.length + count + 1);
    }
    try (Safetensors.Reader reader = Safetensors.open(path)) {
      assertThat(reader.info("big").elementCount()).isEqualTo(count);
      assertThat(reader.read("small").values()).containsExactly(0f);
      assertThatThrownBy(() -> reader.read("big"))
          .isInstanceOf(SafetensorsFormatException.class)
          .hasMessageContaining("sparse.safetensors").hasMessageContaining("tensor \"big\"")
          .hasMessageContaining("more than Integer.MAX_VALUE");
    } finally {
      Files.delete(path);
    }
  }

  @Test
  void tensorDataValidatesItsShape() {
    assertThatThrownBy(() -> TensorData.of(new int[] {2, 2}, new float[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 2] has 4 elements but 3 values");
    assertThatThrownBy(() -> TensorData.elementCount(new long[] {1L << 31}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than Integer.MAX_VALUE");
    assertThatThrownBy(() -> TensorData.elementCount(new long[] {1L << 40, 1L << 40}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than Integer.MAX_VALUE");
    assertThatThrownBy(() -> TensorData.of(new long[] {-1}, new float[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative dimension -1 at axis 0");
    assertThatThrownBy(() -> new TensorData("F8", new long[] {1}, new float[1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown dtype \"F8\"");
    long[] shape = {2, 1};
    TensorData data = TensorData.of(shape, new float[] {1, 2});
    shape[0] = 7;
    data.shape()[1] = 9;
    assertThat(data.shape()).containsExactly(2, 1);
    assertThat(data.intShape()).containsExactly(2, 1);
    assertThat(data.rank()).isEqualTo(2);
    assertThat(data).isEqualTo(TensorData.of(new int[] {2, 1}, new float[] {1, 2}));
  }
}
