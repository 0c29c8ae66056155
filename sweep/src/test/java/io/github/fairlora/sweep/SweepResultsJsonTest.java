package io.github.fairlora.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepResultsJsonTest {
  @TempDir Path directory;

  @Test
  void sweepResultsSurviveARoundTripIncludingNaNAndInfinities() throws IOException {
    SweepResults results = SweepFixtures.synthetic();
    Path file = directory.resolve("nested/results.json");
    SweepResultsJson.write(results, file);
    SweepResults back = SweepResultsJson.read(file);
    assertThat(back).isEqualTo(results);
    // Settings keep their order, not only their content.
    assertThat(List.copyOf(back.settings().keySet())).isEqualTo(List.copyOf(results.settings().keySet()));
    assertThat(back.metric(Variant.base(), SweepFixtures.KL_FULL).orElseThrow().value())
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(back.metric(Variant.lora(4), SweepFixtures.TOXICITY).orElseThrow().value()).isNaN();

    String text = Files.readString(file);
    // Undefined numbers are null; infinities are strings.
    assertThat(text).contains("\"value\" : null", "\"value\" : \"Infinity\"", "\"upper\" : \"Infinity\"")
        .doesNotContain("\"NaN\"");
    // Nothing but standard JSON: no bare NaN or Infinity tokens.
    assertThat(text).doesNotContainPattern(":\\s*-?(NaN|Infinity)");
    assertThat(text).isEqualTo(SweepResultsJson.toJsonString(results) + "\n");
  }

  @Test
  void exactDoublesAndExtremesRoundTrip() throws IOException {
    double[] awkward = {0.1 + 0.2, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -1e-300, 1.0 / 3, Double.NEGATIVE_INFINITY};
    SweepResults results = SweepResults.builder("extremes")
        .metric(new MetricResult(Variant.lora(3), "m", MetricDirection.UNSPECIFIED, 1.0 / 3, -0.0, 0.1 + 0.2,
            awkward.length, 0.5, awkward))
        .layerCurve(new LayerCurve(Variant.lora(3), "lens", awkward))
        .startedAt(Instant.parse("2024-05-01T10:00:00.123456789Z"))
        .finishedAt(Instant.parse("2024-05-01T10:00:00.123456789Z"))
        .build();
    Path file = directory.resolve("extremes.json");
    SweepResultsJson.write(results, file);
    assertThat(SweepResultsJson.read(file)).isEqualTo(results);
  }

  @Test
  void variantResultsSurviveARoundTrip() throws IOException {
    SweepResults results = SweepFixtures.synthetic();
    VariantResults partial = results.variantResults(Variant.lora(4));
    VariantResults withNote = new VariantResults(partial.variant(), partial.settings(), partial.metrics(),
        partial.layerCurves(), partial.trainings(), List.of("seed 2 restarted once"), partial.startedAt(),
        partial.finishedAt());
    Path file = directory.resolve("variants/" + Variant.lora(4).fileStem() + ".json");
    SweepResultsJson.writeVariant(withNote, file);
    assertThat(SweepResultsJson.readVariant(file)).isEqualTo(withNote);
    // A variant file is not a sweep file, and the reverse.
    assertThatThrownBy(() -> SweepResultsJson.read(file)).isInstanceOf(ResultsFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("unknown field");
    Path sweep = directory.resolve("sweep.json");
    SweepResultsJson.write(results, sweep);
    assertThatThrownBy(() -> SweepResultsJson.readVariant(sweep)).isInstanceOf(ResultsFormatException.class)
        .hasMessageContaining("unknown field");
  }

  @Test
  void writingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = directory.resolve("results.json");
    Files.writeString(file, "old content");
    SweepResultsJson.write(SweepFixtures.singleRank(), file);
    assertThat(SweepResultsJson.read(file)).isEqualTo(SweepFixtures.singleRank());
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("results.json");
    }
  }

  @Test
  void malformedJsonNamesTheFileAndPosition() throws IOException {
    Path file = write("broken.json", "{\n  \"format\": \"fairlora.sweep-results\",\n  \"version\": 1,,\n}");
    assertThatThrownBy(() -> SweepResultsJson.read(file)).isInstanceOf(ResultsFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON at line 3");
    Path empty = write("empty.json", "");
    assertThatThrownBy(() -> SweepResultsJson.read(empty)).hasMessageContaining("the file is empty");
    Path array = write("array.json", "[]");
    assertThatThrownBy(() -> SweepResultsJson.read(array)).hasMessageContaining("expected a JSON object");
    Path trailing = write("trailing.json", validSweepJson() + " {}");
    assertThatThrownBy(() -> SweepResultsJson.read(trailing)).hasMessageContaining("not valid JSON");
    Path duplicate = write("duplicate.json", validSweepJson().replace("\"title\" :", "\"title\" : \"x\", \"title\" :"));
    assertThatThrownBy(() -> SweepResultsJson.read(duplicate)).hasMessageContaining("Duplicate field 'title'");
    Path bareNaN = write("bare.json", validSweepJson().replace("\"value\" : null", "\"value\" : NaN"));
    assertThatThrownBy(() -> SweepResultsJson.read(bareNaN)).hasMessageContaining("not valid JSON");
  }

  @Test
  void badFieldsNameTheFileAndTheField() throws IOException {
    String json = validSweepJson();
    expectFieldError(json.replace("\"format\" : \"fairlora.sweep-results\"", "\"format\" : \"other\""),
        "format", "expected \"fairlora.sweep-results\"");
    expectFieldError(json.replace("\"version\" : 1", "\"version\" : 2"), "version", "unsupported version 2");
    expectFieldError(json.replace("\"version\" : 1", "\"version\" : 1.5"), "version", "expected a whole number");
    expectFieldError(json.replaceFirst("\"title\" : \"[^\"]*\",", ""), "title", "missing");
    expectFieldError(json.replace("\"startedAt\" : \"2024-05-01T10:00:00Z\"", "\"startedAt\" : \"yesterday\""),
        "startedAt", "ISO-8601");
    expectFieldError(json.replace("\"model\" : \"stories260K\"", "\"model\" : 260"), "settings.model",
        "expected a string, found number 260");
    expectFieldError(json.replace("\"lora r=16\", \"full\" ]", "\"lora r=x\", \"full\" ]"), "variants[3]", "unknown variant name");
    // The second metric row is base/counterfactual with lower 58.0: break it in several ways.
    expectFieldError(json.replace("\"lower\" : 58.0", "\"lower\" : \"low\""), "metrics[0].lower",
        "expected a number or one of the strings \"NaN\", \"Infinity\", \"-Infinity\", found string \"low\"");
    expectFieldError(json.replace("\"lower\" : 58.0", "\"lower\" : 70.0"), "metrics[0]",
        "lower (70.0) must not exceed upper (67.1)");
    expectFieldError(json.replaceFirst("\"direction\" : \"UNSPECIFIED\"", "\"direction\" : \"UP\""),
        "metrics[0].direction", "expected one of [HIGHER_IS_MORE_BIASED, LOWER_IS_MORE_BIASED, UNSPECIFIED]");
    expectFieldError(json.replaceFirst("\"seeds\" : 1,", "\"seeds\" : 1, \"colour\" : \"red\","),
        "metrics[0].colour", "unknown field");
    expectFieldError(json.replaceFirst("\"seedValues\" : \\[ 62.5 \\]", "\"seedValues\" : [ true ]"),
        "metrics[0].seedValues[0]", "found boolean true");
    expectFieldError(json.replaceFirst("\"steps\" : \\[ 1, 2,", "\"steps\" : [ 1, 1,"),
        "trainings[0].trainingLoss", "follows 1");
    expectFieldError(json.replaceFirst("\"trainableParameters\" : 1024", "\"trainableParameters\" : 1e3"),
        "trainings[0].trainableParameters", "expected a whole number");
    expectFieldError(json.replaceFirst("\"values\" : \\[ 0.0, 0.0, 0.0, 0.0, 0.0 \\]", "\"values\" : [ ]"),
        "layerCurves[0]", "has no layers");
  }

  @Test
  void rowsOfUnknownVariantsAreRejectedWithTheFileName() throws IOException {
    String json = validSweepJson().replace("\"lora r=16\", \"full\" ]", "\"lora r=32\", \"full\" ]");
    Path file = write("unknown-variant.json", json);
    assertThatThrownBy(() -> SweepResultsJson.read(file)).isInstanceOf(ResultsFormatException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("refers to variant lora r=16, which is not in the variant list");
  }

  @Test
  void missingFilesAreReportedAsSuch() {
    Path missing = directory.resolve("nope.json");
    assertThatThrownBy(() -> SweepResultsJson.read(missing)).isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("nope.json");
  }

  private void expectFieldError(String json, String field, String detail) throws IOException {
    assertThat(json).as("the test's edit must change the file").isNotEqualTo(validSweepJson());
    Path file = write("bad.json", json);
    assertThatThrownBy(() -> SweepResultsJson.read(file))
        .isInstanceOfSatisfying(ResultsFormatException.class, e -> {
          assertThat(e.file()).isEqualTo(file);
          assertThat(e.field()).contains(field);
        })
        .hasMessageContaining(file + ": field " + field + ": ")
        .hasMessageContaining(detail);
  }

  private static String validSweepJson() {
    return SweepResultsJson.toJsonString(SweepFixtures.synthetic());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void theJsonHoldsTheContractFieldsAndReadsBack(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
    SweepResults results = SweepFixtures.withVerdict();
    Path file = directory.resolve("results.json");
    SweepResultsJson.write(results, file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    assertThat(root.get("fairloraVersion").asText()).isNotBlank();
    com.fasterxml.jackson.databind.JsonNode parameters = root.get("parameters");
    parameters.fieldNames().forEachRemaining(name -> assertThat(name).matches("[a-z0-9_]+"));
    assertThat(parameters.get("learning_rate").isNumber()).isTrue();
    assertThat(parameters.get("learning_rate").asDouble()).isEqualTo(3e-4);
    assertThat(parameters.get("ranks").isArray()).isTrue();
    assertThat(parameters.get("ranks").get(2).asInt()).isEqualTo(16);
    assertThat(parameters.get("full_fine_tuning").isBoolean()).isTrue();
    assertThat(root.get("confidence").asDouble()).isEqualTo(0.95);
    assertThat(root.get("bootstrapResamples").asInt()).isEqualTo(1000);
    com.fasterxml.jackson.databind.JsonNode details = root.get("variantDetails");
    assertThat(details).hasSize(5);
    assertThat(details.get(0).get("kind").asText()).isEqualTo("base");
    assertThat(details.get(0).get("rank").isNull()).isTrue();
    assertThat(details.get(3).get("rank").asInt()).isEqualTo(16);
    assertThat(details.get(3).get("degenerate").asBoolean()).isTrue();
    assertThat(details.get(3).get("degenerateReason").asText()).contains("training collapsed");
    assertThat(details.get(1).get("degenerate").asBoolean()).isFalse();
    com.fasterxml.jackson.databind.JsonNode verdict = root.get("verdict");
    assertThat(verdict.get("metric").asText()).isEqualTo(SweepFixtures.STEREOTYPE);
    assertThat(verdict.get("slope").asDouble()).isEqualTo(-0.15);
    assertThat(verdict.get("lower").asDouble()).isEqualTo(-0.21);
    assertThat(verdict.get("upper").asDouble()).isEqualTo(-0.09);
    assertThat(verdict.get("statement").asText()).isEqualTo(SweepFixtures.VERDICT_STATEMENT);
    com.fasterxml.jackson.databind.JsonNode retention = root.get("retention");
    assertThat(retention).hasSize(3);
    assertThat(retention.get(2).get("rank").asInt()).isEqualTo(16);
    assertThat(retention.get(2).get("perSeed").get(1).isNull()).isTrue();
    // Undefined numbers are null, never the string "NaN".
    assertThat(text).doesNotContain("\"NaN\"");
    assertThat(SweepResultsJson.read(file)).isEqualTo(results);
  }
}
