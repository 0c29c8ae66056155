package io.github.fairlora.datasets.augment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, ordered list of {@link TermPair}s, each remembering where it came from (file and line) so that a
 * conflict found later can be reported precisely.
 *
 * <p>File format (UTF-8): one pair per line, the two terms separated by a single TAB ({@code term_a<TAB>term_b});
 * spaces inside a term separate the words of a multi-word term ({@code young people<TAB>old people}); everything from
 * {@code #} to the end of the line is a comment; blank lines are ignored. Terms are matched case-insensitively and
 * as whole words, so write them in lower case without surrounding punctuation.
 *
 * <p>Built-in lists: {@link #defaultEnglishGender()} (gendered words plus first names), written for this project and
 * shipped as resources next to this class ({@code english-gender.tsv}, {@code english-first-names.tsv}). Replace or
 * extend them with {@link #load(Path)}.
 */
public final class TermPairs {
  static final String GENDER_RESOURCE = "english-gender.tsv";
  static final String NAMES_RESOURCE = "english-first-names.tsv";

  private final List<TermPair> pairs;
  private final List<String> origins;

  private TermPairs(List<TermPair> pairs, List<String> origins) {
    this.pairs = List.copyOf(pairs);
    this.origins = List.copyOf(origins);
  }

  /** Pairs given in code; their origin reads "pair 1 given in code", "pair 2 ...". */
  public static TermPairs of(TermPair... pairs) {
    return of(List.of(pairs));
  }

  /** Pairs given in code; their origin reads "pair 1 given in code", "pair 2 ...". */
  public static TermPairs of(List<TermPair> pairs) {
    Objects.requireNonNull(pairs, "pairs");
    List<String> origins = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      Objects.requireNonNull(pairs.get(i), "pairs[" + i + "]");
      origins.add("pair " + (i + 1) + " given in code");
    }
    return new TermPairs(pairs, origins);
  }

  /**
   * Reads a pair file (format in the class comment).
   *
   * @throws IOException if the file cannot be read
   * @throws PairFileException naming the file and line of a malformed line, a file that is not UTF-8, or a file with
   *     no pairs
   */
  public static TermPairs load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] bytes = Files.readAllBytes(file);
    // Decode line by line so that a bad byte is reported on its own line.
    List<String> lines = new ArrayList<>();
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      try {
        lines.add(decoder.decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
      } catch (CharacterCodingException e) {
        throw new PairFileException(file.toString(), lines.size() + 1, "is not valid UTF-8");
      }
      start = end + 1;
    }
    return read(file.toString(), lines);
  }

  /**
   * Parses pair lines held in a string (format in the class comment).
   *
   * @param sourceName how error messages and origins name this input
   * @throws PairFileException naming {@code sourceName} and the line of a malformed line, or when there are no pairs
   */
  public static TermPairs parse(String sourceName, String content) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(content, "content");
    return read(sourceName, content.lines().toList());
  }

  /** The built-in English gender list: {@link #defaultEnglishGenderTerms()} plus {@link #defaultEnglishFirstNames()}. */
  public static TermPairs defaultEnglishGender() {
    return Defaults.GENDER.plus(Defaults.NAMES);
  }

  /**
   * The built-in English gendered words: pronouns (he/she, him/her, his/her, his/hers, himself/herself), nouns and
   * titles (man/woman, king/queen, mr/mrs, actor/actress ...), singular and plural. "her" and "his" each appear with
   * two partners; {@link CounterfactualAugmenter} resolves them with its documented heuristic.
   */
  public static TermPairs defaultEnglishGenderTerms() {
    return Defaults.GENDER;
  }

  /** The built-in list of common English first names paired male/female (john/mary, james/jennifer ...). */
  public static TermPairs defaultEnglishFirstNames() {
    return Defaults.NAMES;
  }

  /** A new list holding these pairs followed by {@code other}'s, origins kept. */
  public TermPairs plus(TermPairs other) {
    Objects.requireNonNull(other, "other");
    List<TermPair> joined = new ArrayList<>(pairs);
    joined.addAll(other.pairs);
    List<String> joinedOrigins = new ArrayList<>(origins);
    joinedOrigins.addAll(other.origins);
    return new TermPairs(joined, joinedOrigins);
  }

  /** The pairs, in file order. */
  public List<TermPair> pairs() {
    return pairs;
  }

  /** Where pair {@code index} came from, e.g. {@code "pairs.tsv line 7"}. */
  public String origin(int index) {
    return origins.get(index);
  }

  /** Number of pairs. */
  public int size() {
    return pairs.size();
  }

  @Override
  public String toString() {
    return "TermPairs[" + pairs.size() + " pairs]";
  }

  private static TermPairs read(String source, List<String> lines) {
    List<TermPair> pairs = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    int lineNumber = 0;
    for (String rawLine : lines) {
      lineNumber++;
      String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      int comment = line.indexOf('#');
      String content = comment >= 0 ? line.substring(0, comment) : line;
      if (content.isBlank()) {
        continue;
      }
      String[] fields = content.strip().split("\t", -1);
      if (fields.length != 2) {
        throw new PairFileException(source, lineNumber,
            "expected two terms separated by one TAB, found " + fields.length + " field"
                + (fields.length == 1 ? "" : "s") + " in '" + content.strip()
                + "' (spaces separate the words of a multi-word term; a TAB separates the two terms)");
      }
      try {
        pairs.add(new TermPair(fields[0], fields[1]));
      } catch (IllegalArgumentException e) {
        throw new PairFileException(source, lineNumber, e.getMessage());
      }
      origins.add(source + " line " + lineNumber);
    }
    if (pairs.isEmpty()) {
      throw new PairFileException(source, 0, "contains no term pairs (expected lines 'term_a<TAB>term_b')");
    }
    return new TermPairs(pairs, origins);
  }

  private static TermPairs resource(String name) {
    try (InputStream in = TermPairs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("built-in resource " + name + " is missing from the classpath");
      }
      return read("built-in " + name, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read built-in resource " + name, e);
    }
  }

  /** Loaded once, on first use. */
  private static final class Defaults {
    static final TermPairs GENDER = resource(GENDER_RESOURCE);
    static final TermPairs NAMES = resource(NAMES_RESOURCE);
  }
}
