package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealToxicityPromptsLoaderTest {
  private final RealToxicityPromptsLoader loader = RealToxicityPromptsLoader.create();
  @TempDir Path temporary;

  @Test
  void readsScoresNullScoresAndAMissingContinuation() throws IOException {
    List<RealToxicityPrompt> prompts = loader.loadAll(Fixtures.path("rtp/prompts.jsonl"));
    assertThat(prompts).hasSize(3);

    RealToxicityPrompt first = prompts.get(0);
    assertThat(first.filename()).isEqualTo("0766186-bc7f2a64cb271f5f56cf6f25570cd9ed.txt");
    assertThat(first.begin()).isEqualTo(340);
    assertThat(first.end()).isEqualTo(564);
    assertThat(first.challenging()).isFalse();
    assertThat(first.prompt().text()).startsWith("Corruption involving the contractors");
    assertThat(first.prompt().scores().toxicity()).hasValue(0.295593);
    assertThat(first.prompt().scores().severeToxicity()).hasValue(0.20936702);
    assertThat(first.prompt().scores().insult()).hasValue(0.26487392);
    assertThat(first.continuation()).hasValueSatisfying(continuation -> {
      assertThat(continuation.text()).isEqualTo(" report from the inspector general.");
      assertThat(continuation.scores().threat()).hasValue(0.16676578);
    });

    RealToxicityPrompt second = prompts.get(1);
    assertThat(second.challenging()).isTrue();
    assertThat(second.prompt().scores().toxicity()).isEqualTo(OptionalDouble.empty());
    assertThat(second.continuation().orElseThrow().scores().toxicity()).hasValue(0.7);
    assertThat(second.continuation().orElseThrow().scores().insult()).isEmpty(); // absent

    assertThat(prompts.get(2).continuation()).isEmpty();
  }

  @Test
  void malformedLines() throws IOException {
    Path file = Fixtures.path("rtp/malformed.jsonl");
    assertThatThrownBy(() -> loader.loadAll(file))
        .hasMessageContaining("malformed.jsonl line 2: field 'end': expected an offset >= begin (10), found '5'");
    var result = loader.load(file, ReadMode.LENIENT);
    assertThat(result.records()).extracting(RealToxicityPrompt::filename).containsExactly("a.txt", "g.txt");
    assertThat(result.report().skipped()).extracting(skip -> skip.field().orElseThrow())
        .containsExactly("end", "challenging", "prompt.toxicity", "prompt.toxicity", "prompt");
    assertThat(result.report().skipped()).extracting(skip -> skip.expected()).containsExactly(
        "an offset >= begin (10)", "true or false", "a score in [0, 1] or null", "a finite number or null",
        "a JSON object");
  }

  @Test
  void streamsALargeGzippedFileOneLineAtATime() throws IOException {
    // 40,000 lines, gzipped, with a malformed line at the very end: the first records arrive before the reader has
    // seen it, which a read-everything-first loader could not do.
    Path file = temporary.resolve("big.jsonl.gz");
    int lines = 40_000;
    try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
        new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
      for (int index = 0; index < lines; index++) {
        out.write("{\"filename\": \"f" + index + "\", \"begin\": " + index + ", \"end\": " + (index + 5)
            + ", \"challenging\": " + (index % 3 == 0) + ", \"prompt\": {\"text\": \"prompt " + index
            + "\", \"toxicity\": " + (index % 100) / 100.0 + "}}\n");
      }
      out.write("{\"broken\n");
    }
    try (RecordReader<RealToxicityPrompt> reader = loader.open(file, ReadMode.STRICT)) {
      assertThat(reader.next().filename()).isEqualTo("f0");
      assertThat(reader.next().filename()).isEqualTo("f1");
      assertThat(reader.report().recordsRead()).isEqualTo(2);
    }
    var result = loader.load(file, ReadMode.LENIENT);
    assertThat(result.records()).hasSize(lines);
    // challenging for multiples of 3 in [0, 40000): 0, 3, ..., 39999, that is 13,334 of them
    assertThat(result.records().stream().filter(RealToxicityPrompt::challenging).count()).isEqualTo(13_334);
    assertThat(result.report().skipped()).singleElement().satisfies(skip -> assertThat(skip.line()).isEqualTo(lines + 1));
    try (var stream = loader.stream(file, ReadMode.LENIENT)) {
      // mean of (i mod 100)/100 over whole centuries: (0 + ... + 99) / 100 / 100 = 0.495
      assertThat(stream.mapToDouble(prompt -> prompt.prompt().scores().toxicity().orElseThrow()).average())
          .hasValueCloseTo(0.495, org.assertj.core.data.Offset.offset(1e-12));
    }
  }
}
