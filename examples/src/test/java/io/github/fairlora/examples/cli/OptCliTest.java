package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.io.HuggingFace;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit and score on a tiny OPT checkpoint made by transformers (core's fixtures/hf/opt-cli: project_in/out, a
 * tokenizer.json beside it): the CLI loads OPT through --model DIR like the other Hugging Face families.
 */
class OptCliTest {
  /** The fixture lives in core's test resources; the examples tests run from the examples module directory. */
  private static final Path CHECKPOINT = Path.of("..", "core", "src", "test", "resources", "fixtures", "hf", "opt-cli");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  @Test
  void fitWritesAnAdapterAndAMergedCheckpointAndScoreAgreesWithTheLibrary() throws Exception {
    assertThat(CHECKPOINT.resolve("config.json")).as("OPT CLI fixture").isRegularFile();
    Path data = Files.writeString(directory.resolve("texts.txt"),
        "The quick brown fox jumps over the lazy dog.\nHello world, hello there!\n", StandardCharsets.UTF_8);
    Path adapter = directory.resolve("adapter");
    CliRun fit = CliRun.of("fit", "--model", CHECKPOINT.toString(), "--data", data.toString(), "--rank", "2",
        "--targets", "q_proj,v_proj,fc1", "--learning-rate", "0.05", "--max-steps", "3", "--out", adapter.toString());
    assertThat(fit.exitCode()).as(fit.all()).isZero();
    String adapterConfig = Files.readString(adapter.resolve("adapter_config.json"));
    assertThat(adapterConfig).contains("\"q_proj\"", "\"v_proj\"", "\"fc1\"");

    Path merged = directory.resolve("merged");
    CliRun fitMerged = CliRun.of("fit", "--model", CHECKPOINT.toString(), "--data", data.toString(), "--rank", "2",
        "--targets", "out_proj,fc2", "--learning-rate", "0.05", "--max-steps", "3", "--merged", "--out",
        merged.toString());
    assertThat(fitMerged.exitCode()).as(fitMerged.all()).isZero();
    Decoder reloaded = HuggingFace.load(merged);
    assertThat(reloaded.config().family()).isEqualTo(DecoderConfig.Family.OPT);
    assertThat(reloaded.config().embeddingWidth()).isEqualTo(8);
    assertThat(merged.resolve("tokenizer.json")).hasSameBinaryContentAs(CHECKPOINT.resolve("tokenizer.json"));

    // score on the base model: the CLI's log-likelihoods are the library's token log-probabilities summed.
    Path input = Files.writeString(directory.resolve("score.txt"), "Hello world\nThe lazy dog\n",
        StandardCharsets.UTF_8);
    CliRun score = CliRun.of("score", "--model", CHECKPOINT.toString(), "--json", input.toString());
    assertThat(score.exitCode()).as(score.all()).isZero();
    JsonNode scores = JSON.readTree(score.out());
    assertThat(scores.size()).isEqualTo(2);
    Decoder base = HuggingFace.load(CHECKPOINT);
    List<String> texts = List.of("Hello world", "The lazy dog");
    for (int i = 0; i < texts.size(); i++) {
      double logLikelihood = scores.get(i).get("log_likelihood").asDouble();
      int[] ids = base.tokenizer().orElseThrow().encode(texts.get(i), true, false);
      double sum = 0;
      for (float value : base.tokenLogProbabilities(List.of(ids))[0]) {
        sum += value;
      }
      assertThat(logLikelihood).as(texts.get(i)).isNegative()
          .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-3));
      assertThat(scores.get(i).get("tokens").asInt()).isGreaterThan(1);
    }
    assertThat(base.config().family()).isEqualTo(DecoderConfig.Family.OPT);
  }
}
