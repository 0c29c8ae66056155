package io.github.fairlora.datasets.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads StereoSet ({@code dev.json}): {@code {"version": ..., "data": {"intrasentence": [...], "intersentence":
 * [...]}}}. Each example needs id, bias_type, target, context (with {@code BLANK} for intrasentence examples) and
 * sentences, each sentence id, sentence, labels ({human_id, label}) and gold_label, with exactly one sentence per gold
 * label stereotype, anti-stereotype and unrelated. The file (a few MB) is parsed once on opening; errors name the
 * line where the offending example starts.
 */
public final class StereoSetLoader implements DatasetLoader<StereoSetExample> {
  private static final String FORMAT = "StereoSet JSON";

  private StereoSetLoader() {}

  /** The loader. */
  public static StereoSetLoader create() {
    return new StereoSetLoader();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<StereoSetExample> open(Path path, ReadMode mode) throws IOException {
    Document document = parse(path);
    return new ListReader<>(FORMAT, mode, List.of(path), document.elements(), StereoSetLoader::convert);
  }

  /** Reads the whole file, keeping its version. */
  public StereoSet loadDataset(Path path, ReadMode mode) throws IOException {
    Document document = parse(path);
    var result = new ListReader<>(FORMAT, mode, List.of(path), document.elements(), StereoSetLoader::convert).readAll();
    return new StereoSet(document.version(), result.records(), result.report());
  }

  private record Element(StereoSetExample.Task task, JsonFields fields) {}

  private record Document(String version, List<Element> elements) {}

  private static Document parse(Path file) throws IOException {
    try (JsonParser parser = JsonDocuments.open(file, JsonFields.MAPPER)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw wrong(file, "the file does not start with a JSON object");
      }
      String version = "";
      List<Element> elements = null;
      while (JsonDocuments.next(parser, file) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = JsonDocuments.next(parser, file);
        if ("version".equals(name) && value == JsonToken.VALUE_STRING) {
          version = parser.getText();
        } else if ("data".equals(name) && value == JsonToken.START_OBJECT) {
          elements = readData(parser, file);
        } else {
          parser.skipChildren();
        }
      }
      if (elements == null) {
        throw wrong(file, "no top-level \"data\" object");
      }
      return new Document(version, elements);
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException e) {
      DatasetFormatException syntax = JsonDocuments.syntaxProblem(file, e);
      if (syntax == null) {
        throw e;
      }
      // A JSON Lines file fails here at its second line; say what it is when it is recognisable.
      DatasetFormat detected = DatasetFormat.detect(file).filter(format -> format != DatasetFormat.STEREOSET).orElse(null);
      if (detected != null) {
        throw DatasetFormatException.wrongFormat(file, FORMAT, detected, syntax.getMessage());
      }
      throw syntax;
    }
  }

  private static List<Element> readData(JsonParser parser, Path file) throws IOException {
    List<Element> elements = new ArrayList<>();
    boolean sawTask = false;
    while (JsonDocuments.next(parser, file) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = JsonDocuments.next(parser, file);
      StereoSetExample.Task task = switch (name) {
        case "intrasentence" -> StereoSetExample.Task.INTRASENTENCE;
        case "intersentence" -> StereoSetExample.Task.INTERSENTENCE;
        default -> null;
      };
      if (task == null) {
        parser.skipChildren();
        continue;
      }
      if (value != JsonToken.START_ARRAY) {
        throw DatasetFormatException.malformed(
            file, JsonDocuments.line(parser), "data." + name, "a JSON array of examples", value.asString());
      }
      sawTask = true;
      while (JsonDocuments.next(parser, file) != JsonToken.END_ARRAY) {
        long line = JsonDocuments.line(parser);
        JsonNode node = parser.readValueAsTree();
        elements.add(new Element(task, JsonFields.of(file, line, node)));
      }
    }
    if (!sawTask) {
      throw wrong(file, "the \"data\" object has neither \"intrasentence\" nor \"intersentence\"");
    }
    return elements;
  }

  private static DatasetFormatException wrong(Path file, String detail) throws IOException {
    DatasetFormat detected = DatasetFormat.detect(file).filter(format -> format != DatasetFormat.STEREOSET).orElse(null);
    return DatasetFormatException.wrongFormat(file, FORMAT, detected, detail);
  }

  private static StereoSetExample convert(Element element) {
    JsonFields example = element.fields();
    if (!example.node().isObject()) {
      throw example.problem("", "a JSON object (one example)", example.node());
    }
    String context = example.text("context");
    if (element.task() == StereoSetExample.Task.INTRASENTENCE && !context.contains("BLANK")) {
      throw example.problem("context", "an intrasentence context containing BLANK", context);
    }
    List<StereoSetExample.Sentence> sentences = new ArrayList<>();
    Map<StereoSetLabel, Integer> goldCounts = new EnumMap<>(StereoSetLabel.class);
    for (JsonFields sentence : example.array("sentences")) {
      String goldValue = sentence.text("gold_label");
      StereoSetLabel gold = StereoSetLabel.fromFileValue(goldValue)
          .filter(label -> label != StereoSetLabel.RELATED)
          .orElseThrow(() -> sentence.problem("gold_label", "one of stereotype, anti-stereotype, unrelated", goldValue));
      goldCounts.merge(gold, 1, Integer::sum);
      List<StereoSetExample.HumanLabel> labels = new ArrayList<>();
      for (JsonFields label : sentence.array("labels")) {
        String labelValue = label.text("label");
        StereoSetLabel parsed = StereoSetLabel.fromFileValue(labelValue)
            .orElseThrow(() -> label.problem("label", "one of stereotype, anti-stereotype, unrelated, related", labelValue));
        labels.add(new StereoSetExample.HumanLabel(label.identifier("human_id"), parsed));
      }
      sentences.add(new StereoSetExample.Sentence(
          sentence.identifier("id"), sentence.text("sentence"), labels, gold));
    }
    for (StereoSetLabel gold : List.of(StereoSetLabel.STEREOTYPE, StereoSetLabel.ANTI_STEREOTYPE, StereoSetLabel.UNRELATED)) {
      int count = goldCounts.getOrDefault(gold, 0);
      if (count != 1) {
        throw example.problem("sentences", "exactly one sentence with gold_label " + gold.fileValue(), count + " of them");
      }
    }
    return new StereoSetExample(
        example.identifier("id"), element.task(), example.text("bias_type"), example.text("target"), context, sentences);
  }
}
