package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.io.Gpt2;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.sweep.MetricDirection;
import io.github.fairlora.testing.SharedFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit}, {@code eval} and {@code generate} on the built-in model and on stories260K. */
class FitEvalGenerateTest {
  @TempDir
  Path directory;

  /** Sentences in the built-in model's vocabulary. */
  private Path builtInTexts() throws Exception {
    return Files.writeString(directory.resolve("texts.txt"), String.join("\n",
        "the nurse said that she was tired .",
        "the nurse said that he was tired .",
        "the engineer said that she was ready .",
        "the engineer said that he was ready .") + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void loraAdapterFromFitIsEvaluatedAndGeneratesLikeTheMergedModel() throws Exception {
    Path texts = builtInTexts();
    Path adapter = directory.resolve("adapter");
    CliRun fit = CliRun.of(CliRun.withTinyBuiltIn("fit", "--data", texts.toString(), "--rank", "4", "--epochs", "2",
        "--batch-size", "2", "--out", adapter.toString()));
    assertThat(fit.exitCode()).as(fit.all()).isZero();
    assertThat(fit.out()).contains("settings: lora rank 4, alpha 8.0, targets all_linear, dropout 0.0, 2 epochs, "
        + "learning rate 0.001, batch size 2, cosine schedule, seed 0")
        .containsPattern("adapter: [\\d,]+ parameters .*; the model has [\\d,]+")
        .contains("saved adapter to " + adapter);
    // The adapter's trainable share is printed once, by the progress line of the fit (the built-in model's
    // pretraining prints its own).
    assertThat(fit.out()).doesNotContain("%");
    assertThat(fit.err().lines().filter(line -> line.contains("trainable of") && !line.startsWith("pretraining")))
        .singleElement().asString()
        .contains("lora r=4: 4 steps", "trainable of", "%)");
    JsonNode config = new ObjectMapper().readTree(adapter.resolve("adapter_config.json").toFile());
    assertThat(config.get("r").asInt()).isEqualTo(4);
    assertThat(config.get("lora_alpha").asInt()).isEqualTo(8);
    assertThat(config.get("base_model_name_or_path").asText()).startsWith("fairlora-built-in(seed=42");
    assertThat(adapter.resolve("adapter_model.safetensors")).isNotEmptyFile();

    Path json = directory.resolve("eval.json");
    CliRun eval = CliRun.of(CliRun.withTinyBuiltIn("eval", "--adapter", adapter.toString(), "--json",
        json.toString()));
    assertThat(eval.exitCode()).as(eval.all()).isZero();
    assertThat(eval.out()).contains("with adapter " + adapter, "bias.gender-occupation.pct_stereotype",
        "toxicity.targeted_group.expected_max", "wrote " + json);
    JsonNode results = new ObjectMapper().readTree(json.toFile());
    assertThat(results.get("format").asText()).isEqualTo(EvalCommand.JSON_FORMAT);
    List<String> metrics = new ArrayList<>();
    assertThat(results.get("version").asInt()).isEqualTo(2);
    for (JsonNode row : results.get("metrics")) {
      metrics.add(row.get("metric").asText());
      // The sweep's vocabulary: its metric rows' fields, and a direction that is a MetricDirection name.
      assertThat(row.has("value") && row.has("lower") && row.has("upper")).as(row.toString()).isTrue();
      assertThat(MetricDirection.valueOf(row.get("direction").asText())).isNotNull();
      if (row.get("metric").asText().endsWith(".pct_stereotype")) {
        double value = row.get("value").asDouble();
        assertThat(value).isBetween(0.0, 100.0);
        assertThat(row.get("lower").asDouble()).isLessThanOrEqualTo(value);
        assertThat(row.get("upper").asDouble()).isGreaterThanOrEqualTo(value);
        assertThat(row.get("items").asInt()).isPositive();
      }
    }
    assertThat(metrics).contains("bias.gender-occupation.pct_stereotype", "bias.group-insult.pct_stereotype",
        "toxicity.targeted_group.probability", "toxicity.other_groups.expected_max");

    // The same fit written as a merged model: greedy text from it equals base + adapter.
    Path merged = directory.resolve("merged");
    CliRun fitMerged = CliRun.of(CliRun.withTinyBuiltIn("fit", "--data", texts.toString(), "--rank", "4",
        "--epochs", "2", "--batch-size", "2", "--merged", "--out", merged.toString()));
    assertThat(fitMerged.exitCode()).as(fitMerged.all()).isZero();
    assertThat(merged.resolve("model.bin")).isNotEmptyFile();
    assertThat(merged.resolve("tokenizer.txt")).isNotEmptyFile();
    CliRun fromAdapter = CliRun.of(CliRun.withTinyBuiltIn("generate", "--adapter", adapter.toString(),
        "--temperature", "0", "--max-tokens", "8", "the nurse said"));
    CliRun fromMerged = CliRun.of("generate", "--model", merged.toString(), "--temperature", "0", "--max-tokens", "8",
        "the nurse said");
    assertThat(fromAdapter.exitCode()).as(fromAdapter.all()).isZero();
    assertThat(fromMerged.exitCode()).as(fromMerged.all()).isZero();
    assertThat(fromAdapter.out()).startsWith("the nurse said").hasLineCount(1);
    assertThat(fromAdapter.out().strip().split(" ").length).isGreaterThan(3);
    assertThat(fromMerged.out()).isEqualTo(fromAdapter.out());
    assertThat(fromAdapter.err()).doesNotContain("warning");

    // The adapter applied to a built-in model pretrained with other settings: it loads, with a warning.
    CliRun otherBase = CliRun.of("generate", "--built-in", "--built-in-sentences", "300", "--pretraining-epochs", "1",
        "--adapter", adapter.toString(), "--max-tokens", "2", "the nurse");
    assertThat(otherBase.exitCode()).as(otherBase.all()).isZero();
    assertThat(otherBase.err()).contains("warning: the adapter in " + adapter + " was trained on "
        + "fairlora-built-in(seed=42,sentences=400,pretraining-epochs=1)");
  }

  @Test
  void aCollapsedFitIsReportedNotSavedAndExitsNonZeroUnlessAllowed() throws Exception {
    Path texts = builtInTexts();
    Path adapter = directory.resolve("collapsed");
    String[] arguments = {"--data", texts.toString(), "--rank", "4", "--epochs", "4", "--batch-size", "1",
        "--learning-rate", "1e6", "--out", adapter.toString()};
    CliRun refused = CliRun.of(CliRun.withTinyBuiltIn("fit", arguments));
    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCodes.DEGENERATE);
    assertThat(refused.err()).contains("warning: training collapsed", "ln(vocabulary", "--allow-degenerate");
    assertThat(adapter.resolve("adapter_model.safetensors")).doesNotExist();

    List<String> allowed = new ArrayList<>(List.of(CliRun.withTinyBuiltIn("fit", arguments)));
    allowed.add("--allow-degenerate");
    CliRun kept = CliRun.of(allowed.toArray(String[]::new));
    assertThat(kept.exitCode()).as(kept.all()).isZero();
    assertThat(kept.err()).contains("warning: training collapsed");
    assertThat(adapter.resolve("adapter_model.safetensors")).isNotEmptyFile();
  }

  @Test
  void generateBuiltInReusesTheBaseModelASweepPretrainedAndNeverWritesOne() throws Exception {
    Path cache = directory.resolve("sweep-checkpoints");
    String[] args = CliRun.withTinyBuiltIn("generate", "--built-in-cache", cache.toString(), "--temperature", "0",
        "--max-tokens", "6", "the nurse said");
    CliRun pretrained = CliRun.of(args);
    assertThat(pretrained.exitCode()).as(pretrained.all()).isZero();
    assertThat(pretrained.err()).contains("pretraining base").doesNotContain("loaded the pretrained base model");
    assertThat(cache).doesNotExist();

    // The sweep keeps its pretrained base model this way (SweepCommand: <out>/checkpoints).
    BuiltInExperiment.prepare(ModelOptions.DEFAULT_BUILT_IN_SEED, 400, 1,
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), cache);
    Path cached = BuiltInExperiment.cachedBaseModel(cache, ModelOptions.DEFAULT_BUILT_IN_SEED, 400, 1);
    assertThat(cached).isNotEmptyFile();
    CliRun reused = CliRun.of(args);
    assertThat(reused.exitCode()).as(reused.all()).isZero();
    assertThat(reused.err()).contains("loaded the pretrained base model from " + cached)
        .doesNotContain("pretraining base");
    // Pretraining is seeded, so the reused model generates what the freshly pretrained one did.
    assertThat(reused.out()).isEqualTo(pretrained.out());

    CliRun sweep = CliRun.of("sweep", "--built-in-cache", cache.toString());
    assertThat(sweep.exitCode()).as(sweep.all()).isEqualTo(2);
    assertThat(sweep.err()).contains("sweep keeps its pretrained built-in base model in <out>/checkpoints");
  }

  @Test
  void samplingGivesAsManySamplesAsAskedAndFollowsTheSeed() {
    String[] args = CliRun.withTinyBuiltIn("generate", "--samples", "3", "--seed", "5", "--max-tokens", "6",
        "the pilot");
    CliRun first = CliRun.of(args);
    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(first.out()).contains("--- sample 1 ---", "--- sample 2 ---", "--- sample 3 ---");
    assertThat(CliRun.of(args).out()).isEqualTo(first.out());
  }

  @Test
  void greedyGenerationOfStories260kMatchesLlama2c() throws Exception {
    Path model = SharedFiles.require("models/stories260K/stories260K.bin");
    Path tokenizer = SharedFiles.require("models/stories260K/tok512.bin");
    Path reference = SharedFiles.require("models/stories260K/stories260K_reference.json");
    JsonNode expected = new ObjectMapper().readTree(reference.toFile());
    // llama2.c's `run -t 0.0 -n 200`: 200 tokens after BOS, greedy.
    CliRun run = CliRun.of("generate", "--model", model.toString(), "--tokenizer", tokenizer.toString(),
        "--temperature", "0", "--max-tokens", "200");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).isEqualTo(expected.get("expected_text").asText() + System.lineSeparator());
  }

  @Test
  void fullFineTuningOfStories260kWritesACheckpointThatLoadsAgain() throws Exception {
    Path model = SharedFiles.require("models/stories260K/stories260K.bin");
    Path tokenizer = SharedFiles.require("models/stories260K/tok512.bin");
    Path data = Files.writeString(directory.resolve("stories.txt"),
        "Once upon a time, there was a cat.\nThe cat liked milk.\n", StandardCharsets.UTF_8);
    Path out = directory.resolve("full");
    CliRun fit = CliRun.of("fit", "--model", model.toString(), "--tokenizer", tokenizer.toString(), "--data",
        data.toString(), "--full", "--max-steps", "2", "--out", out.toString());
    assertThat(fit.exitCode()).as(fit.all()).isZero();
    assertThat(fit.out()).contains("full: 2 steps", "all of them trained", "saved fine-tuned model to " + out);
    // Same size as the original checkpoint: the legacy llama2.c layout, tokenizer copied beside it.
    assertThat(Files.size(out.resolve("model.bin"))).isEqualTo(Files.size(model));
    assertThat(out.resolve("tokenizer.bin")).hasSameBinaryContentAs(tokenizer);
    CliRun generate = CliRun.of("generate", "--model", out.toString(), "--temperature", "0", "--max-tokens", "5",
        "Once upon a time");
    assertThat(generate.exitCode()).as(generate.all()).isZero();
    assertThat(generate.out()).startsWith("Once upon a time");
  }

  @Test
  void gpt2DirectoryIsFittedAndItsMergedCopyGeneratesLikeBasePlusAdapter() throws Exception {
    Path encoder = SharedFiles.require("tokenizers/gpt2/encoder.json");
    Path merges = SharedFiles.require("tokenizers/gpt2/vocab.bpe");
    // A tiny GPT-2-shaped checkpoint with the real GPT-2 tokenizer beside it.
    Path checkpoint = directory.resolve("tiny-gpt2");
    Gpt2.save(new Decoder(DecoderConfig.gpt2(50257, 32, 16, 1, 2), 1), checkpoint);
    Files.copy(encoder, checkpoint.resolve("encoder.json"));
    Files.copy(merges, checkpoint.resolve("vocab.bpe"));
    Path data = Files.writeString(directory.resolve("texts.txt"), "Hello world.\nThe cat sat on the mat.\n",
        StandardCharsets.UTF_8);

    Path adapter = directory.resolve("adapter");
    Path merged = directory.resolve("merged");
    for (Path out : List.of(adapter, merged)) {
      List<String> args = new ArrayList<>(List.of("fit", "--model", checkpoint.toString(), "--data", data.toString(),
          "--rank", "2", "--targets", "qkv", "--learning-rate", "0.05", "--epochs", "3", "--out", out.toString()));
      if (out.equals(merged)) {
        args.add("--merged");
      }
      CliRun fit = CliRun.of(args.toArray(String[]::new));
      assertThat(fit.exitCode()).as(fit.all()).isZero();
    }
    assertThat(Files.readString(adapter.resolve("adapter_config.json"))).contains("c_attn");
    // The merged directory is a whole GPT-2 checkpoint, tokenizer files included.
    assertThat(merged.resolve("config.json")).isNotEmptyFile();
    assertThat(merged.resolve("model.safetensors")).isNotEmptyFile();
    assertThat(merged.resolve("encoder.json")).hasSameBinaryContentAs(encoder);
    assertThat(merged.resolve("vocab.bpe")).hasSameBinaryContentAs(merges);

    CliRun fromAdapter = CliRun.of("generate", "--model", checkpoint.toString(), "--adapter", adapter.toString(),
        "--temperature", "0", "--max-tokens", "6", "Hello");
    CliRun fromMerged = CliRun.of("generate", "--model", merged.toString(), "--temperature", "0", "--max-tokens", "6",
        "Hello");
    assertThat(fromAdapter.exitCode()).as(fromAdapter.all()).isZero();
    assertThat(fromMerged.out()).startsWith("Hello").isEqualTo(fromAdapter.out());
  }
}
