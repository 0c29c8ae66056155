package io.github.fairlora.examples.cli;

import static io.github.fairlora.examples.cli.CliRun.arg;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input cases of the hardening issue through the command line: each exits with the documented code and
 * a message naming the file or option and the cause, and leaves no output behind.
 */
class HostileInputCliTest {
  @TempDir
  Path directory;

  private static String[] stories(String command, String... rest) {
    String[] model = {command, "--model", arg(SharedFiles.require("models/stories260K/stories260K.bin")),
        "--tokenizer", arg(SharedFiles.require("models/stories260K/tok512.bin"))};
    String[] args = Arrays.copyOf(model, model.length + rest.length);
    System.arraycopy(rest, 0, args, model.length, rest.length);
    return args;
  }

  private Path texts(int count, int repeat) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("once upon a time there was a little cat named tom. ".repeat(repeat)).append('\n');
    }
    return Files.writeString(directory.resolve("texts-" + count + "-" + repeat + ".txt"), text);
  }

  private long entries() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }

  @Test
  void anOutputUnderARegularFileIsRefusedBeforeAnyWork() throws IOException {
    Path data = texts(5, 1);
    Path file = Files.writeString(directory.resolve("notes.txt"), "keep");
    long before = entries();
    CliRun run = CliRun.of(stories("fit", "--data", arg(data), "--max-steps", "1", "--out", arg(file.resolve("a"))));
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("--out").contains("is a regular file").doesNotContain("data:")
        .doesNotContain("steps");
    assertThat(entries()).isEqualTo(before);
    assertThat(Files.readString(file)).isEqualTo("keep");

    CliRun sweep = CliRun.of(CliRun.withTinyBuiltIn("sweep", "--out", arg(file)));
    assertThat(sweep.exitCode()).as(sweep.all()).isEqualTo(ExitCodes.FAILURE);
    assertThat(sweep.err()).contains("--out").contains("is a regular file").doesNotContainIgnoringCase("pretrain");

    CliRun json = CliRun.of(stories("eval", "--crows-pairs", arg(data), "--json", arg(directory)));
    assertThat(json.exitCode()).as(json.all()).isEqualTo(ExitCodes.FAILURE);
    assertThat(json.err()).contains("--json").contains("is a directory").doesNotContain("evaluating");
  }

  @Test
  void anExistingDirectoryKeepsItsModeAndNewFilesGetTheUsualOne() throws IOException {
    Path out = Files.createDirectory(directory.resolve("adapter"));
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
    CliRun run = CliRun.of(stories("fit", "--data", arg(texts(5, 1)), "--max-steps", "1", "--out", arg(out)));
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rwxr-xr-x");
    Path plain = Files.writeString(directory.resolve("plain"), "x");
    assertThat(Files.getPosixFilePermissions(out.resolve("adapter_model.safetensors")))
        .isEqualTo(Files.getPosixFilePermissions(plain));
    Path fresh = directory.resolve("fresh");
    assertThat(CliRun.of(stories("fit", "--data", arg(texts(5, 1)), "--max-steps", "1", "--out", arg(fresh)))
        .exitCode()).isZero();
    assertThat(Files.getPosixFilePermissions(fresh))
        .isEqualTo(Files.getPosixFilePermissions(Files.createDirectory(directory.resolve("plain-dir"))));
  }

  @Test
  void stepTotalsThatOverflowAreRefusedAndAHugeBatchSizeStillTrains() throws IOException {
    Path data = texts(5, 1);
    CliRun run = CliRun.of(stories("fit", "--data", arg(data), "--epochs", "536870917", "--batch-size", "1",
        "--out", arg(directory.resolve("a"))));
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--epochs 536870917").contains("2684354585 steps").contains("--max-steps");
    assertThat(directory.resolve("a")).doesNotExist();

    CliRun huge = CliRun.of(stories("fit", "--data", arg(data), "--batch-size", "2147483647", "--epochs", "2",
        "--out", arg(directory.resolve("b"))));
    assertThat(huge.exitCode()).as(huge.all()).isZero();
    assertThat(huge.out()).contains(": 2 steps in");
  }

  @Test
  void aBatchThatCannotFitInMemoryIsRefusedWithTheFigureAndTheSettingToChange() throws IOException {
    // 300 texts of more than 512 tokens at --batch-size 300: about 17 GiB, over the test JVM's 12 GiB limit.
    Path data = texts(300, 40);
    CliRun run = CliRun.of(stories("fit", "--data", arg(data), "--batch-size", "300", "--out",
        arg(directory.resolve("a"))));
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--batch-size 300: training needs about 17.1 GiB")
        .contains("batch of 300 sequences of 513 tokens").containsPattern("lower --batch-size to at most \\d+");
    assertThat(directory.resolve("a")).doesNotExist();
  }

  @Test
  void damagedGzipDataExitsWithAnInputProblemNamingTheFile() throws IOException {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      jsonl.append("{\"text\": \"once upon a time ").append(i).append("\"}\n");
    }
    byte[] whole = gzip(jsonl.toString());
    Path truncated = Files.write(directory.resolve("texts.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
    CliRun run = CliRun.of(stories("fit", "--data", arg(truncated), "--out", arg(directory.resolve("a"))));
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.err()).contains(truncated.toString()).contains("the gzip data is truncated");

    byte[] corrupt = gzip("text\n" + "hello there\n".repeat(3000));
    corrupt[corrupt.length / 2] ^= (byte) 0xff;
    Path csv = Files.write(directory.resolve("texts.csv.gz"), corrupt);
    CliRun bad = CliRun.of(stories("fit", "--data", arg(csv), "--out", arg(directory.resolve("a"))));
    assertThat(bad.exitCode()).as(bad.all()).isEqualTo(ExitCodes.INPUT);
    assertThat(bad.err()).contains(csv.toString()).contains("the gzip data is corrupt").doesNotContain("quote");
    assertThat(directory.resolve("a")).doesNotExist();
  }

  @Test
  void anEmptyLexiconExitsWithAnInputProblemNamingIt() throws IOException {
    Path lexicon = Files.writeString(directory.resolve("lexicon.tsv"), "");
    CliRun run = CliRun.of(stories("eval", "--honest", arg(SharedFiles.require("data/honest/en_template.tsv")),
        "--lexicon", arg(lexicon)));
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.err()).contains(lexicon.toString()).contains("holds no words").doesNotContain("evaluating");
  }

  @Test
  void aHugeInputIsQuotedOnlyInPart() throws IOException {
    String bold = "{\"American_actors\": {\"Jacob_Zachar\": [\"" + "x".repeat(445_000) + "\"]}}";
    Path file = Files.writeString(directory.resolve("bold.json"), bold);
    CliRun run = CliRun.of(stories("eval", "--honest", arg(file), "--lexicon",
        arg(SharedFiles.require("lexicons/cuss-en.tsv"))));
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.err()).contains(file.toString());
    assertThat(run.err().length()).isLessThan(1_000);

    assertThat(FairloraCli.oneLine("x".repeat(50_000_000)))
        .hasSizeLessThan(FairloraCli.MAXIMUM_MESSAGE_LENGTH + 60).endsWith("(49998000 more characters not shown)");
    assertThat(FairloraCli.oneLine("a\n  b")).isEqualTo("a; b");
  }

  @Test
  void anAdapterThatMakesTheOutputsNonFiniteIsRefusedAtLoadNamingIt() throws IOException {
    Path adapter = directory.resolve("adapter");
    CliRun fit = CliRun.of(stories("fit", "--data", arg(texts(5, 1)), "--max-steps", "2", "--learning-rate", "0.05",
        "--out", arg(adapter)));
    assertThat(fit.exitCode()).as(fit.all()).isZero();
    Path config = adapter.resolve("adapter_config.json");
    Files.writeString(config, Files.readString(config).replaceFirst("\"lora_alpha\"\\s*:\\s*[0-9.eE+-]+",
        "\"lora_alpha\": 1e30"));
    assertThat(Files.readString(config)).contains("1e30");
    for (String command : new String[] {"generate", "eval"}) {
      CliRun run = command.equals("generate")
          ? CliRun.of(stories("generate", "--adapter", arg(adapter), "once upon a time"))
          : CliRun.of(stories("eval", "--adapter", arg(adapter), "--crows-pairs",
              arg(SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv"))));
      assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.INPUT);
      assertThat(run.err()).contains(adapter.toString()).contains("non-finite").doesNotContain("prompt");
    }
  }

  @Test
  void anOverLongSentenceIsRefusedBeforeTokenisingWithFileAndLine() throws IOException {
    Path source = SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv");
    String header = Files.readAllLines(source).get(0);
    Path csv = Files.writeString(directory.resolve("crows.csv"), header + "\n"
        + "0,\"" + "the cat sat on the mat. ".repeat(20_000) + "\",the dog sat.,stereo,race-color,[],a,[]\n");
    CliRun run = CliRun.of(stories("eval", "--crows-pairs", arg(csv)));
    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.INPUT);
    assertThat(run.err()).contains(csv + " line 2: field 'sent_more'").contains("at most 20,000 characters")
        .doesNotContain("evaluating");
    assertThat(run.err().length()).isLessThan(1_000); // refused while reading, before the model saw it

    // Under the character bound but over the model's context of 512 tokens: named with the file, exit 3.
    Path longer = Files.writeString(directory.resolve("crows-long.csv"), header + "\n"
        + "0,\"" + "the cat sat on the mat. ".repeat(200) + "\",the dog sat.,stereo,race-color,[],a,[]\n");
    CliRun context = CliRun.of(stories("eval", "--crows-pairs", arg(longer)));
    assertThat(context.exitCode()).as(context.all()).isEqualTo(ExitCodes.INPUT);
    assertThat(context.err()).contains("--crows-pairs " + longer + ": ").contains("context");
    assertThat(context.err().length()).isLessThan(1_000);
  }

  @Test
  void runningOutOfMemoryAnywayIsOneLineAndExitCodeOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FairloraCli.outOfMemory(new OutOfMemoryError("Java heap space"),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString(StandardCharsets.UTF_8)).hasLineCount(1).contains("out of memory (Java heap space)")
        .contains("--batch-size").contains("-Xmx");
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
