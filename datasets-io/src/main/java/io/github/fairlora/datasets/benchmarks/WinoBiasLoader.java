package io.github.fairlora.datasets.benchmarks;

import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import io.github.fairlora.datasets.TextLinesReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads WinoBias sentence files, e.g. {@code pro_stereotyped_type1.txt.dev}: one sentence per line, optionally
 * preceded by its number and a space, with the occupation mention and the pronoun(s) in square brackets. A directory
 * is read file by file in name order ({@code *.dev}, {@code *.test}, {@code *.txt}, and those gzipped).
 *
 * <p>pro/anti, type 1/2 and dev/test are taken from the file name where it contains {@code pro_}/{@code anti_},
 * {@code type1}/{@code type2} and ends with {@code .dev}/{@code .test}. A line is malformed when its brackets are
 * unbalanced or nested, a span is empty, or it has fewer than two spans.
 */
public final class WinoBiasLoader implements DatasetLoader<WinoBiasSentence> {
  private static final String FORMAT = "WinoBias sentence file";
  private static final Pattern NUMBERED = Pattern.compile("^(\\d+)\\s+(.*)$");
  private static final Pattern TYPE = Pattern.compile("type([12])");

  private WinoBiasLoader() {}

  /** The loader. */
  public static WinoBiasLoader create() {
    return new WinoBiasLoader();
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<WinoBiasSentence> open(Path path, ReadMode mode) throws IOException {
    List<Path> files = DatasetFiles.filesOf(path, name -> {
      String plain = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
      return plain.endsWith(".dev") || plain.endsWith(".test") || plain.endsWith(".txt");
    }, "WinoBias sentence file");
    return new TextLinesReader<>(FORMAT, DatasetFormat.WINOBIAS, files, mode) {
      private FileFacts facts;

      @Override
      protected void startFile(Path file) {
        facts = FileFacts.of(file);
      }

      @Override
      protected WinoBiasSentence parseLine(Path file, long line, String text) {
        return parse(file, line, text, facts);
      }
    };
  }

  /** What a WinoBias file name tells about its sentences. */
  record FileFacts(Optional<WinoBiasSentence.Stereotype> stereotype, OptionalInt type,
      Optional<WinoBiasSentence.Split> split) {
    static FileFacts of(Path file) {
      String name = DatasetFiles.nameWithoutGz(file);
      Optional<WinoBiasSentence.Stereotype> stereotype = name.startsWith("pro_") || name.contains("_pro_")
          ? Optional.of(WinoBiasSentence.Stereotype.PRO)
          : name.startsWith("anti_") || name.contains("_anti_")
              ? Optional.of(WinoBiasSentence.Stereotype.ANTI)
              : Optional.empty();
      Matcher type = TYPE.matcher(name);
      OptionalInt typeNumber = type.find() ? OptionalInt.of(Integer.parseInt(type.group(1))) : OptionalInt.empty();
      Optional<WinoBiasSentence.Split> split = name.endsWith(".dev")
          ? Optional.of(WinoBiasSentence.Split.DEV)
          : name.endsWith(".test") ? Optional.of(WinoBiasSentence.Split.TEST) : Optional.empty();
      return new FileFacts(stereotype, typeNumber, split);
    }
  }

  static WinoBiasSentence parse(Path file, long line, String text, FileFacts facts) {
    String body = text.strip();
    int number = Math.toIntExact(line);
    Matcher numbered = NUMBERED.matcher(body);
    if (numbered.matches()) {
      try {
        number = Integer.parseInt(numbered.group(1));
      } catch (NumberFormatException e) {
        throw DatasetFormatException.malformed(file, line, "number", "a sentence number that fits an int", numbered.group(1));
      }
      body = numbered.group(2);
    }
    StringBuilder sentence = new StringBuilder(body.length());
    List<WinoBiasSentence.Span> spans = new ArrayList<>();
    int spanStart = -1;
    for (int index = 0; index < body.length(); index++) {
      char current = body.charAt(index);
      if (current == '[') {
        if (spanStart >= 0) {
          throw DatasetFormatException.malformed(file, line, "sentence", "brackets that are not nested", body);
        }
        spanStart = sentence.length();
      } else if (current == ']') {
        if (spanStart < 0) {
          throw DatasetFormatException.malformed(file, line, "sentence", "a ']' closing an open '['", body);
        }
        if (spanStart == sentence.length()) {
          throw DatasetFormatException.malformed(file, line, "sentence", "non-empty bracketed spans", body);
        }
        spans.add(new WinoBiasSentence.Span(sentence.substring(spanStart), spanStart, sentence.length()));
        spanStart = -1;
      } else {
        sentence.append(current);
      }
    }
    if (spanStart >= 0) {
      throw DatasetFormatException.malformed(file, line, "sentence", "every '[' closed by a ']'", body);
    }
    if (spans.size() < 2) {
      throw DatasetFormatException.malformed(
          file, line, "sentence", "at least two bracketed spans (the mention and a pronoun)", body);
    }
    return new WinoBiasSentence(number, sentence.toString(), spans, facts.stereotype(), facts.type(), facts.split());
  }
}
