package io.github.fairlora.datasets.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.internal.JsonFields;
import io.github.fairlora.datasets.JsonLinesReader;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads BBQ: JSON Lines, one file per category (e.g. {@code Age.jsonl}), or a directory of them (every
 * {@code *.jsonl} and {@code *.jsonl.gz} file, in name order). Streams one line at a time.
 *
 * <p>Required per line: example_id, question_index, question_polarity (neg/nonneg), context_condition
 * (ambig/disambig), category, context, question, ans0-ans2, label (0-2) and answer_info with ans0-ans2 each a pair
 * [text, group]. additional_metadata (subcategory, stereotyped_groups, version, source) is optional; its missing
 * fields are empty.
 */
public final class BbqLoader implements DatasetLoader<BbqExample> {
  private static final String FORMAT = "BBQ JSONL";

  private BbqLoader() {}

  /** The loader. */
  public static BbqLoader create() {
    return new BbqLoader();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<BbqExample> open(Path path, ReadMode mode) throws IOException {
    List<Path> files = DatasetFiles.filesOf(
        path, name -> name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"), "BBQ .jsonl file");
    return new JsonLinesReader<>(FORMAT, DatasetFormat.BBQ, files, mode) {
      @Override
      protected BbqExample parseObject(JsonFields object) {
        return parse(object);
      }
    };
  }

  private static BbqExample parse(JsonFields line) {
    String polarityValue = line.text("question_polarity");
    BbqExample.Polarity polarity = switch (polarityValue) {
      case "neg" -> BbqExample.Polarity.NEG;
      case "nonneg" -> BbqExample.Polarity.NONNEG;
      default -> throw line.problem("question_polarity", "one of neg, nonneg", polarityValue);
    };
    String conditionValue = line.text("context_condition");
    BbqExample.ContextCondition condition = switch (conditionValue) {
      case "ambig" -> BbqExample.ContextCondition.AMBIG;
      case "disambig" -> BbqExample.ContextCondition.DISAMBIG;
      default -> throw line.problem("context_condition", "one of ambig, disambig", conditionValue);
    };
    List<String> answers = List.of(line.text("ans0"), line.text("ans1"), line.text("ans2"));
    JsonFields infoObject = line.object("answer_info");
    List<BbqExample.AnswerInfo> answerInfo = new ArrayList<>(3);
    for (String key : List.of("ans0", "ans1", "ans2")) {
      List<String> pair = infoObject.textArray(key);
      if (pair.size() != 2) {
        throw infoObject.problem(key, "a pair [answer text, group]", pair.toString());
      }
      answerInfo.add(new BbqExample.AnswerInfo(pair.get(0), pair.get(1)));
    }
    int label = line.integer("label");
    if (label < 0 || label > 2) {
      throw line.problem("label", "0, 1 or 2", Integer.toString(label));
    }
    BbqExample.Metadata metadata = new BbqExample.Metadata("", List.of(), "", "");
    if (line.has("additional_metadata")) {
      JsonFields extra = line.object("additional_metadata");
      metadata = new BbqExample.Metadata(
          textOf(extra, "subcategory"), groupsOf(extra), textOf(extra, "version"), textOf(extra, "source"));
    }
    return new BbqExample(line.integer("example_id"), line.identifier("question_index"), polarity, condition,
        line.text("category"), line.text("context"), line.text("question"), answers, answerInfo, metadata, label);
  }

  /** A metadata value written as a string or a number, empty when absent. */
  private static String textOf(JsonFields object, String field) {
    JsonNode value = object.node().get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isValueNode()) {
      throw object.problem(field, "a string", value);
    }
    return value.asText();
  }

  /** stereotyped_groups: a list of strings (a lone string is taken as a one-element list). */
  private static List<String> groupsOf(JsonFields metadata) {
    JsonNode value = metadata.node().get("stereotyped_groups");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return List.of(value.textValue());
    }
    return metadata.textArray("stereotyped_groups");
  }
}
