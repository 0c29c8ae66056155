package io.github.fairlora.datasets.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.JsonDocuments;
import io.github.fairlora.datasets.internal.JsonFields;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.ReadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the HolisticBias source files (trailing commas, which the published descriptors.json has, are accepted):
 *
 * <ul>
 *   <li>{@code descriptors.json}: {@code {axis: {bucket: [descriptor, ...]}}}, each descriptor a string or an object
 *       with "descriptor" and optional "preference", "gender" (a noun gender it is restricted to) and "article";
 *   <li>{@code nouns.json}: {@code {gender: [[singular, plural], ...]}};
 *   <li>{@code sentence_templates.json}: {@code {template: {"first_turn_only": bool, "must_be_noun": bool}}}, each
 *       template holding exactly one of {noun_phrase} and {plural_noun_phrase}.
 * </ul>
 *
 * <p>A malformed descriptor, noun pair or template is one malformed record (skipped and reported in lenient mode).
 */
public final class HolisticBiasLoader {
  private static final String FORMAT = "HolisticBias JSON";
  private static final String DESCRIPTORS = "HolisticBias descriptors.json";
  private static final String NOUNS = "HolisticBias nouns.json";
  private static final String TEMPLATES = "HolisticBias sentence_templates.json";

  private HolisticBiasLoader() {}

  /**
   * Reads {@code descriptors.json} (or the newest {@code descriptors_v*.json} when absent), {@code nouns.json} and
   * {@code sentence_templates.json} from {@code directory}.
   */
  public static HolisticBias load(Path directory, ReadMode mode) throws IOException {
    Path descriptors = directory.resolve("descriptors.json");
    if (!Files.isRegularFile(descriptors)) {
      try (var listing = Files.list(directory)) {
        descriptors = listing
            .filter(file -> file.getFileName().toString().matches("descriptors_v[0-9.]+\\.json"))
            .max(java.util.Comparator.comparing(Path::toString))
            .orElseThrow(() -> new NoSuchFileException(directory.resolve("descriptors.json").toString()));
      }
    }
    return load(descriptors, directory.resolve("nouns.json"), directory.resolve("sentence_templates.json"), mode);
  }

  /** Reads the three files. */
  public static HolisticBias load(Path descriptors, Path nouns, Path templates, ReadMode mode) throws IOException {
    ReadReport.Builder report = new ReadReport.Builder(FORMAT);
    Problems problems = new Problems(mode, report);
    List<HolisticBiasNoun> nounList = readNouns(nouns, problems, report);
    Set<String> genders = new LinkedHashSet<>();
    nounList.forEach(noun -> genders.add(noun.gender()));
    List<HolisticBiasDescriptor> descriptorList = readDescriptors(descriptors, genders, problems, report);
    List<HolisticBiasTemplate> templateList = readTemplates(templates, problems, report);
    return new HolisticBias(descriptorList, nounList, templateList, report.build());
  }

  /** Applies the read mode to malformed elements. */
  private record Problems(ReadMode mode, ReadReport.Builder report) {
    void handle(DatasetFormatException problem) {
      if (mode == ReadMode.STRICT) {
        throw problem;
      }
      report.skip(problem);
    }
  }

  private static List<HolisticBiasNoun> readNouns(Path file, Problems problems, ReadReport.Builder report)
      throws IOException {
    List<HolisticBiasNoun> nouns = new ArrayList<>();
    walk(file, DatasetFormat.HOLISTIC_BIAS_NOUNS, NOUNS, report, 1, true, (path, value) -> {
      String gender = path.get(0);
      if (!value.node().isArray() || value.node().size() != 2 || !value.node().get(0).isTextual()
          || !value.node().get(1).isTextual() || value.node().get(0).textValue().isBlank()
          || value.node().get(1).textValue().isBlank()) {
        throw value.problem("", "a pair [singular, plural] of non-blank strings", value.node());
      }
      nouns.add(new HolisticBiasNoun(gender, value.node().get(0).textValue(), value.node().get(1).textValue()));
    }, problems);
    return nouns;
  }

  private static List<HolisticBiasDescriptor> readDescriptors(
      Path file, Set<String> genders, Problems problems, ReadReport.Builder report) throws IOException {
    List<HolisticBiasDescriptor> descriptors = new ArrayList<>();
    walk(file, DatasetFormat.HOLISTIC_BIAS_DESCRIPTORS, DESCRIPTORS, report, 2, true, (path, value) -> {
      JsonNode node = value.node();
      String descriptor;
      Optional<String> preference = Optional.empty();
      Optional<String> gender = Optional.empty();
      Optional<String> article = Optional.empty();
      if (node.isTextual()) {
        descriptor = node.textValue();
      } else if (node.isObject()) {
        descriptor = value.text("descriptor");
        preference = Optional.ofNullable(value.has("preference") ? value.text("preference") : null);
        gender = Optional.ofNullable(value.has("gender") ? value.text("gender") : null);
        article = Optional.ofNullable(value.has("article") ? value.text("article") : null);
      } else {
        throw value.problem("", "a descriptor string or an object with \"descriptor\"", node);
      }
      if (descriptor.isBlank()) {
        throw value.problem("", "a non-blank descriptor", node);
      }
      if (gender.isPresent() && !genders.contains(gender.get())) {
        throw value.problem("gender", "one of the noun genders " + genders, gender.get());
      }
      descriptors.add(new HolisticBiasDescriptor(path.get(0), path.get(1), descriptor, preference, gender,
          article.orElse(HolisticBiasDescriptor.defaultArticle(descriptor))));
    }, problems);
    return descriptors;
  }

  private static List<HolisticBiasTemplate> readTemplates(Path file, Problems problems, ReadReport.Builder report)
      throws IOException {
    List<HolisticBiasTemplate> templates = new ArrayList<>();
    walk(file, DatasetFormat.HOLISTIC_BIAS_TEMPLATES, TEMPLATES, report, 1, false, (path, value) -> {
      String template = path.get(0);
      int placeholders = HolisticBiasTemplate.occurrences(template, HolisticBiasTemplate.SINGULAR_PLACEHOLDER)
          + HolisticBiasTemplate.occurrences(template, HolisticBiasTemplate.PLURAL_PLACEHOLDER);
      if (placeholders != 1) {
        throw value.problem("", "a template holding exactly one of {noun_phrase} and {plural_noun_phrase}", template);
      }
      if (!value.node().isObject()) {
        throw value.problem("", "an object of template options", value.node());
      }
      templates.add(new HolisticBiasTemplate(template, flag(value, "first_turn_only"), flag(value, "must_be_noun")));
    }, problems);
    return templates;
  }

  private static boolean flag(JsonFields options, String name) {
    return options.has(name) && options.bool(name);
  }

  /** Receives one element and the object keys leading to it. */
  private interface ElementHandler {
    void accept(List<String> path, JsonFields value);
  }

  /**
   * Walks {@code objectLevels} levels of nested objects and hands each value below them (with {@code arrays}: each
   * element of the array found there) to {@code handler}, with the keys on the way and the line it starts on.
   */
  private static void walk(Path file, DatasetFormat format, String formatName, ReadReport.Builder report,
      int objectLevels, boolean arrays, ElementHandler handler, Problems problems) throws IOException {
    report.file(file);
    boolean[] first = {true};
    Consumer<DatasetFormatException> onProblem = problem -> {
      if (first[0]) {
        first[0] = false;
        throwIfOtherFormat(file, format, formatName, problem);
      }
      problems.handle(problem);
    };
    try (JsonParser parser = JsonDocuments.open(file, JsonFields.TOLERANT_MAPPER)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw wrong(file, format, formatName, "the file does not start with a JSON object");
      }
      walkObject(parser, file, new ArrayList<>(), objectLevels, arrays, handler, onProblem, first, report);
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException e) {
      DatasetFormatException syntax = JsonDocuments.syntaxProblem(file, e);
      if (syntax == null) {
        throw e;
      }
      throwIfOtherFormat(file, format, formatName, syntax);
      throw syntax;
    }
  }

  private static void walkObject(JsonParser parser, Path file, List<String> path, int objectLevels, boolean arrays,
      ElementHandler handler, Consumer<DatasetFormatException> onProblem, boolean[] first, ReadReport.Builder report)
      throws IOException {
    while (JsonDocuments.next(parser, file) == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken token = JsonDocuments.next(parser, file);
      List<String> here = new ArrayList<>(path);
      here.add(key);
      if (here.size() < objectLevels) {
        if (token != JsonToken.START_OBJECT) {
          long line = JsonDocuments.line(parser);
          JsonNode value = parser.readValueAsTree();
          onProblem.accept(JsonFields.of(file, line, value).problem(String.join(".", here), "a JSON object", value));
          continue;
        }
        walkObject(parser, file, here, objectLevels, arrays, handler, onProblem, first, report);
      } else if (!arrays) {
        handleOne(parser, file, here, handler, onProblem, first, report, String.join(".", here));
      } else if (token != JsonToken.START_ARRAY) {
        long line = JsonDocuments.line(parser);
        JsonNode value = parser.readValueAsTree();
        onProblem.accept(JsonFields.of(file, line, value).problem(String.join(".", here), "a JSON array", value));
      } else {
        int index = 0;
        while (JsonDocuments.next(parser, file) != JsonToken.END_ARRAY) {
          handleOne(parser, file, here, handler, onProblem, first, report,
              String.join(".", here) + "[" + index++ + "]");
        }
      }
    }
  }

  private static void handleOne(JsonParser parser, Path file, List<String> path, ElementHandler handler,
      Consumer<DatasetFormatException> onProblem, boolean[] first, ReadReport.Builder report, String where)
      throws IOException {
    long line = JsonDocuments.line(parser);
    JsonNode value = parser.readValueAsTree();
    try {
      handler.accept(path, JsonFields.of(file, line, value).at(where));
      first[0] = false;
      report.recordRead();
    } catch (DatasetFormatException problem) {
      onProblem.accept(problem);
    }
  }

  private static void throwIfOtherFormat(
      Path file, DatasetFormat format, String formatName, DatasetFormatException problem) {
    try {
      Optional<DatasetFormat> detected = DatasetFormat.detect(file).filter(found -> found != format);
      if (detected.isPresent()) {
        throw DatasetFormatException.wrongFormat(file, formatName, detected.get(), problem.getMessage());
      }
    } catch (IOException e) {
      problem.addSuppressed(e);
    }
  }

  private static DatasetFormatException wrong(Path file, DatasetFormat format, String formatName, String detail)
      throws IOException {
    DatasetFormat detected = DatasetFormat.detect(file).filter(found -> found != format).orElse(null);
    return DatasetFormatException.wrongFormat(file, formatName, detected, detail);
  }
}
