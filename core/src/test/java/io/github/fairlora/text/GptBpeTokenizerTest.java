package io.github.fairlora.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptBpeTokenizerTest {
  private static GptBpeTokenizer gpt2;

  @TempDir Path temporary;

  @BeforeAll
  static void loadGpt2() throws IOException {
    Path directory = SharedFiles.require("tokenizers/gpt2/encoder.json").getParent();
    gpt2 = GptBpeTokenizer.load(directory);
  }

  private static int[] parseIds(String json) throws IOException {
    JsonNode array = new ObjectMapper().readTree(json);
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = array.get(i).intValue();
    }
    return ids;
  }

  @Test
  void matchesEveryReferenceSample() throws IOException {
    List<String> lines = Files.readAllLines(SharedFiles.require("tokenizers/gpt2/reference_samples.tsv"));
    int checked = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      assertThat(fields).as("line %s", line).hasSize(2);
      String text = new String(Base64.getDecoder().decode(fields[0]), StandardCharsets.UTF_8);
      int[] expected = parseIds(fields[1]);
      assertThat(gpt2.encode(text)).as("ids of %s", text).containsExactly(expected);
      assertThat(gpt2.decode(expected)).isEqualTo(text);
      checked++;
    }
    assertThat(checked).isEqualTo(7);
  }

  @Test
  void matchesReferenceIdsJson() throws IOException {
    JsonNode root = new ObjectMapper().readTree(SharedFiles.require("tokenizers/gpt2/reference_ids.json").toFile());
    assertThat(root.get("implementations_agree").booleanValue()).isTrue();
    for (JsonNode sample : root.get("samples")) {
      String text = sample.get("text").textValue();
      int[] expected = parseIds(sample.get("ids").toString());
      assertThat(gpt2.encode(text)).as("ids of %s", text).containsExactly(expected);
      if (sample.get("roundtrip").booleanValue()) {
        assertThat(gpt2.decode(expected)).isEqualTo(text);
      }
    }
  }

  @Test
  void knowsItsVocabularyAndSpecialToken() {
    assertThat(gpt2.vocabularySize()).isEqualTo(50257);
    assertThat(gpt2.bos()).hasValue(50256);
    assertThat(gpt2.eos()).hasValue(50256);
    assertThat(gpt2.piece(50256)).isEqualTo("<|endoftext|>");
    // From the reference samples: "Hello" = 15496, " world" = 995.
    assertThat(gpt2.piece(995)).isEqualTo(" world");
    assertThat(gpt2.token(995)).isEqualTo("\u0120world");
    assertThat(gpt2.id("\u0120world")).hasValue(995);
    assertThat(gpt2.id("no such token")).isEmpty();
    // 10545 starts " 日" in the reference and holds only part of 日's UTF-8 bytes (E6 97 A5): not text on its own.
    assertThat(gpt2.piece(10545)).startsWith("<0x");
    assertThat(gpt2.encode("Hello world", true, true)).containsExactly(50256, 15496, 995, 50256);
    assertThat(gpt2.decode(new int[] {50256, 15496, 995, 50256})).isEqualTo("Hello world");
    assertThatThrownBy(() -> gpt2.decode(new int[] {50257}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("50257");
  }

  @Test
  void encodesTheSpecialTokensTextAsOrdinaryText() {
    int[] ids = gpt2.encode("a<|endoftext|>b");
    assertThat(ids).doesNotContain(50256);
    assertThat(gpt2.decode(ids)).isEqualTo("a<|endoftext|>b");
  }

  @Test
  void agreesWithAStringBasedTranscriptionOfGpt2sEncoderOnRandomText() throws IOException {
    Path directory = SharedFiles.require("tokenizers/gpt2/encoder.json").getParent();
    ReferenceEncoder reference = new ReferenceEncoder(directory.resolve("encoder.json"), directory.resolve("vocab.bpe"));
    Random random = new Random(11);
    String[] words = {"the", "The", "nurse", "engineer", "don't", "I'm", "we'll", "you've", "'s", "12345", "3.14",
        "C++", "naïve", "café", "日本語", "🙂", "—", "...", "!!", "\n", "\n\n", "\t", "  ", "   ", "x_y", "$%&",
        "ĠĊ", "über", "Ωmega", "٣٤", "e-mail", "http://example.com/a?b=c", "<|endoftext|>"};
    for (int trial = 0; trial < 300; trial++) {
      StringBuilder text = new StringBuilder();
      int count = random.nextInt(12);
      for (int i = 0; i < count; i++) {
        if (random.nextBoolean()) {
          text.append(' ');
        }
        text.append(words[random.nextInt(words.length)]);
      }
      String sample = text.toString();
      int[] ids = gpt2.encode(sample);
      assertThat(ids).as("ids of %s", sample).containsExactly(reference.encode(sample));
      assertThat(gpt2.decode(ids)).isEqualTo(sample);
    }
  }

  @Test
  void handlesLongTextsAndRepeatedWords() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("The woman worked as a nurse; the man worked as an engineer ").append(i).append(". ");
    }
    text.append("a".repeat(3000)); // one long pre-token
    String sample = text.toString();
    assertThat(gpt2.decode(gpt2.encode(sample))).isEqualTo(sample);
    assertThat(gpt2.encode("")).isEmpty();
    assertThatThrownBy(() -> gpt2.encode("x\uDC00"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired");
  }

  @Test
  void readsTheHuggingFaceFileNames() throws IOException {
    Path source = SharedFiles.require("tokenizers/gpt2/encoder.json").getParent();
    Path directory = Files.createDirectories(temporary.resolve("hf"));
    Files.copy(source.resolve("encoder.json"), directory.resolve("vocab.json"));
    Files.copy(source.resolve("vocab.bpe"), directory.resolve("merges.txt"));
    GptBpeTokenizer tokenizer = GptBpeTokenizer.load(directory);
    assertThat(tokenizer.encode("Hello world")).containsExactly(15496, 995);
  }

  // ---- hand-made vocabularies ----

  /** GPT-2's byte-to-unicode table, written out independently for building test vocabularies. */
  private static String byteCharacter(int b) {
    if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255)) {
      return String.valueOf((char) b);
    }
    int extra = 0;
    for (int other = 0; other < b; other++) {
      if (!((other >= 33 && other <= 126) || (other >= 161 && other <= 172) || (other >= 174 && other <= 255))) {
        extra++;
      }
    }
    return String.valueOf((char) (256 + extra));
  }

  /** Writes a vocabulary of the 256 byte tokens plus {@code extra}, and the given merge lines; returns the tokenizer. */
  private GptBpeTokenizer handMade(String name, List<String> extra, List<String> merges) throws IOException {
    ObjectNode vocabulary = new ObjectMapper().createObjectNode();
    for (int b = 0; b < 256; b++) {
      vocabulary.put(byteCharacter(b), b);
    }
    for (int i = 0; i < extra.size(); i++) {
      vocabulary.put(extra.get(i), 256 + i);
    }
    Path directory = Files.createDirectories(temporary.resolve(name));
    Files.writeString(directory.resolve("vocab.json"), vocabulary.toString());
    Files.writeString(directory.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");
    return GptBpeTokenizer.load(directory);
  }

  @Test
  void mergesByLowestRank() throws IOException {
    // "abc": pairs (a,b) rank 0 and (b,c) rank 1 -> "ab" first, then (ab,c) rank 2 -> "abc" (id 258).
    GptBpeTokenizer abFirst = handMade("ab", List.of("ab", "bc", "abc"), List.of("a b", "b c", "ab c"));
    assertThat(abFirst.encode("abc")).containsExactly(258);
    // Ranks swapped: (b,c) rank 0 wins -> [a, bc]; "a bc" is no merge, so it stays ['a' = 97, "bc" = 257].
    GptBpeTokenizer bcFirst = handMade("bc", List.of("ab", "bc", "abc"), List.of("b c", "a b", "ab c"));
    assertThat(bcFirst.encode("abc")).containsExactly(97, 257);
    // Every occurrence of the best pair merges, left to right, without overlap: "aaa" -> [aa, a].
    GptBpeTokenizer repeated = handMade("aa", List.of("aa"), List.of("a a"));
    assertThat(repeated.encode("aaa")).containsExactly(256, 97);
    assertThat(repeated.encode("aaaa")).containsExactly(256, 256);
    // Pre-tokenisation keeps words apart: " a" (space = U+0120 'Ġ', id 32) never merges with the next word.
    assertThat(repeated.encode("aa aa")).containsExactly(256, 32, 256);
    assertThat(repeated.bos()).isEmpty();
  }

  @Test
  void rejectsMalformedFiles() throws IOException {
    assertThatThrownBy(() -> handMade("unknown", List.of("ab"), List.of("a b", "a zz")))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("merges.txt").hasMessageContaining("line 3").hasMessageContaining("\"zz\" is not in");
    assertThatThrownBy(() -> handMade("shape", List.of("ab"), List.of("a b c")))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("line 2")
        .hasMessageContaining("two tokens separated by one space");
    assertThatThrownBy(() -> handMade("repeat", List.of("ab"), List.of("a b", "a b")))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("line 3 repeats");
    assertThatThrownBy(() -> handMade("nomerged", List.of(), List.of("a b")))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("\"ab\" is not in the vocabulary");
    assertThatThrownBy(() -> handMade("space", List.of("a b"), List.of()))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("U+0020");

    Path directory = Files.createDirectories(temporary.resolve("json"));
    Path vocabulary = directory.resolve("vocab.json");
    Path merges = directory.resolve("merges.txt");
    Files.writeString(merges, "#version: 0.2\n");
    Files.writeString(vocabulary, "[1, 2]");
    assertThatThrownBy(() -> GptBpeTokenizer.fromFiles(vocabulary, merges))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("vocab.json")
        .hasMessageContaining("expected a JSON object");
    Files.writeString(vocabulary, "{\"a\": 0, \"b\": 0}");
    assertThatThrownBy(() -> GptBpeTokenizer.fromFiles(vocabulary, merges))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("id 0 is given to both");
    Files.writeString(vocabulary, "{\"a\": 0, \"b\": 5}");
    assertThatThrownBy(() -> GptBpeTokenizer.fromFiles(vocabulary, merges))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("\"b\" has id 5");
    Files.writeString(vocabulary, "{\"a\": 0, \"b\": \"one\"}");
    assertThatThrownBy(() -> GptBpeTokenizer.fromFiles(vocabulary, merges))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("expected an integer id");
    Files.writeString(vocabulary, "{\"a\": 0, \"b\": 1}");
    assertThatThrownBy(() -> GptBpeTokenizer.fromFiles(vocabulary, merges))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("no token for byte 0x00");
    Files.writeString(vocabulary, "{\"a\": 0,");
    assertThatThrownBy(() -> GptBpeTokenizer.fromFiles(vocabulary, merges))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> GptBpeTokenizer.load(temporary.resolve("empty-dir")))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("found neither pair");
  }

  @Test
  void emptyOrCutShortMergesAndAMissingEndOfTextAreRefused() throws IOException {
    Path source = SharedFiles.require("tokenizers/gpt2/encoder.json").getParent();
    List<String> lines = Files.readAllLines(source.resolve("vocab.bpe"));
    Path empty = Files.createDirectories(temporary.resolve("empty-merges"));
    Files.copy(source.resolve("encoder.json"), empty.resolve("encoder.json"));
    Files.writeString(empty.resolve("vocab.bpe"), "");
    assertThatThrownBy(() -> GptBpeTokenizer.load(empty)).isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("vocab.bpe: its merges produce 0 tokens, but 50,000 tokens of encoder.json")
        .hasMessageContaining("is the merges file empty?");
    Path cut = Files.createDirectories(temporary.resolve("cut-merges"));
    Files.copy(source.resolve("encoder.json"), cut.resolve("encoder.json"));
    Files.write(cut.resolve("vocab.bpe"), lines.subList(0, 1001)); // "#version" + the first 1,000 merges
    assertThatThrownBy(() -> GptBpeTokenizer.load(cut)).isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("produce 1,000 tokens, but 49,000 tokens").hasMessageContaining("cut short");

    Path noEnd = Files.createDirectories(temporary.resolve("no-endoftext"));
    String encoder = Files.readString(source.resolve("encoder.json"));
    String without = encoder.replace(", \"<|endoftext|>\": 50256", "");
    assertThat(without).hasSizeLessThan(encoder.length());
    Files.writeString(noEnd.resolve("encoder.json"), without);
    Files.copy(source.resolve("vocab.bpe"), noEnd.resolve("vocab.bpe"));
    assertThatThrownBy(() -> GptBpeTokenizer.load(noEnd)).isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("encoder.json: has no <|endoftext|> token");

    // A hand-made vocabulary with a token no merge builds, and one whose special token needs none.
    assertThatThrownBy(() -> handMade("orphan", List.of("ab", "xyz"), List.of("a b")))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("(e.g. \"xyz\")");
    assertThat(handMade("special", List.of("ab", "<pad>"), List.of("a b")).encode("ab")).containsExactly(256);
  }

  /**
   * GPT-2's encoder.py written out with strings (pairs as strings, "merge every occurrence of the lowest-ranked
   * bigram"), a second implementation to compare the id-based one against.
   */
  private static final class ReferenceEncoder {
    private static final Pattern SPLIT = Pattern.compile(
        "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
        Pattern.UNICODE_CHARACTER_CLASS);
    private final Map<String, Integer> encoder = new HashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();

    ReferenceEncoder(Path encoderJson, Path bpe) throws IOException {
      encoder.putAll(new ObjectMapper().readValue(encoderJson.toFile(),
          new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() {}));
      List<String> lines = Files.readAllLines(bpe, StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i++) {
        if (!lines.get(i).isEmpty()) {
          ranks.put(lines.get(i), i - 1);
        }
      }
    }

    int[] encode(String text) {
      List<Integer> out = new ArrayList<>();
      Matcher matcher = SPLIT.matcher(text);
      while (matcher.find()) {
        StringBuilder mapped = new StringBuilder();
        for (byte b : matcher.group().getBytes(StandardCharsets.UTF_8)) {
          mapped.append(byteCharacter(b & 0xFF));
        }
        for (String token : bpe(mapped.toString())) {
          out.add(encoder.get(token));
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<String> bpe(String token) {
      List<String> word = new ArrayList<>();
      for (char c : token.toCharArray()) {
        word.add(String.valueOf(c));
      }
      while (word.size() > 1) {
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i + 1 < word.size(); i++) {
          Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
          if (rank != null && rank < bestRank) {
            bestRank = rank;
            best = word.get(i) + " " + word.get(i + 1);
          }
        }
        if (best == null) {
          break;
        }
        String first = best.substring(0, best.indexOf(' '));
        String second = best.substring(best.indexOf(' ') + 1);
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < word.size(); ) {
          if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
            merged.add(first + second);
            i += 2;
          } else {
            merged.add(word.get(i));
            i++;
          }
        }
        word = merged;
      }
      return word;
    }
  }
}
