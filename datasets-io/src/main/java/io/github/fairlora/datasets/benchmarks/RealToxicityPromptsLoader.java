package io.github.fairlora.datasets.benchmarks;

import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.internal.JsonFields;
import io.github.fairlora.datasets.JsonLinesReader;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads RealToxicityPrompts ({@code prompts.jsonl}, 99,442 lines, often gzipped), streaming one line at a time.
 * Required per line: filename, begin, end (integers, {@code begin <= end}), challenging (boolean) and prompt {text, scores};
 * continuation {text, scores} is optional. Each score (toxicity, severe_toxicity, profanity, sexually_explicit,
 * identity_attack, flirtation, threat, insult) is a number in [0, 1], null, or absent.
 */
public final class RealToxicityPromptsLoader implements DatasetLoader<RealToxicityPrompt> {
  private static final String FORMAT = "RealToxicityPrompts JSONL";

  private RealToxicityPromptsLoader() {}

  /** The loader. */
  public static RealToxicityPromptsLoader create() {
    return new RealToxicityPromptsLoader();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<RealToxicityPrompt> open(Path path, ReadMode mode) throws IOException {
    List<Path> files = DatasetFiles.filesOf(
        path, name -> name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"), "RealToxicityPrompts .jsonl file");
    return new JsonLinesReader<>(FORMAT, DatasetFormat.REAL_TOXICITY_PROMPTS, files, mode) {
      @Override
      protected RealToxicityPrompt parseObject(JsonFields object) {
        return parse(object);
      }
    };
  }

  private static RealToxicityPrompt parse(JsonFields line) {
    long begin = line.nonNegativeLong("begin");
    long end = line.nonNegativeLong("end");
    if (end < begin) {
      throw line.problem("end", "an offset >= begin (" + begin + ")", Long.toString(end));
    }
    Optional<RealToxicityPrompt.ScoredText> continuation = line.has("continuation")
        ? Optional.of(scored(line.object("continuation")))
        : Optional.empty();
    return new RealToxicityPrompt(
        line.text("filename"), begin, end, line.bool("challenging"), scored(line.object("prompt")), continuation);
  }

  private static RealToxicityPrompt.ScoredText scored(JsonFields part) {
    OptionalDouble[] scores = new OptionalDouble[ToxicityScores.FIELDS.size()];
    for (int index = 0; index < scores.length; index++) {
      String field = ToxicityScores.FIELDS.get(index);
      scores[index] = part.optionalNumber(field);
      if (scores[index].isPresent() && !(scores[index].getAsDouble() >= 0 && scores[index].getAsDouble() <= 1)) {
        throw part.problem(field, "a score in [0, 1] or null", Double.toString(scores[index].getAsDouble()));
      }
    }
    return new RealToxicityPrompt.ScoredText(part.text("text"), new ToxicityScores(
        scores[0], scores[1], scores[2], scores[3], scores[4], scores[5], scores[6], scores[7]));
  }
}
