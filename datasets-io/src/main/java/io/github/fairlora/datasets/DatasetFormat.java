package io.github.fairlora.datasets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.fairlora.datasets.internal.JsonFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The file formats this module reads, and a recogniser that looks at the first 64 KiB of a file to tell them apart.
 * Loaders use it to report a file of the wrong kind clearly ("looks like a BBQ JSONL file, not StereoSet JSON");
 * recognition is a heuristic used for messages, never to reject a file the loader itself can read.
 */
public enum DatasetFormat {
  CROWS_PAIRS("a CrowS-Pairs CSV file"),
  STEREOSET("a StereoSet JSON file"),
  BBQ("a BBQ JSONL file"),
  HONEST("a HONEST template TSV file"),
  BOLD("a BOLD prompt JSON file"),
  WINOBIAS("a WinoBias sentence file"),
  HOLISTIC_BIAS_DESCRIPTORS("a HolisticBias descriptors.json file"),
  HOLISTIC_BIAS_NOUNS("a HolisticBias nouns.json file"),
  HOLISTIC_BIAS_TEMPLATES("a HolisticBias sentence_templates.json file"),
  REAL_TOXICITY_PROMPTS("a RealToxicityPrompts JSONL file"),
  TOXIGEN_PROMPTS("a ToxiGen prompt file"),
  CIVIL_COMMENTS("a Civil Comments / Jigsaw CSV file"),
  ZIP_ARCHIVE("a zip archive (unpack it first)"),
  BINARY("a binary file rather than text");

  private static final int HEAD_BYTES = 1 << 16;
  private static final Pattern WINOBIAS_LINE = Pattern.compile("^(\\d+\\s+)?[^\\[\\]]*\\[[^\\[\\]]+\\].*\\[[^\\[\\]]+\\].*$");
  private static final Set<String> CIVIL_IDENTITY_COLUMNS = Set.of(
      "male", "female", "black", "white", "muslim", "christian", "jewish", "asian", "latino",
      "homosexual_gay_or_lesbian", "transgender", "lgbtq");
  private static final Set<String> HOLISTIC_BIAS_AXES = Set.of(
      "ability", "age", "body_type", "characteristics", "cultural", "gender_and_sex", "nationality", "nonce",
      "political_ideologies", "race_ethnicity", "religion", "sexual_orientation", "socioeconomic_class");

  private final String description;

  DatasetFormat(String description) {
    this.description = description;
  }

  /** Description with an article, for messages: "a BBQ JSONL file". */
  public String description() {
    return description;
  }

  /** The format {@code file} looks like, judged from its first 64 KiB (decompressed when gzip), if any. */
  public static Optional<DatasetFormat> detect(Path file) throws IOException {
    return detect(DatasetFiles.head(file, HEAD_BYTES));
  }

  /** The format the first bytes of a file look like, if any. */
  public static Optional<DatasetFormat> detect(byte[] head) {
    if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return Optional.of(ZIP_ARCHIVE);
    }
    for (byte value : head) {
      if (value == 0) {
        return Optional.of(BINARY);
      }
    }
    String text = new String(head, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String trimmed = text.stripLeading();
    int end = text.indexOf('\n');
    String firstLine = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
    if (trimmed.startsWith("{")) {
      return detectJson(firstLine, trimmed);
    }
    return detectText(firstLine);
  }

  private static Optional<DatasetFormat> detectJson(String firstLine, String document) {
    JsonNode firstObject = parseComplete(firstLine);
    if (firstObject != null && firstObject.isObject()) {
      if (firstObject.has("example_id") && (firstObject.has("context_condition") || firstObject.has("question_polarity"))) {
        return Optional.of(BBQ);
      }
      if (firstObject.has("prompt") && (firstObject.has("continuation") || firstObject.has("challenging"))) {
        return Optional.of(REAL_TOXICITY_PROMPTS);
      }
    }
    return detectJsonDocument(document);
  }

  private static JsonNode parseComplete(String line) {
    try {
      return JsonFields.MAPPER.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Walks the first JSON value of the (possibly truncated) head and judges it by its keys, its nesting (object of
   * objects of arrays for BOLD and HolisticBias descriptors) and its leaves.
   */
  private static Optional<DatasetFormat> detectJsonDocument(String document) {
    Set<String> topKeys = new HashSet<>();
    Set<String> secondKeys = new HashSet<>();
    boolean descriptorKey = false;
    boolean arraysAtSecond = false;
    boolean objectsAtSecond = false;
    boolean arraysAtThird = false;
    long leafStrings = 0;
    long leafWords = 0;
    try (JsonParser parser = JsonFields.TOLERANT_MAPPER.createParser(document)) {
      int depth = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            depth++;
            boolean array = token == JsonToken.START_ARRAY;
            arraysAtSecond |= array && depth == 2;
            objectsAtSecond |= !array && depth == 2;
            arraysAtThird |= array && depth == 3;
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> {
            if (depth == 1) {
              topKeys.add(parser.currentName());
            } else if (depth == 2) {
              secondKeys.add(parser.currentName());
            } else if ("descriptor".equals(parser.currentName())) {
              descriptorKey = true;
            }
          }
          case VALUE_STRING -> {
            if (depth == 3 && parser.getParsingContext().inArray()) {
              leafStrings++;
              leafWords += parser.getText().trim().split("\\s+").length;
            }
          }
          default -> { }
        }
        if (depth == 0) {
          break; // the first value is complete: a JSON Lines file goes on with the next record
        }
      }
    } catch (IOException e) {
      // a truncated head or broken JSON: judge by what was seen
    }
    if (topKeys.contains("data") && (secondKeys.contains("intrasentence") || secondKeys.contains("intersentence"))) {
      return Optional.of(STEREOSET);
    }
    if (!topKeys.isEmpty() && Set.of("female", "male", "neutral").containsAll(topKeys) && arraysAtSecond) {
      return Optional.of(HOLISTIC_BIAS_NOUNS);
    }
    if (topKeys.stream().anyMatch(key -> key.contains("{noun_phrase}") || key.contains("{plural_noun_phrase}"))) {
      return Optional.of(HOLISTIC_BIAS_TEMPLATES);
    }
    if (!objectsAtSecond || !arraysAtThird) {
      return Optional.empty();
    }
    if (descriptorKey || topKeys.stream().anyMatch(HOLISTIC_BIAS_AXES::contains)) {
      return Optional.of(HOLISTIC_BIAS_DESCRIPTORS);
    }
    // BOLD prompts are sentence beginnings; HolisticBias descriptors are one or two words.
    if (leafStrings > 0 && leafWords >= 3.5 * leafStrings) {
      return Optional.of(BOLD);
    }
    return Optional.empty();
  }

  private static Optional<DatasetFormat> detectText(String firstLine) {
    String lower = firstLine.toLowerCase(Locale.ROOT);
    if (lower.contains("sent_more") && lower.contains("sent_less")) {
      return Optional.of(CROWS_PAIRS);
    }
    if (firstLine.contains("\t") && lower.contains("template_masked")) {
      return Optional.of(HONEST);
    }
    List<String> columns = List.of(lower.split(",", -1)).stream().map(String::trim).toList();
    boolean identity = columns.stream().anyMatch(CIVIL_IDENTITY_COLUMNS::contains);
    if (columns.contains("comment_text")
        || (identity && (columns.contains("toxicity") || columns.contains("target")))
        || (columns.contains("toxicity") && columns.contains("severe_toxicity"))) {
      return Optional.of(CIVIL_COMMENTS);
    }
    if (firstLine.startsWith("- ") && firstLine.contains("\\n- ")) {
      return Optional.of(TOXIGEN_PROMPTS);
    }
    if (WINOBIAS_LINE.matcher(firstLine).matches()) {
      return Optional.of(WINOBIAS);
    }
    return Optional.empty();
  }
}
