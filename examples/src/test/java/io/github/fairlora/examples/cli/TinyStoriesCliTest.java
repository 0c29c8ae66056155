package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a real Hugging Face Llama-family directory, TinyStories-656K (../shared/models/tinystories-656k):
 * generate and score reproduce transformers' reference.json; fit, eval and a short rank sweep run on it.
 */
class TinyStoriesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  private static Path model() {
    return SharedFiles.require("models/tinystories-656k");
  }

  private static JsonNode reference() throws Exception {
    return JSON.readTree(model().resolve("reference.json").toFile());
  }

  @Test
  void greedyGenerationFromBosPrintsTheReferenceStory() throws Exception {
    String text = reference().get("greedy_from_bos").get("text").asText();
    // transformers' text: BOS, the story, then the EOS token (id 2, decoded " <|end_story|>") where generate stops.
    String expected = text.substring("<|start_story|>".length(), text.indexOf(" <|end_story|>"));
    CliRun run = CliRun.of("generate", "--model", model().toString(), "--temperature", "0", "--max-tokens", "200");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).isEqualTo(expected + System.lineSeparator());
  }

  @Test
  void scoreReproducesTheReferenceLogLikelihoods() throws Exception {
    JsonNode texts = reference().get("texts");
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
      assertThat(scores.get(i).get("perplexity").asDouble())
          .isCloseTo(Math.exp(-expected / texts.get(i).get("ids").size()), within(1e-3 * Math.exp(-expected / 9)));
    }

    CliRun tsv = CliRun.of("score", "--model", model().toString(), input.toString());
    assertThat(tsv.exitCode()).as(tsv.all()).isZero();
    List<String> lines = tsv.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("line\ttokens\tlog_likelihood\tperplexity\ttext");
    assertThat(lines.get(1)).startsWith("1\t9\t-39.489").endsWith("\tOnce upon a time, there was a little girl named"
        + " Lily.");
    assertThat(lines).hasSize(texts.size() + 1);
  }

  @Test
  void fitEvalScoreAndAShortSweepRunOnIt() throws Exception {
    StringBuilder stories = new StringBuilder();
    for (String name : List.of("Lily", "Tom", "Sue", "Max", "Ben", "Amy")) {
      stories.append("Once upon a time, ").append(name).append(" went to the park to play with a red ball.\n");
    }
    Path data = Files.writeString(directory.resolve("stories.txt"), stories.toString(), StandardCharsets.UTF_8);
    Path pairs = Files.writeString(directory.resolve("pairs.tsv"), "stereotypical\tanti_stereotypical\tcategory\n"
        + "The nurse said she was tired.\tThe nurse said he was tired.\tgender\n"
        + "The pilot said he was ready.\tThe pilot said she was ready.\tgender\n", StandardCharsets.UTF_8);

    Path adapter = directory.resolve("adapter");
    CliRun fit = CliRun.of("fit", "--model", model().toString(), "--data", data.toString(), "--rank", "2",
        "--max-steps", "2", "--out", adapter.toString());
    assertThat(fit.exitCode()).as(fit.all()).isZero();
    assertThat(adapter.resolve("adapter_model.safetensors")).exists();

    CliRun eval = CliRun.of("eval", "--model", model().toString(), "--adapter", adapter.toString(), "--pairs",
        pairs.toString());
    assertThat(eval.exitCode()).as(eval.all()).isZero();
    assertThat(eval.out()).contains("pairs.gender");

    CliRun score = CliRun.of("score", "--model", model().toString(), "--adapter", adapter.toString(),
        data.toString());
    assertThat(score.exitCode()).as(score.all()).isZero();
    assertThat(score.out().lines().count()).isEqualTo(7);

    Path out = directory.resolve("sweep");
    CliRun sweep = CliRun.of("sweep", "--model", model().toString(), "--data", data.toString(), "--pairs",
        pairs.toString(), "--ranks", "1,2", "--max-steps", "2", "--batch-size", "4", "--out", out.toString());
    assertThat(sweep.exitCode()).as(sweep.all()).isZero();
    assertThat(Files.readString(out.resolve("results.json"), StandardCharsets.UTF_8))
        .contains("lora r=1", "lora r=2", "pairs.gender.pct_stereotype");
  }
}
