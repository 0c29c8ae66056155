package io.github.fairlora.datasets.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.fairlora.datasets.DatasetFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Typed access to the fields of one JSON value read from a dataset file. Every accessor that finds a missing or
 * mistyped field throws a {@link DatasetFormatException} naming the file, the line where the record starts and the
 * field's path (e.g. {@code sentences[2].gold_label}). Immutable.
 */
public final class JsonFields {
  /** The mapper the loaders share: standard JSON, plus NaN/Infinity numbers which some dumps contain. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /**
   * {@link #MAPPER} that also accepts a trailing comma before a closing bracket, which hand-edited JSON files (such as
   * HolisticBias's descriptors.json) contain.
   */
  public static final ObjectMapper TOLERANT_MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();

  private final Path file;
  private final long line;
  private final String path;
  private final JsonNode node;

  private JsonFields(Path file, long line, String path, JsonNode node) {
    this.file = file;
    this.line = line;
    this.path = path;
    this.node = Objects.requireNonNull(node, "node");
  }

  /** Access to {@code node}, a record that starts on {@code line} of {@code file}. */
  public static JsonFields of(Path file, long line, JsonNode node) {
    return new JsonFields(file, line, "", node);
  }

  /**
   * Parses one line of a JSON Lines file, which must hold a JSON object.
   *
   * @throws DatasetFormatException when it is not valid JSON or not an object
   */
  public static JsonFields parseObjectLine(Path file, long line, String text) {
    JsonNode parsed;
    try {
      parsed = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw DatasetFormatException.malformed(file, line, null, "a JSON object on one line", text, e);
    }
    if (parsed == null || !parsed.isObject()) {
      throw DatasetFormatException.malformed(file, line, null, "a JSON object on one line", text);
    }
    return of(file, line, parsed);
  }

  /** This value, known in error messages by {@code path} (e.g. "ability.auditory[2]"). */
  public JsonFields at(String path) {
    return new JsonFields(file, line, path.isEmpty() ? "" : path + ".", node);
  }

  /** The wrapped JSON value. */
  public JsonNode node() {
    return node;
  }

  /** The file the value came from. */
  public Path file() {
    return file;
  }

  /** The line where the record starts. */
  public long line() {
    return line;
  }

  /** True when the field exists and is not JSON null. */
  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /** A required string field. */
  public String text(String field) {
    JsonNode value = required(field, "a string");
    if (!value.isTextual()) {
      throw problem(field, "a string", value);
    }
    return value.textValue();
  }

  /** A string field, or {@code fallback} when it is missing or null. */
  public String textOr(String field, String fallback) {
    return has(field) ? text(field) : fallback;
  }

  /** A required field that is a string or a number, as text (for identifiers that files write either way). */
  public String identifier(String field) {
    JsonNode value = required(field, "a string or an integer");
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    throw problem(field, "a string or an integer", value);
  }

  /** A required integer field (a JSON integer, or a string holding one). */
  public int integer(String field) {
    JsonNode value = required(field, "an integer");
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    if (value.isTextual()) {
      try {
        return Integer.parseInt(value.textValue().trim());
      } catch (NumberFormatException e) {
        throw problem(field, "an integer", value);
      }
    }
    throw problem(field, "an integer", value);
  }

  /** A required integer field that is at least 0. */
  public long nonNegativeLong(String field) {
    JsonNode value = required(field, "an integer >= 0");
    if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
      return value.longValue();
    }
    throw problem(field, "an integer >= 0", value);
  }

  /** A required boolean field. */
  public boolean bool(String field) {
    JsonNode value = required(field, "true or false");
    if (!value.isBoolean()) {
      throw problem(field, "true or false", value);
    }
    return value.booleanValue();
  }

  /** A number field that may be missing or null (then empty); anything else than a finite number is an error. */
  public OptionalDouble optionalNumber(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw problem(field, "a finite number or null", value);
    }
    return OptionalDouble.of(value.doubleValue());
  }

  /** A required object field. */
  public JsonFields object(String field) {
    JsonNode value = required(field, "a JSON object");
    if (!value.isObject()) {
      throw problem(field, "a JSON object", value);
    }
    return new JsonFields(file, line, path + field + ".", value);
  }

  /** A required array field, as one accessor per element. */
  public List<JsonFields> array(String field) {
    JsonNode value = required(field, "a JSON array");
    if (!value.isArray()) {
      throw problem(field, "a JSON array", value);
    }
    List<JsonFields> elements = new ArrayList<>(value.size());
    for (int index = 0; index < value.size(); index++) {
      elements.add(new JsonFields(file, line, path + field + "[" + index + "].", value.get(index)));
    }
    return elements;
  }

  /** A required array of strings. */
  public List<String> textArray(String field) {
    JsonNode value = required(field, "a JSON array of strings");
    if (!value.isArray()) {
      throw problem(field, "a JSON array of strings", value);
    }
    List<String> texts = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw problem(field, "a JSON array of strings", value);
      }
      texts.add(element.textValue());
    }
    return texts;
  }

  /** An error about {@code field} of this value (an empty name: the value itself), e.g. a value outside the allowed set. */
  public DatasetFormatException problem(String field, String expected, JsonNode found) {
    return DatasetFormatException.malformed(file, line, fieldPath(field), expected, found == null ? null : found.toString());
  }

  /** An error about {@code field} of this value, with the offending value as text. */
  public DatasetFormatException problem(String field, String expected, String found) {
    return DatasetFormatException.malformed(file, line, fieldPath(field), expected, found);
  }

  /** The path of {@code field} inside the record; an empty {@code field} means this value itself (null at the top). */
  private String fieldPath(String field) {
    if (field.isEmpty()) {
      String own = path();
      return own.isEmpty() ? null : own;
    }
    return path + field;
  }

  /** This value's path inside its record, e.g. "sentences[2]" (empty for the record itself). */
  public String path() {
    return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
  }

  private JsonNode required(String field, String expected) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw DatasetFormatException.malformed(file, line, path + field, expected, null);
    }
    return value;
  }
}
