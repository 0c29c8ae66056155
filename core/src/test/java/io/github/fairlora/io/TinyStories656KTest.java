package io.github.fairlora.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.generate.Generator;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.nn.Rope;
import io.github.fairlora.text.HfTokenizer;
import io.github.fairlora.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Hugging Face reference: TinyStories-656K (a trained Llama-family model, rotate-half RoPE, tied head stored
 * as lm_head only, tokenizer.json with SentencePiece-style BPE) against the outputs of transformers and the tokenizers
 * library in ../shared/models/tinystories-656k/reference.json.
 */
class TinyStories656KTest {
  private static Path directory;
  private static Decoder model;
  private static HfTokenizer tokenizer;
  private static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    directory = SharedFiles.require("models/tinystories-656k");
    model = HuggingFace.load(directory);
    tokenizer = (HfTokenizer) model.tokenizer().orElseThrow();
    reference = new ObjectMapper().readTree(directory.resolve("reference.json").toFile());
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  @Test
  void configIsReadAsTheHuggingFaceLlamaLayout() {
    var config = model.config();
    assertThat(config.width()).isEqualTo(128);
    assertThat(config.numberOfLayers()).isEqualTo(2);
    assertThat(config.numberOfKvHeads()).isEqualTo(4);
    assertThat(config.normEpsilon()).isEqualTo(1e-6f);
    assertThat(config.tiedEmbeddings()).isTrue();
    assertThat(config.variant().ropeLayout()).isEqualTo(Rope.Layout.ROTATE_HALF);
    assertThat(tokenizer.bos()).hasValue(1);
    assertThat(tokenizer.eos()).hasValue(2);
  }

  @Test
  void greedyIdsFromBosAndFromPromptEqualTransformers() {
    for (String key : List.of("greedy_from_bos", "greedy_from_prompt")) {
      JsonNode run = reference.get(key);
      int[] prompt = ints(run.get("prompt_ids"));
      int[] expected = ints(run.get("ids"));
      int[] generated = Generator.generate(model, prompt, GenerationOptions.greedy(expected.length - prompt.length));
      int[] all = new int[prompt.length + generated.length];
      System.arraycopy(prompt, 0, all, 0, prompt.length);
      System.arraycopy(generated, 0, all, prompt.length, generated.length);
      assertThat(all).as(key).containsExactly(expected);
      assertThat(tokenizer.decode(expected, false)).as(key + " text").isEqualTo(run.get("text").asText());
    }
  }

  @Test
  void promptEncodesToTheReferenceIds() {
    JsonNode run = reference.get("greedy_from_prompt");
    int[] ids = tokenizer.encode(run.get("prompt").asText(), true, false);
    assertThat(ids).containsExactly(ints(run.get("prompt_ids")));
  }

  @Test
  void topFiveLogitsAtTheFirstPositionsEqualTransformers() {
    int[] ids = ints(reference.get("greedy_from_bos").get("ids"));
    model.forward(io.github.fairlora.model.TokenBatch.inputsOnly(List.of(ids), 0), false);
    var logits = model.lastLogits();
    int vocabulary = model.config().vocabularySize();
    for (JsonNode entry : reference.get("greedy_top5")) {
      int position = entry.get("position").asInt();
      int[] topIds = ints(entry.get("ids"));
      for (int k = 0; k < topIds.length; k++) {
        float expected = (float) entry.get("logits").get(k).asDouble();
        assertThat(logits.get(position * vocabulary + topIds[k])).as("position %d id %d", position, topIds[k])
            .isCloseTo(expected, within(1e-4f * Math.max(1f, Math.abs(expected))));
      }
    }
  }

  @Test
  void tokenizerIdsTokensAndDecodedTextEqualTheTokenizersLibrary() {
    for (JsonNode text : reference.get("texts")) {
      String sample = text.get("text").asText();
      int[] ids = tokenizer.encode(sample);
      assertThat(ids).as(sample).containsExactly(ints(text.get("ids")));
      List<String> pieces = new ArrayList<>();
      for (int id : ids) {
        pieces.add(tokenizer.piece(id));
      }
      List<String> expectedPieces = new ArrayList<>();
      text.get("tokens").forEach(t -> expectedPieces.add(t.asText()));
      assertThat(pieces).as(sample).isEqualTo(expectedPieces);
      assertThat(tokenizer.decode(ids, false)).as(sample).isEqualTo(text.get("decoded").asText());
    }
  }

  @Test
  void logLikelihoodsAfterBosEqualTransformers() {
    List<int[]> sequences = new ArrayList<>();
    for (JsonNode text : reference.get("texts")) {
      sequences.add(tokenizer.encode(text.get("text").asText(), true, false));
    }
    float[][] scores = model.tokenLogProbabilities(sequences);
    int i = 0;
    for (JsonNode text : reference.get("texts")) {
      double sum = 0;
      JsonNode perToken = text.get("per_token_log_prob");
      for (int t = 0; t < scores[i].length; t++) {
        assertThat((double) scores[i][t]).isCloseTo(perToken.get(t).asDouble(), within(2e-4));
        sum += scores[i][t];
      }
      double expected = text.get("log_likelihood_after_bos").asDouble();
      assertThat(sum).as(text.get("text").asText()).isCloseTo(expected, within(1e-4 * Math.abs(expected)));
      i++;
    }
  }
}
