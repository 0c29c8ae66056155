package io.github.fairlora.datasets.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.JsonDocuments;
import io.github.fairlora.datasets.internal.JsonFields;
import io.github.fairlora.datasets.ListReader;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads BOLD prompts: one JSON file per domain, {@code {group: {entity: ["prompt", ...]}}}, or a directory of them
 * (every {@code *_prompt.json} / {@code *_prompt.json.gz}, in name order). The domain is the file name without
 * {@code _prompt.json}. A prompt that is not a non-blank string, an entity whose value is not an array or a group whose
 * value is not an object is malformed (the latter two count as one skipped record each). An empty-string prompt, of
 * which the official release has five, is skipped and counted in the read report even in strict mode. Positions in
 * the published single-line files are given by their path (group.entity[index]), not as "line 1".
 */
public final class BoldLoader implements DatasetLoader<BoldPrompt> {
  private static final String FORMAT = "BOLD prompt JSON";

  private BoldLoader() {}

  /** The loader. */
  public static BoldLoader create() {
    return new BoldLoader();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<BoldPrompt> open(Path path, ReadMode mode) throws IOException {
    List<Path> files = DatasetFiles.filesOf(
        path, name -> name.endsWith("_prompt.json") || name.endsWith("_prompt.json.gz"), "BOLD *_prompt.json file");
    List<Element> elements = new ArrayList<>();
    for (Path file : files) {
      elements.addAll(parse(file));
    }
    return new ListReader<>(FORMAT, mode, files, elements, BoldLoader::convert, BoldLoader::isEmptyPrompt);
  }

  /** The official release has five empty-string prompts: skipped and counted even in strict mode. */
  private static boolean isEmptyPrompt(Element element) {
    JsonNode value = element.at().node();
    return element.kind() == Kind.PROMPT && value.isTextual() && value.textValue().isEmpty();
  }

  /** The domain a BOLD file name stands for: "race_prompt.json" gives "race". */
  public static String domainOf(Path file) {
    String name = DatasetFiles.nameWithoutGz(file);
    if (name.endsWith(".json")) {
      name = name.substring(0, name.length() - ".json".length());
    }
    return name.endsWith("_prompt") ? name.substring(0, name.length() - "_prompt".length()) : name;
  }

  /** What a parsed element is: a prompt, or the value of an entity or a group that held no array/object. */
  private enum Kind { PROMPT, ENTITY_VALUE, GROUP_VALUE }

  private record Element(Kind kind, JsonFields at, String domain, String group, String entity, String field) {}

  private static List<Element> parse(Path file) throws IOException {
    String domain = domainOf(file);
    List<Element> elements = new ArrayList<>();
    long lastLine;
    try (JsonParser parser = JsonDocuments.open(file, JsonFields.MAPPER)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw wrong(file, "the file does not start with a JSON object {group: {entity: [prompts]}}");
      }
      while (JsonDocuments.next(parser, file) == JsonToken.FIELD_NAME) {
        String group = parser.currentName();
        if (JsonDocuments.next(parser, file) != JsonToken.START_OBJECT) {
          elements.add(new Element(Kind.GROUP_VALUE, valueAt(parser, file), domain, group, "", group));
          continue;
        }
        while (JsonDocuments.next(parser, file) == JsonToken.FIELD_NAME) {
          String entity = parser.currentName();
          if (JsonDocuments.next(parser, file) != JsonToken.START_ARRAY) {
            elements.add(new Element(Kind.ENTITY_VALUE, valueAt(parser, file), domain, group, entity, group + "." + entity));
            continue;
          }
          int index = 0;
          while (JsonDocuments.next(parser, file) != JsonToken.END_ARRAY) {
            elements.add(new Element(Kind.PROMPT,
                valueAt(parser, file), domain, group, entity, group + "." + entity + "[" + index++ + "]"));
          }
        }
      }
      lastLine = JsonDocuments.line(parser);
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException e) {
      DatasetFormatException syntax = JsonDocuments.syntaxProblem(file, e);
      if (syntax == null) {
        throw e;
      }
      throw otherFormatOr(file, syntax);
    }
    if (lastLine <= 1) {
      // The published files are single-line JSON: "line 1" says nothing, the path (group.entity[index]) locates.
      elements.replaceAll(e -> new Element(e.kind(), JsonFields.of(file, 0, e.at().node()), e.domain(), e.group(),
          e.entity(), e.field()));
    }
    Element first = elements.stream().filter(e -> !isEmptyPrompt(e)).findFirst().orElse(null);
    if (first != null) {
      try {
        convert(first);
      } catch (DatasetFormatException problem) {
        throw otherFormatOr(file, problem);
      }
    }
    return elements;
  }

  private static JsonFields valueAt(JsonParser parser, Path file) throws IOException {
    long line = JsonDocuments.line(parser);
    JsonNode node = parser.readValueAsTree();
    return JsonFields.of(file, line, node);
  }

  private static BoldPrompt convert(Element element) {
    JsonNode value = element.at().node();
    return switch (element.kind()) {
      case GROUP_VALUE -> throw element.at().problem(element.field(), "an object {entity: [prompts]}", value);
      case ENTITY_VALUE -> throw element.at().problem(element.field(), "an array of prompt strings", value);
      case PROMPT -> {
        if (value.isTextual() && value.textValue().isEmpty()) {
          throw element.at().problem(element.field(), "a prompt (the published BOLD files hold a few empty ones,"
              + " which are skipped)", value);
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
          throw element.at().problem(element.field(), "a non-blank prompt string", value);
        }
        yield new BoldPrompt(element.domain(), element.group(), element.entity(), value.textValue());
      }
    };
  }

  private static DatasetFormatException otherFormatOr(Path file, DatasetFormatException problem) throws IOException {
    DatasetFormat detected = DatasetFormat.detect(file).filter(format -> format != DatasetFormat.BOLD).orElse(null);
    return detected == null ? problem : DatasetFormatException.wrongFormat(file, FORMAT, detected, problem.getMessage());
  }

  private static DatasetFormatException wrong(Path file, String detail) throws IOException {
    DatasetFormat detected = DatasetFormat.detect(file).filter(format -> format != DatasetFormat.BOLD).orElse(null);
    return DatasetFormatException.wrongFormat(file, FORMAT, detected, detail);
  }
}
