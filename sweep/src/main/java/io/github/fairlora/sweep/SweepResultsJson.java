package io.github.fairlora.sweep;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes {@link SweepResults} and {@link VariantResults} as JSON. Files are written atomically (a crash
 * leaves the previous file whole), NaN and infinities are stored as the strings "NaN", "Infinity" and "-Infinity", and
 * reading is strict: an unknown, missing or mistyped field is a {@link ResultsFormatException} naming the file and the
 * field's path.
 */
public final class SweepResultsJson {
  /** The "format" value of a whole-sweep file. */
  public static final String SWEEP_FORMAT = "fairlora.sweep-results";
  /** The "format" value of a one-variant file. */
  public static final String VARIANT_FORMAT = "fairlora.variant-results";
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Set<String> SWEEP_FIELDS = Set.of("format", "version", "title", "startedAt", "finishedAt",
      "settings", "variants", "metrics", "layerCurves", "trainings", "notes", "fairloraVersion", "parameters",
      "seeds", "confidence", "bootstrapResamples", "variantDetails", "retention", "verdict", "degenerate");
  private static final Set<String> VERDICT_FIELDS = Set.of("metric", "trend", "slope", "lower", "upper", "statement",
      "reason");
  private static final Set<String> VARIANT_FIELDS = Set.of("format", "version", "variant", "startedAt", "finishedAt",
      "settings", "metrics", "layerCurves", "trainings", "notes");
  private static final Set<String> METRIC_FIELDS = Set.of("variant", "metric", "direction", "value", "lower", "upper",
      "seeds", "seedStd", "seedValues");
  private static final Set<String> CURVE_FIELDS = Set.of("variant", "measure", "values");
  private static final Set<String> TRAINING_FIELDS = Set.of("variant", "seed", "trainingLoss", "evaluationLoss",
      "trainableParameters", "totalParameters", "trainingSeconds", "tokensPerSecond");
  private static final Set<String> LOSS_FIELDS = Set.of("steps", "losses");

  private SweepResultsJson() {}

  /** Writes {@code results} to {@code file} atomically (parent directories are created). */
  public static void write(SweepResults results, Path file) throws IOException {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(file, "file");
    writeTree(toJson(results), file);
  }

  /** The JSON text {@link #write} puts in a file. */
  public static String toJsonString(SweepResults results) {
    try {
      return MAPPER.writeValueAsString(toJson(Objects.requireNonNull(results, "results")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise sweep results", e);
    }
  }

  /**
   * Reads results written by {@link #write}.
   *
   * @throws ResultsFormatException when the file is not valid JSON or a field is missing, unknown, mistyped or breaks
   *     a rule of the records; the message names the file and the field
   * @throws IOException when the file cannot be read
   */
  public static SweepResults read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    ResultsJsonFields fields = new ResultsJsonFields(file);
    ObjectNode root = fields.object(parse(file), "", SWEEP_FIELDS);
    header(fields, root, SWEEP_FORMAT);
    String title = fields.text(root, "", "title");
    Instant startedAt = fields.instant(root, "", "startedAt");
    Instant finishedAt = fields.instant(root, "", "finishedAt");
    Map<String, String> settings = settings(fields, root);
    ArrayNode variantNodes = fields.array(root, "", "variants");
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < variantNodes.size(); i++) {
      variants.add(fields.variant(variantNodes.get(i), "variants[" + i + "]"));
    }
    List<MetricResult> metrics = metrics(fields, root);
    List<LayerCurve> curves = layerCurves(fields, root);
    List<TrainingSummary> trainings = trainings(fields, root);
    List<String> notes = fields.texts(root, "", "notes");
    Map<Variant, String> degenerate = new java.util.LinkedHashMap<>();
    if (root.has("degenerate")) {
      ObjectNode node = fields.object(root.get("degenerate"), "degenerate", null);
      java.util.Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        degenerate.put(fields.variant(NODES.textNode(entry.getKey()), "degenerate"),
            fields.text(entry.getValue(), "degenerate." + entry.getKey()));
      }
    }
    Verdict verdict = null;
    if (root.has("verdict")) {
      ObjectNode node = fields.object(root.get("verdict"), "verdict", VERDICT_FIELDS);
      String trend = fields.text(node, "verdict", "trend");
      RetentionAnalysis.Trend parsed;
      try {
        parsed = RetentionAnalysis.Trend.valueOf(trend.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw fields.error("verdict.trend", "unknown trend \"" + trend + "\"");
      }
      verdict = new Verdict(fields.text(node, "verdict", "metric"), parsed, fields.number(node, "verdict", "slope"),
          fields.number(node, "verdict", "lower"), fields.number(node, "verdict", "upper"),
          fields.text(node, "verdict", "statement"));
    }
    try {
      return new SweepResults(title, settings, variants, metrics, curves, trainings, notes, startedAt, finishedAt,
          degenerate, verdict);
    } catch (IllegalArgumentException e) {
      throw new ResultsFormatException(file, null, e.getMessage(), e);
    }
  }

  /** Writes one variant's partial results to {@code file} atomically (parent directories are created). */
  public static void writeVariant(VariantResults results, Path file) throws IOException {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(file, "file");
    ObjectNode root = NODES.objectNode();
    root.put("format", VARIANT_FORMAT);
    root.put("version", VERSION);
    root.put("variant", results.variant().displayName());
    root.put("startedAt", results.startedAt().toString());
    root.put("finishedAt", results.finishedAt().toString());
    root.set("settings", settingsJson(results.settings()));
    root.set("metrics", metricsJson(results.metrics()));
    root.set("layerCurves", curvesJson(results.layerCurves()));
    root.set("trainings", trainingsJson(results.trainings()));
    root.set("notes", textsJson(results.notes()));
    writeTree(root, file);
  }

  /**
   * Reads partial results written by {@link #writeVariant}.
   *
   * @throws ResultsFormatException when the file is not valid JSON or a field is missing, unknown, mistyped or breaks
   *     a rule of the records; the message names the file and the field
   * @throws IOException when the file cannot be read
   */
  public static VariantResults readVariant(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    ResultsJsonFields fields = new ResultsJsonFields(file);
    ObjectNode root = fields.object(parse(file), "", VARIANT_FIELDS);
    header(fields, root, VARIANT_FORMAT);
    Variant variant = fields.variant(fields.required(root, "", "variant"), "variant");
    Instant startedAt = fields.instant(root, "", "startedAt");
    Instant finishedAt = fields.instant(root, "", "finishedAt");
    Map<String, String> settings = settings(fields, root);
    List<MetricResult> metrics = metrics(fields, root);
    List<LayerCurve> curves = layerCurves(fields, root);
    List<TrainingSummary> trainings = trainings(fields, root);
    List<String> notes = fields.texts(root, "", "notes");
    try {
      return new VariantResults(variant, settings, metrics, curves, trainings, notes, startedAt, finishedAt);
    } catch (IllegalArgumentException e) {
      throw new ResultsFormatException(file, null, e.getMessage(), e);
    }
  }

  // ---- writing ----

  private static ObjectNode toJson(SweepResults results) {
    ObjectNode root = NODES.objectNode();
    root.put("format", SWEEP_FORMAT);
    root.put("version", VERSION);
    root.put("title", results.title());
    root.put("startedAt", results.startedAt().toString());
    root.put("finishedAt", results.finishedAt().toString());
    root.set("settings", settingsJson(results.settings()));
    ArrayNode variants = root.putArray("variants");
    results.variants().forEach(v -> variants.add(v.displayName()));
    root.set("metrics", metricsJson(results.metrics()));
    root.set("layerCurves", curvesJson(results.layerCurves()));
    root.set("trainings", trainingsJson(results.trainings()));
    root.set("notes", textsJson(results.notes()));
    // Derived, typed views for readers (not read back: the fields above determine the results).
    root.put("fairloraVersion", version());
    root.set("parameters", typedSettings(results.settings()));
    root.set("seeds", typedValue(results.settings().getOrDefault("seeds", "")));
    root.set("confidence", typedValue(results.settings().getOrDefault("confidence", "")));
    root.set("bootstrapResamples", typedValue(results.settings().getOrDefault("bootstrap resamples", "")));
    ArrayNode details = root.putArray("variantDetails");
    for (Variant variant : results.variants()) {
      ObjectNode node = details.addObject();
      node.put("name", variant.displayName());
      node.put("kind", variant.kind().name().toLowerCase(java.util.Locale.ROOT));
      if (variant.isLora()) {
        node.put("rank", variant.rank());
      } else {
        node.putNull("rank");
      }
      node.put("degenerate", results.isDegenerate(variant));
      if (results.isDegenerate(variant)) {
        node.put("degenerateReason", results.degenerate().get(variant));
      }
    }
    ArrayNode retention = root.putArray("retention");
    for (MetricResult row : results.metrics()) {
      if (row.metric().startsWith("retention.")) {
        ObjectNode node = retention.addObject();
        node.put("metric", row.metric().substring("retention.".length()));
        node.put("variant", row.variant().displayName());
        node.put("rank", row.variant().rank());
        putNumber(node, "value", row.value());
        putNumber(node, "lower", row.lower());
        putNumber(node, "upper", row.upper());
        node.set("perSeed", numbersJson(row.seedValues()));
      }
    }
    if (results.verdict() != null) {
      Verdict verdict = results.verdict();
      ObjectNode node = root.putObject("verdict");
      node.put("metric", verdict.metric());
      node.put("trend", verdict.trend().name().toLowerCase(java.util.Locale.ROOT));
      putNumber(node, "slope", verdict.slope());
      putNumber(node, "lower", verdict.lower());
      putNumber(node, "upper", verdict.upper());
      node.put("statement", verdict.statement());
      if (Double.isNaN(verdict.slope())) {
        node.put("reason", verdict.statement());
      }
    }
    ObjectNode degenerate = root.putObject("degenerate");
    results.degenerate().forEach((variant, reason) -> degenerate.put(variant.displayName(), reason));
    return root;
  }

  /** The fairlora version of this library: the Maven artifact's, or "development" outside a packaged jar. */
  static String version() {
    try (InputStream in = SweepResultsJson.class.getResourceAsStream(
        "/META-INF/maven/io.github.fairlora/fairlora-sweep/pom.properties")) {
      if (in != null) {
        java.util.Properties properties = new java.util.Properties();
        properties.load(in);
        return properties.getProperty("version", "development");
      }
    } catch (IOException e) {
      // fall through
    }
    String implementation = SweepResultsJson.class.getPackage().getImplementationVersion();
    return implementation != null ? implementation : "development";
  }

  /** Settings with snake_case keys and typed values: numbers, booleans, lists of numbers, else strings. */
  static ObjectNode typedSettings(Map<String, String> settings) {
    ObjectNode node = NODES.objectNode();
    settings.forEach((key, value) -> node.set(key.strip().toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", ""), typedValue(value)));
    return node;
  }

  static JsonNode typedValue(String value) {
    String trimmed = value.strip();
    if (trimmed.equals("true") || trimmed.equals("false")) {
      return NODES.booleanNode(Boolean.parseBoolean(trimmed));
    }
    if (trimmed.equals("none")) {
      return NODES.nullNode();
    }
    java.util.function.Function<String, JsonNode> number = text -> {
      try {
        if (text.matches("-?[0-9]+")) {
          return NODES.numberNode(Long.parseLong(text));
        }
        double d = Double.parseDouble(text);
        return Double.isFinite(d) && text.matches("[-+0-9.eE]+") ? NODES.numberNode(d) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    };
    JsonNode single = number.apply(trimmed);
    if (single != null) {
      return single;
    }
    if (trimmed.contains(",")) {
      ArrayNode array = NODES.arrayNode();
      for (String part : trimmed.split(",")) {
        JsonNode element = number.apply(part.strip());
        if (element == null) {
          return NODES.textNode(value);
        }
        array.add(element);
      }
      return array;
    }
    return NODES.textNode(value);
  }

  private static void writeTree(ObjectNode root, Path file) throws IOException {
    AtomicFiles.write(file, (OutputStream out) -> {
      MAPPER.writeValue(out, root);
      out.write('\n');
    });
  }

  private static ObjectNode settingsJson(Map<String, String> settings) {
    ObjectNode node = NODES.objectNode();
    settings.forEach(node::put);
    return node;
  }

  private static ArrayNode textsJson(List<String> texts) {
    ArrayNode array = NODES.arrayNode();
    texts.forEach(array::add);
    return array;
  }

  private static ArrayNode metricsJson(List<MetricResult> metrics) {
    ArrayNode array = NODES.arrayNode();
    for (MetricResult row : metrics) {
      ObjectNode node = array.addObject();
      node.put("variant", row.variant().displayName());
      node.put("metric", row.metric());
      node.put("direction", row.direction().name());
      putNumber(node, "value", row.value());
      putNumber(node, "lower", row.lower());
      putNumber(node, "upper", row.upper());
      node.put("seeds", row.seeds());
      putNumber(node, "seedStd", row.seedStd());
      node.set("seedValues", numbersJson(row.seedValues()));
    }
    return array;
  }

  private static ArrayNode curvesJson(List<LayerCurve> curves) {
    ArrayNode array = NODES.arrayNode();
    for (LayerCurve curve : curves) {
      ObjectNode node = array.addObject();
      node.put("variant", curve.variant().displayName());
      node.put("measure", curve.measure());
      node.set("values", numbersJson(curve.values()));
    }
    return array;
  }

  private static ArrayNode trainingsJson(List<TrainingSummary> trainings) {
    ArrayNode array = NODES.arrayNode();
    for (TrainingSummary training : trainings) {
      ObjectNode node = array.addObject();
      node.put("variant", training.variant().displayName());
      node.put("seed", training.seed());
      node.set("trainingLoss", lossJson(training.trainingLoss()));
      node.set("evaluationLoss", lossJson(training.evaluationLoss()));
      node.put("trainableParameters", training.trainableParameters());
      node.put("totalParameters", training.totalParameters());
      putNumber(node, "trainingSeconds", training.trainingSeconds());
      putNumber(node, "tokensPerSecond", training.tokensPerSecond());
    }
    return array;
  }

  private static ObjectNode lossJson(LossCurve curve) {
    ObjectNode node = NODES.objectNode();
    ArrayNode steps = node.putArray("steps");
    for (int step : curve.steps()) {
      steps.add(step);
    }
    node.set("losses", numbersJson(curve.losses()));
    return node;
  }

  private static ArrayNode numbersJson(double[] values) {
    ArrayNode array = NODES.arrayNode();
    for (double value : values) {
      if (Double.isFinite(value)) {
        array.add(value);
      } else if (Double.isNaN(value)) {
        array.addNull();
      } else {
        array.add(String.valueOf(value));
      }
    }
    return array;
  }

  /** Finite numbers as JSON numbers; NaN (undefined) as null; infinities as the strings "Infinity", "-Infinity". */
  private static void putNumber(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, String.valueOf(value));
    }
  }

  // ---- reading ----

  private static JsonNode parse(Path file) throws IOException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ResultsFormatException(file, null, "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new ResultsFormatException(file, null, "the file is empty; expected a JSON object", null);
    }
    return root;
  }

  private static void header(ResultsJsonFields fields, ObjectNode root, String format) throws ResultsFormatException {
    String found = fields.text(root, "", "format");
    if (!found.equals(format)) {
      throw fields.error("format", "expected \"" + format + "\", found \"" + found + "\"");
    }
    long version = fields.integer(root, "", "version");
    if (version != VERSION) {
      throw fields.error("version", "unsupported version " + version + "; this library reads version " + VERSION);
    }
  }

  private static Map<String, String> settings(ResultsJsonFields fields, ObjectNode root) throws ResultsFormatException {
    JsonNode node = fields.required(root, "", "settings");
    if (!node.isObject()) {
      throw fields.error("settings", "expected a JSON object of strings, found " + ResultsJsonFields.describe(node));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      settings.put(entry.getKey(), fields.text(entry.getValue(), "settings." + entry.getKey()));
    }
    return settings;
  }

  private static List<MetricResult> metrics(ResultsJsonFields fields, ObjectNode root) throws ResultsFormatException {
    ArrayNode array = fields.array(root, "", "metrics");
    List<MetricResult> rows = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "metrics[" + i + "]";
      ObjectNode node = fields.object(array.get(i), at, METRIC_FIELDS);
      Variant variant = fields.variant(fields.required(node, at, "variant"), at + ".variant");
      String metric = fields.text(node, at, "metric");
      MetricDirection direction = fields.enumValue(node, at, "direction", MetricDirection.class);
      double value = fields.number(node, at, "value");
      double lower = fields.number(node, at, "lower");
      double upper = fields.number(node, at, "upper");
      int seeds = fields.int32(node, at, "seeds");
      double seedStd = fields.number(node, at, "seedStd");
      double[] seedValues = fields.numbers(node, at, "seedValues");
      try {
        rows.add(new MetricResult(variant, metric, direction, value, lower, upper, seeds, seedStd, seedValues));
      } catch (IllegalArgumentException e) {
        throw fields.error(at, e.getMessage());
      }
    }
    return rows;
  }

  private static List<LayerCurve> layerCurves(ResultsJsonFields fields, ObjectNode root) throws ResultsFormatException {
    ArrayNode array = fields.array(root, "", "layerCurves");
    List<LayerCurve> curves = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "layerCurves[" + i + "]";
      ObjectNode node = fields.object(array.get(i), at, CURVE_FIELDS);
      Variant variant = fields.variant(fields.required(node, at, "variant"), at + ".variant");
      String measure = fields.text(node, at, "measure");
      double[] values = fields.numbers(node, at, "values");
      try {
        curves.add(new LayerCurve(variant, measure, values));
      } catch (IllegalArgumentException e) {
        throw fields.error(at, e.getMessage());
      }
    }
    return curves;
  }

  private static List<TrainingSummary> trainings(ResultsJsonFields fields, ObjectNode root) throws ResultsFormatException {
    ArrayNode array = fields.array(root, "", "trainings");
    List<TrainingSummary> trainings = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "trainings[" + i + "]";
      ObjectNode node = fields.object(array.get(i), at, TRAINING_FIELDS);
      Variant variant = fields.variant(fields.required(node, at, "variant"), at + ".variant");
      long seed = fields.integer(node, at, "seed");
      LossCurve trainingLoss = loss(fields, node, at + ".trainingLoss");
      LossCurve evaluationLoss = loss(fields, node, at + ".evaluationLoss");
      long trainable = fields.integer(node, at, "trainableParameters");
      long total = fields.integer(node, at, "totalParameters");
      double seconds = fields.number(node, at, "trainingSeconds");
      double tokensPerSecond = fields.number(node, at, "tokensPerSecond");
      try {
        trainings.add(new TrainingSummary(
            variant, seed, trainingLoss, evaluationLoss, trainable, total, seconds, tokensPerSecond));
      } catch (IllegalArgumentException e) {
        throw fields.error(at, e.getMessage());
      }
    }
    return trainings;
  }

  private static LossCurve loss(ResultsJsonFields fields, ObjectNode parent, String at) throws ResultsFormatException {
    String name = at.substring(at.lastIndexOf('.') + 1);
    String parentPath = at.substring(0, at.lastIndexOf('.'));
    ObjectNode node = fields.object(fields.required(parent, parentPath, name), at, LOSS_FIELDS);
    int[] steps = fields.int32s(node, at, "steps");
    double[] losses = fields.numbers(node, at, "losses");
    try {
      return new LossCurve(steps, losses);
    } catch (IllegalArgumentException e) {
      throw fields.error(at, e.getMessage());
    }
  }
}
