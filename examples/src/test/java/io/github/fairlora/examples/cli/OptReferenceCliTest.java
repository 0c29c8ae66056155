package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.generate.Generator;
import io.github.fairlora.io.HuggingFace;
import io.github.fairlora.model.Decoder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OPT directory as users have it (config.json, model.safetensors, tokenizer.json with OPT's "</s>" BOS), a tiny
 * random model made by transformers (core/src/test/resources/fixtures/hf/make_fixtures.py, opt_with_tokenizer):
 * the tokenizer's ids with OPT's BOS, greedy ids and the CLI's per-text log-likelihoods equal transformers'.
 */
class OptReferenceCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  private static Path model() throws URISyntaxException {
    return Path.of(OptReferenceCliTest.class.getResource("/fixtures/hf/opt-with-tokenizer").toURI());
  }

  private static JsonNode expected() throws Exception {
    return JSON.readTree(model().resolve("expected.json").toFile());
  }

  @Test
  void greedyIdsEqualTransformers() throws Exception {
    JsonNode expected = expected();
    Decoder decoder = HuggingFace.load(model());
    int[] prompt = decoder.tokenizer().orElseThrow().encode(expected.get("prompt").asText(), true, false);
    int[] expectedPrompt = JSON.convertValue(expected.get("prompt_ids"), int[].class);
    assertThat(prompt).containsExactly(expectedPrompt);
    int[] all = JSON.convertValue(expected.get("greedy_ids"), int[].class);
    int[] generated = Generator.generate(decoder, prompt, GenerationOptions.greedy(all.length - prompt.length));
    assertThat(generated).containsExactly(java.util.Arrays.copyOfRange(all, prompt.length, all.length));
  }

  @Test
  void scoreEqualsTransformersLogLikelihoods() throws Exception {
    JsonNode texts = expected().get("texts");
    StringBuilder file = new StringBuilder();
    texts.forEach(t -> file.append(t.get("text").asText()).append('\n'));
    Path input = Files.writeString(directory.resolve("texts.txt"), file.toString(), StandardCharsets.UTF_8);
    CliRun json = CliRun.of("score", "--model", model().toString(), "--json", input.toString());
    assertThat(json.exitCode()).as(json.all()).isZero();
    JsonNode scores = JSON.readTree(json.out());
    assertThat(scores.size()).isEqualTo(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      double expected = texts.get(i).get("log_likelihood_after_bos").asDouble();
      assertThat(scores.get(i).get("log_likelihood").asDouble()).as(texts.get(i).get("text").asText())
          .isCloseTo(expected, within(1e-4 * Math.abs(expected)));
      assertThat(scores.get(i).get("tokens").asInt()).isEqualTo(texts.get(i).get("ids").size());
    }
  }
}
