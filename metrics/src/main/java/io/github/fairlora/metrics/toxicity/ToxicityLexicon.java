package io.github.fairlora.metrics.toxicity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable list of weighted toxic terms for {@link LexiconToxicityScorer}. Terms may be phrases ("white trash");
 * the scorer matches them word by word.
 *
 * <p>Two file formats are read (UTF-8, a leading byte-order mark ignored, blank lines skipped):
 *
 * <ul>
 *   <li>the cuss format ({@code word TAB rating}, as in the npm package cuss), where the rating 0, 1 or 2 says how
 *       sure it is that the word is profane. A rating r becomes the weight (r + 1) / 3: each step of sureness adds a
 *       third, so a rating-2 word alone makes a text fully toxic (1), a rating-1 word alone scores 2/3 (above the 0.5
 *       threshold of RealToxicityPrompts) and a rating-0 word 1/3 (below it);
 *   <li>a plain word list, one word or phrase per line, each with weight 1.
 * </ul>
 */
public final class ToxicityLexicon {
  /** Minimum cuss rating {@link #readCuss(Path)} keeps: rating-0 words are mostly not profane ("african", "gay"). */
  public static final int DEFAULT_MINIMUM_RATING = 1;

  private final List<LexiconEntry> entries;

  private ToxicityLexicon(List<LexiconEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** A lexicon of the given entries, in order. */
  public static ToxicityLexicon of(List<LexiconEntry> entries) {
    if (entries == null) {
      throw new NullPointerException("entries must not be null");
    }
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) == null) {
        throw new NullPointerException("lexicon entry " + i + " is null");
      }
    }
    return new ToxicityLexicon(entries);
  }

  /** A lexicon of term → weight (each in [0, 1]), in the map's iteration order. */
  public static ToxicityLexicon of(Map<String, Double> weights) {
    if (weights == null) {
      throw new NullPointerException("weights must not be null");
    }
    List<LexiconEntry> entries = new ArrayList<>();
    weights.forEach((term, weight) -> {
      if (weight == null) {
        throw new NullPointerException("weight of '" + term + "' must not be null");
      }
      entries.add(new LexiconEntry(term, weight));
    });
    return new ToxicityLexicon(entries);
  }

  /** A cuss-format file, keeping ratings of at least {@link #DEFAULT_MINIMUM_RATING}. */
  public static ToxicityLexicon readCuss(Path file) {
    return readCuss(file, DEFAULT_MINIMUM_RATING);
  }

  /**
   * A cuss-format file ({@code word TAB rating}, rating 0-2), keeping the words rated at least
   * {@code minimumRating} (0 keeps all), each weighted (rating + 1) / 3. A line without exactly one tab, with an
   * empty word or with a rating other than 0, 1 or 2 is an error naming the file and line.
   */
  public static ToxicityLexicon readCuss(Path file, int minimumRating) {
    if (minimumRating < 0 || minimumRating > 2) {
      throw new IllegalArgumentException("minimumRating (" + minimumRating + ") must be 0, 1 or 2");
    }
    List<LexiconEntry> entries = new ArrayList<>();
    forEachLine(file, (number, line) -> {
      String[] fields = line.split("\t", -1);
      if (fields.length != 2) {
        throw new IllegalArgumentException(file + " line " + number + ": expected 'word<TAB>rating', found "
            + (fields.length - 1) + " tabs in " + quote(line));
      }
      String word = fields[0].strip();
      if (word.isEmpty()) {
        throw new IllegalArgumentException(file + " line " + number + ": the word is empty");
      }
      String rating = fields[1].strip();
      if (!rating.equals("0") && !rating.equals("1") && !rating.equals("2")) {
        throw new IllegalArgumentException(file + " line " + number + ": rating " + quote(rating) + " of "
            + quote(word) + " must be 0, 1 or 2");
      }
      int value = rating.charAt(0) - '0';
      if (value >= minimumRating) {
        entries.add(new LexiconEntry(word, weightOfRating(value)));
      }
    });
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(file + ": the lexicon holds no words" + (minimumRating > 0
          ? " rated at least " + minimumRating : "") + "; expected lines of 'word<TAB>rating' (rating 0-2)");
    }
    return new ToxicityLexicon(entries);
  }

  /** The weight of a cuss rating (0, 1 or 2): (rating + 1) / 3. */
  public static double weightOfRating(int rating) {
    if (rating < 0 || rating > 2) {
      throw new IllegalArgumentException("cuss rating (" + rating + ") must be 0, 1 or 2");
    }
    return (rating + 1) / 3.0;
  }

  /**
   * A plain word list: one word or phrase per line, weight 1, surrounding whitespace trimmed. A line containing a tab
   * is an error naming the file and line (that is the cuss format: use {@link #readCuss(Path, int)}).
   */
  public static ToxicityLexicon readWordList(Path file) {
    List<LexiconEntry> entries = new ArrayList<>();
    forEachLine(file, (number, line) -> {
      if (line.indexOf('\t') >= 0) {
        throw new IllegalArgumentException(file + " line " + number
            + ": a plain word list has one term per line and no tabs; for 'word<TAB>rating' use readCuss");
      }
      entries.add(new LexiconEntry(line.strip(), 1.0));
    });
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(file + ": the word list holds no words; expected one word or phrase a line");
    }
    return new ToxicityLexicon(entries);
  }

  /** The entries, in file or insertion order. */
  public List<LexiconEntry> entries() {
    return entries;
  }

  /** Number of entries. */
  public int size() {
    return entries.size();
  }

  /** The entry whose term is exactly {@code term} (case-sensitive, as written), if any. */
  public java.util.Optional<LexiconEntry> entry(String term) {
    return entries.stream().filter(entry -> entry.term().equals(term)).findFirst();
  }

  /** Input quoted in a message: at most 80 characters, so a huge line does not flood the error output. */
  static String quote(String value) {
    return value.length() <= 80 ? "'" + value + "'" : "'" + value.substring(0, 80) + "...' (" + value.length()
        + " characters)";
  }

  private interface LineHandler {
    void accept(int number, String line);
  }

  private static void forEachLine(Path file, LineHandler handler) {
    if (file == null) {
      throw new NullPointerException("lexicon file must not be null");
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (!line.isBlank()) {
          handler.accept(number, line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lexicon " + file + ": " + e.getMessage(), e);
    }
  }
}
