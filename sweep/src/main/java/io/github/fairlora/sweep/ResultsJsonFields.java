package io.github.fairlora.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed access to the fields of a parsed results file, every failure naming the file and the field's JSON path
 * (e.g. "metrics[3].lower"). Non-finite numbers are stored as the strings "NaN", "Infinity" and "-Infinity", because
 * JSON has no literal for them.
 */
final class ResultsJsonFields {
  private final Path file;

  ResultsJsonFields(Path file) {
    this.file = file;
  }

  ResultsFormatException error(String field, String detail) {
    return new ResultsFormatException(file, field, detail, null);
  }

  static String path(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  ObjectNode object(JsonNode node, String field, Set<String> allowed) throws ResultsFormatException {
    if (!(node instanceof ObjectNode object)) {
      throw error(field.isEmpty() ? null : field, "expected a JSON object, found " + describe(node));
    }
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (allowed != null && !allowed.contains(name)) {
        throw error(path(field, name), "unknown field; expected only " + allowed);
      }
    }
    return object;
  }

  JsonNode required(ObjectNode object, String parent, String name) throws ResultsFormatException {
    JsonNode node = object.get(name);
    if (node == null) {
      throw error(path(parent, name), "missing");
    }
    return node;
  }

  String text(ObjectNode object, String parent, String name) throws ResultsFormatException {
    return text(required(object, parent, name), path(parent, name));
  }

  String text(JsonNode node, String field) throws ResultsFormatException {
    if (!node.isTextual()) {
      throw error(field, "expected a string, found " + describe(node));
    }
    return node.textValue();
  }

  double number(ObjectNode object, String parent, String name) throws ResultsFormatException {
    return number(required(object, parent, name), path(parent, name));
  }

  double number(JsonNode node, String field) throws ResultsFormatException {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isNull()) {
      return Double.NaN; // an undefined number
    }
    if (node.isTextual()) {
      switch (node.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw error(field, "expected a number or one of the strings \"NaN\", \"Infinity\", \"-Infinity\", found "
        + describe(node));
  }

  long integer(ObjectNode object, String parent, String name) throws ResultsFormatException {
    return integer(required(object, parent, name), path(parent, name));
  }

  long integer(JsonNode node, String field) throws ResultsFormatException {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw error(field, "expected a whole number within the 64-bit range, found " + describe(node));
    }
    return node.longValue();
  }

  int int32(ObjectNode object, String parent, String name) throws ResultsFormatException {
    return int32(required(object, parent, name), path(parent, name));
  }

  int int32(JsonNode node, String field) throws ResultsFormatException {
    long value = integer(node, field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error(field, "expected a whole number within the 32-bit range, found " + value);
    }
    return (int) value;
  }

  ArrayNode array(ObjectNode object, String parent, String name) throws ResultsFormatException {
    JsonNode node = required(object, parent, name);
    if (!(node instanceof ArrayNode array)) {
      throw error(path(parent, name), "expected a JSON array, found " + describe(node));
    }
    return array;
  }

  double[] numbers(ObjectNode object, String parent, String name) throws ResultsFormatException {
    ArrayNode array = array(object, parent, name);
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = number(array.get(i), path(parent, name) + "[" + i + "]");
    }
    return values;
  }

  int[] int32s(ObjectNode object, String parent, String name) throws ResultsFormatException {
    ArrayNode array = array(object, parent, name);
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = int32(array.get(i), path(parent, name) + "[" + i + "]");
    }
    return values;
  }

  List<String> texts(ObjectNode object, String parent, String name) throws ResultsFormatException {
    ArrayNode array = array(object, parent, name);
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      values.add(text(array.get(i), path(parent, name) + "[" + i + "]"));
    }
    return values;
  }

  Instant instant(ObjectNode object, String parent, String name) throws ResultsFormatException {
    String text = text(object, parent, name);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw error(path(parent, name), "expected an ISO-8601 instant such as \"2024-05-01T12:00:00Z\", found \""
          + text + "\"");
    }
  }

  Variant variant(JsonNode node, String field) throws ResultsFormatException {
    String name = text(node, field);
    try {
      return Variant.parse(name);
    } catch (IllegalArgumentException e) {
      throw error(field, e.getMessage());
    }
  }

  <E extends Enum<E>> E enumValue(ObjectNode object, String parent, String name, Class<E> type)
      throws ResultsFormatException {
    String text = text(object, parent, name);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    throw error(path(parent, name), "unknown value \"" + text + "\"; expected one of " + names);
  }

  /** A short description of a node for messages: its type and, for scalars, its value (truncated). */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
        + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
  }
}
