package io.github.fairlora.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.testing.SharedFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tokenizer.json against the tokenizers library: byte-level BPE tokenizers trained by it (GPT-2 style and Llama-3
 * style with a regex Split; src/test/resources/fixtures/hf/make_fixtures.py), and the real GPT-2 vocabulary in
 * ../shared written as a tokenizer.json, against the reference ids of three independent GPT-2 tokenizers. The
 * SentencePiece-style path is checked against TinyStories-656K (io.TinyStories656KTest).
 */
class HfTokenizerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temporary;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(HfTokenizerTest.class.getResource("/fixtures/hf/" + name).toURI());
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tokenizer-gpt2-style", "tokenizer-llama3-style"})
  void byteLevelTokenizersEqualTheTokenizersLibrary(String name) throws Exception {
    HfTokenizer tokenizer = HfTokenizer.load(fixture(name));
    JsonNode expected = JSON.readTree(fixture(name).resolve("expected.json").toFile());
    assertThat(tokenizer.bos()).hasValue(expected.get("bos").asInt());
    for (JsonNode sample : expected.get("cases")) {
      String text = sample.get("text").asText();
      int[] ids = tokenizer.encode(text);
      assertThat(ids).as(text).containsExactly(ints(sample.get("ids")));
      assertThat(tokenizer.decode(ids, false)).as(text).isEqualTo(sample.get("decoded").asText());
      assertThat(tokenizer.decode(ids)).as(text).isEqualTo(sample.get("decoded_skipping_special").asText());
    }
  }

  /** The real GPT-2 vocabulary and merges, as the tokenizers library writes GPT-2's tokenizer.json. */
  @Test
  void realGpt2VocabularyAsTokenizerJsonGivesTheReferenceIds() throws IOException {
    Path gpt2 = SharedFiles.require("tokenizers/gpt2/encoder.json");
    Path merges = gpt2.resolveSibling("vocab.bpe");
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    ArrayNode added = root.putArray("added_tokens");
    added.addObject().put("id", 50256).put("content", "<|endoftext|>").put("special", true)
        .put("normalized", true).put("lstrip", false).put("rstrip", false).put("single_word", false);
    root.putNull("normalizer");
    root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
        .put("trim_offsets", true).put("use_regex", true);
    root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
        .put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout").putNull("unk_token").putNull("continuing_subword_prefix")
        .putNull("end_of_word_suffix").put("fuse_unk", false).put("byte_fallback", false);
    model.set("vocab", JSON.readTree(gpt2.toFile()));
    ArrayNode mergeList = model.putArray("merges");
    for (String line : Files.readAllLines(merges)) {
      if (!line.startsWith("#version") && !line.isBlank()) {
        mergeList.add(line);
      }
    }
    Path file = temporary.resolve("tokenizer.json");
    JSON.writeValue(file.toFile(), root);
    HfTokenizer tokenizer = HfTokenizer.load(file);
    assertThat(tokenizer.vocabularySize()).isEqualTo(50257);

    int checked = 0;
    for (String line : Files.readAllLines(gpt2.resolveSibling("reference_samples.tsv"))) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      String text = new String(Base64.getDecoder().decode(fields[0]), java.nio.charset.StandardCharsets.UTF_8);
      int[] expected = ints(JSON.readTree(fields[1]));
      assertThat(tokenizer.encode(text)).as(text).containsExactly(expected);
      assertThat(tokenizer.decode(expected, false)).as(text).isEqualTo(text);
      checked++;
    }
    assertThat(checked).isGreaterThan(5);
  }

  @Test
  void unsupportedComponentsAreRefusedByName() throws Exception {
    JsonNode original = JSON.readTree(fixture("tokenizer-gpt2-style").resolve("tokenizer.json").toFile());
    Map<String, String> edits = Map.of("WordPiece", "model type WordPiece", "BertPreTokenizer",
        "pre_tokenizer type \"BertPreTokenizer\"", "CTC", "decoder type \"CTC\"");
    for (Map.Entry<String, String> edit : edits.entrySet()) {
      ObjectNode root = original.deepCopy();
      switch (edit.getKey()) {
        case "WordPiece" -> ((ObjectNode) root.get("model")).put("type", "WordPiece");
        case "BertPreTokenizer" -> root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        default -> root.putObject("decoder").put("type", "CTC");
      }
      Path file = temporary.resolve(edit.getKey() + ".json");
      JSON.writeValue(file.toFile(), root);
      assertThatThrownBy(() -> HfTokenizer.load(file)).isInstanceOf(IOException.class)
          .hasMessageContaining(edit.getValue());
    }
  }
}
