package io.github.fairlora.examples.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.benchmarks.CrowsPairsLoader;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.io.PeftAdapters;
import io.github.fairlora.io.Safetensors;
import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.metrics.toxicity.ToxicityLexicon;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.nn.LoraLinear;
import io.github.fairlora.testing.SharedFiles;
import io.github.fairlora.text.GptBpeTokenizer;
import io.github.fairlora.text.SentencePieceBpeTokenizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds seeded random mutations of real files to every parser: each must load or fail with its format's exception
 * (an IOException subtype, or the documented IllegalArgumentException of the lexicon), within a heap-allocation bound
 * and a time limit: never an OutOfMemoryError, another unchecked exception, or a hang.
 *
 * <p>A seeded generator rather than jqwik: the inputs are mutations of a handful of real files, which a plain
 * {@link SplittableRandom} produces in a few lines; a property-testing library would add a dependency (and its own
 * engine to the build) for no shrinking that matters here, since a failure prints the seed and the case reproduces
 * from it exactly.
 */
class ParserFuzzTest {
  /** The generator's seed; a failure message names the case number, which reproduces with this seed. */
  private static final long SEED = 20261202L;
  /** Most bytes one parse may allocate on the heap (all threads' allocation is attributed to the parsing thread). */
  private static final long HEAP_BOUND_BYTES = 512L << 20;
  private static final long TIME_LIMIT_SECONDS = 20;

  @TempDir
  static Path directory;

  private static ExecutorService executor;

  @BeforeAll
  static void start() {
    executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "fuzz-parser");
      thread.setDaemon(true);
      return thread;
    });
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
  }

  /** A parser under test: reads the file and throws its format's exception when the file is malformed. */
  @FunctionalInterface
  private interface Parser {
    void parse(Path file) throws Exception;
  }

  // ---- mutations ----

  private static final int[] INTERESTING = {0, 1, -1, 2, 255, 256, 65_535, 1 << 20, 1 << 24, 1 << 30,
      Integer.MAX_VALUE, Integer.MIN_VALUE, 536_870_917, 40_000_000};

  /** One random mutation of {@code original}: flipped bytes, a cut, an insertion, a removed chunk, a planted int. */
  static byte[] mutate(byte[] original, SplittableRandom random) {
    byte[] bytes = original.clone();
    int kind = random.nextInt(7);
    int length = bytes.length;
    switch (kind) {
      case 0 -> { // flip a few bytes
        for (int i = 0, n = 1 + random.nextInt(8); i < n && length > 0; i++) {
          bytes[random.nextInt(length)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      case 1 -> { // truncate
        bytes = java.util.Arrays.copyOf(bytes, length == 0 ? 0 : random.nextInt(length));
      }
      case 2 -> { // plant an extreme 32-bit little-endian int (header fields are ints)
        if (length >= 4) {
          int at = random.nextInt(Math.min(length - 3, random.nextBoolean() ? 64 : length - 3));
          int value = INTERESTING[random.nextInt(INTERESTING.length)];
          for (int b = 0; b < 4; b++) {
            bytes[at + b] = (byte) (value >>> (8 * b));
          }
        }
      }
      case 3 -> { // insert random bytes
        int at = length == 0 ? 0 : random.nextInt(length);
        byte[] inserted = new byte[1 + random.nextInt(32)];
        random.nextBytes(inserted);
        byte[] out = new byte[length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, length - at);
        bytes = out;
      }
      case 4 -> { // remove a chunk
        if (length > 2) {
          int from = random.nextInt(length - 1);
          int to = Math.min(length, from + 1 + random.nextInt(Math.min(4096, length - from)));
          byte[] out = new byte[length - (to - from)];
          System.arraycopy(bytes, 0, out, 0, from);
          System.arraycopy(bytes, to, out, from, length - to);
          bytes = out;
        }
      }
      case 5 -> { // in text: replace a digit run by a huge or negative number
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher digits = java.util.regex.Pattern.compile("[0-9]+").matcher(text);
        List<int[]> runs = new ArrayList<>();
        while (digits.find() && runs.size() < 10_000) {
          runs.add(new int[] {digits.start(), digits.end()});
        }
        if (!runs.isEmpty()) {
          int[] run = runs.get(random.nextInt(runs.size()));
          String[] numbers = {"99999999999999999999", "-1", "2147483648", "1e308", "0", "NaN", "4294967296"};
          text = text.substring(0, run[0]) + numbers[random.nextInt(numbers.length)] + text.substring(run[1]);
          bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        }
      }
      default -> { // duplicate a chunk
        if (length > 2) {
          int from = random.nextInt(length - 1);
          int to = Math.min(length, from + 1 + random.nextInt(Math.min(1024, length - from)));
          byte[] out = new byte[length + (to - from)]; // bytes[0, to) + bytes[from, to) + bytes[to, length)
          System.arraycopy(bytes, 0, out, 0, to);
          System.arraycopy(bytes, from, out, to, to - from);
          System.arraycopy(bytes, to, out, to + (to - from), length - to);
          bytes = out;
        }
      }
    }
    return bytes;
  }

  // ---- the harness ----

  /**
   * Runs {@code cases} mutations of {@code original} (written as {@code name}) through {@code parser}; the result
   * must be success or an exception of one of {@code allowed}.
   */
  private static int fuzz(String label, byte[] original, int cases, SplittableRandom random, Parser parser,
      Path file, List<Class<? extends Throwable>> allowed) throws Exception {
    int failures = 0;
    for (int c = 0; c < cases; c++) {
      byte[] mutated = mutate(original, random);
      Files.write(file, mutated);
      String what = label + " case " + c + " (seed " + SEED + ", " + mutated.length + " bytes)";
      Future<long[]> run = executor.submit(() -> {
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
          parser.parse(file);
        } catch (Throwable thrown) {
          throw new Wrapped(thrown, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return new long[] {threads.getCurrentThreadAllocatedBytes() - before};
      });
      long allocated;
      try {
        allocated = run.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)[0];
      } catch (TimeoutException e) {
        run.cancel(true);
        throw new AssertionError(what + ": no result after " + TIME_LIMIT_SECONDS + " s (a hang?)");
      } catch (ExecutionException e) {
        Wrapped wrapped = (Wrapped) e.getCause();
        Throwable thrown = wrapped.getCause();
        allocated = wrapped.allocated;
        boolean expected = allowed.stream().anyMatch(type -> type.isInstance(thrown));
        if (!expected) {
          AssertionError error = new AssertionError(what + ": threw " + thrown + ", expected success or one of "
              + allowed.stream().map(Class::getSimpleName).toList());
          error.initCause(thrown);
          throw error;
        }
        assertThat(thrown.getMessage()).as(what + ": the message of " + thrown.getClass().getSimpleName())
            .isNotBlank();
        assertThat(thrown.getMessage().length()).as(what + ": message length").isLessThan(5_000);
        failures++;
      }
      assertThat(allocated).as(what + ": heap bytes allocated").isLessThan(HEAP_BOUND_BYTES);
    }
    return failures;
  }

  /** Carries a parser's throwable and what it had allocated out of the worker thread. */
  private static final class Wrapped extends Exception {
    private static final long serialVersionUID = 1L;
    final long allocated;

    Wrapped(Throwable cause, long allocated) {
      super(cause);
      this.allocated = allocated;
    }
  }

  private static final List<Class<? extends Throwable>> IO = List.of(IOException.class);

  @Test
  void llama2cCheckpointAndTokenizer() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] model = Files.readAllBytes(SharedFiles.require("models/stories260K/stories260K.bin"));
    int failed = fuzz("stories260K.bin", model, 60, random, Llama2c::load, directory.resolve("model.bin"), IO);
    assertThat(failed).as("mutations refused").isPositive();
    byte[] tokenizer = Files.readAllBytes(SharedFiles.require("models/stories260K/tok512.bin"));
    fuzz("tok512.bin", tokenizer, 60, random, file -> SentencePieceBpeTokenizer.load(file, 512),
        directory.resolve("tok512.bin"), IO);
  }

  @Test
  void safetensorsFiles() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    Path adapter = adapterDirectory("safetensors-source");
    byte[] small = Files.readAllBytes(adapter.resolve(PeftAdapters.WEIGHTS_FILE));
    int failed = fuzz("adapter_model.safetensors", small, 100, random, Safetensors::read,
        directory.resolve("small.safetensors"), IO);
    assertThat(failed).isPositive();
  }

  @Test
  void gpt2TokenizerFiles() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    Path source = SharedFiles.require("tokenizers/gpt2/encoder.json").getParent();
    Path encoder = directory.resolve("gpt2-encoder/encoder.json");
    Path merges = directory.resolve("gpt2-merges/vocab.bpe");
    Files.createDirectories(encoder.getParent());
    Files.createDirectories(merges.getParent());
    Files.copy(source.resolve("vocab.bpe"), encoder.getParent().resolve("vocab.bpe"));
    Files.copy(source.resolve("encoder.json"), merges.getParent().resolve("encoder.json"));
    fuzz("encoder.json", Files.readAllBytes(source.resolve("encoder.json")), 8, random,
        file -> GptBpeTokenizer.load(file.getParent()), encoder, IO);
    fuzz("vocab.bpe", Files.readAllBytes(source.resolve("vocab.bpe")), 8, random,
        file -> GptBpeTokenizer.load(file.getParent()), merges, IO);
  }

  @Test
  void crowsPairsCsvAndLexicon() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 3);
    byte[] csv = Files.readAllBytes(SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv"));
    // The first 40 lines keep each parse fast; the mutations are what matters.
    byte[] head = firstLines(csv, 40);
    fuzz("crows_pairs_anonymized.csv", head, 150, random, file -> CrowsPairsLoader.create().loadAll(file),
        directory.resolve("crows.csv"), List.of(IOException.class, DatasetFormatException.class));
    byte[] lexicon = firstLines(Files.readAllBytes(SharedFiles.require("lexicons/cuss-en.tsv")), 200);
    fuzz("cuss-en.tsv", lexicon, 100, random, ToxicityLexicon::readCuss, directory.resolve("lexicon.tsv"),
        List.of(java.io.UncheckedIOException.class, IllegalArgumentException.class));
  }

  @Test
  void peftAdapterDirectories() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED + 4);
    Path source = adapterDirectory("adapter-source");
    Decoder base = new Decoder(CONFIG, 1);
    for (String name : List.of(PeftAdapters.CONFIG_FILE, PeftAdapters.WEIGHTS_FILE)) {
      Path target = directory.resolve("fuzzed-adapter-" + name);
      Files.createDirectories(target);
      for (String other : List.of(PeftAdapters.CONFIG_FILE, PeftAdapters.WEIGHTS_FILE)) {
        Files.copy(source.resolve(other), target.resolve(other), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      fuzz(name, Files.readAllBytes(source.resolve(name)), 100, random,
          file -> PeftAdapters.load(base.copy(), file.getParent()), target.resolve(name), IO);
    }
  }

  @Test
  void theHarnessCatchesAnUnexpectedExceptionAndAnOverAllocation() {
    byte[] bytes = "some bytes".getBytes(StandardCharsets.UTF_8);
    Path file = directory.resolve("harness.bin");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fuzz("harness", bytes, 1, new SplittableRandom(1),
        f -> {
          throw new IllegalStateException("not a format error");
        }, file, IO)).isInstanceOf(AssertionError.class).hasMessageContaining("threw java.lang.IllegalStateException");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fuzz("harness", bytes, 1, new SplittableRandom(1),
        f -> {
          long sum = 0;
          for (int i = 0; i < 600; i++) {
            sum += new byte[1 << 20].length; // 600 MB in all, never held at once
          }
          assertThat(sum).isPositive();
        }, file, IO)).isInstanceOf(AssertionError.class).hasMessageContaining("heap bytes allocated");
  }

  private static final DecoderConfig CONFIG = DecoderConfig.gpt2(40, 16, 16, 2, 4);

  /** A real PEFT adapter directory, written by the library for a small GPT-2-shaped model. */
  private static Path adapterDirectory(String name) throws IOException {
    Path adapter = directory.resolve(name);
    if (!Files.isDirectory(adapter)) {
      Decoder model = new Decoder(CONFIG, 1);
      var attached = Adapters.attach(model, new LoraConfig(4, 8f, 0f, false, Set.of(Target.ATTENTION), null), 3);
      SplittableRandom random = new SplittableRandom(7);
      for (LoraLinear lora : attached.modules().values()) {
        for (int i = 0; i < lora.loraB().value().length(); i++) {
          lora.loraB().value().set(i, (float) random.nextGaussian() * 0.05f);
        }
      }
      PeftAdapters.save(attached, adapter, "gpt2");
    }
    return adapter;
  }

  private static byte[] firstLines(byte[] bytes, int lines) {
    int seen = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && ++seen == lines) {
        return java.util.Arrays.copyOf(bytes, i + 1);
      }
    }
    return bytes;
  }
}
