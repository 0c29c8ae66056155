package io.github.fairlora.text;

import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A word-level vocabulary for small synthetic corpora, where whole words keep sequences short.
 *
 * <p>Splitting: the text is lowercased ({@link Locale#ROOT}); each of {@code . , ! ? ; : ' "} is a token on its own;
 * every other maximal run of non-whitespace characters is a word. So "Lily's ball!" becomes {@code lily ' s ball !}
 * and "well-known" stays one word. Words outside the vocabulary become {@code <unk>}.
 *
 * <p>Ids: 0 {@code <pad>}, 1 {@code <unk>}, 2 {@code <bos>}, 3 {@code <eos>}, then the vocabulary. A word that spells
 * one of these four is ordinary text: it is never given a special id (it encodes as {@code <unk>} and is left out of
 * a built vocabulary).
 *
 * <p>Decoding drops padding, BOS and EOS, writes {@code <unk>} for unknown words, and joins tokens with single spaces,
 * except that no space goes before punctuation and none after an apostrophe (so contractions come back whole: "lily's",
 * "don't"). Hence {@code decode(encode(text))} is the lowercased text with normalised spacing when every word is known;
 * a double-quoted phrase comes back as {@code said" hi"}, which this splitting cannot tell apart from a closing quote.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WordTokenizer implements Tokenizer {
  /** Padding id. */
  public static final int PAD_ID = 0;
  /** Unknown-word id. */
  public static final int UNKNOWN_ID = 1;
  /** Beginning-of-sequence id. */
  public static final int BOS_ID = 2;
  /** End-of-sequence id. */
  public static final int EOS_ID = 3;
  /** The written forms of ids 0..3. */
  public static final List<String> SPECIAL_TOKENS = List.of("<pad>", "<unk>", "<bos>", "<eos>");
  /** The characters that are tokens on their own. */
  public static final String PUNCTUATION = ".,!?;:'\"";

  private final List<String> tokens; // [vocabularySize] token of each id
  private final Map<String, Integer> ids; // ordinary tokens only (ids >= 4)

  private WordTokenizer(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    Map<String, Integer> lookup = new HashMap<>(tokens.size() * 2);
    for (int id = SPECIAL_TOKENS.size(); id < tokens.size(); id++) {
      lookup.put(tokens.get(id), id);
    }
    this.ids = lookup;
  }

  /**
   * Builds a vocabulary from {@code texts}: every token (as split by this class) that occurs at least {@code
   * minimumCount} times, ordered by descending count, then alphabetically ({@link String#compareTo}, i.e. by UTF-16
   * code units), after the four special tokens. The same texts always give the same ids.
   *
   * @throws IllegalArgumentException when {@code minimumCount} is below 1 or a text holds an unpaired surrogate
   */
  public static WordTokenizer build(Iterable<String> texts, int minimumCount) {
    if (minimumCount < 1) {
      throw new IllegalArgumentException("minimumCount (" + minimumCount + ") must be at least 1");
    }
    Map<String, Integer> counts = new HashMap<>();
    int textIndex = 0;
    for (String text : texts) {
      if (text == null) {
        throw new IllegalArgumentException("texts[" + textIndex + "] is null");
      }
      for (String token : split(text)) {
        counts.merge(token, 1, Integer::sum);
      }
      textIndex++;
    }
    List<Map.Entry<String, Integer>> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      if (entry.getValue() >= minimumCount && !SPECIAL_TOKENS.contains(entry.getKey())) {
        kept.add(entry);
      }
    }
    kept.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
    for (Map.Entry<String, Integer> entry : kept) {
      tokens.add(entry.getKey());
    }
    return new WordTokenizer(tokens);
  }

  /** A tokenizer with exactly {@code vocabulary} after the four special tokens, in that order. */
  public static WordTokenizer of(List<String> vocabulary) {
    List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
    tokens.addAll(vocabulary);
    String problem = check(tokens);
    if (problem != null) {
      throw new IllegalArgumentException("vocabulary " + problem);
    }
    return new WordTokenizer(tokens);
  }

  /**
   * Reads a vocabulary written by {@link #save}: UTF-8, one token per line, line n (from 1) holding id n-1, the first
   * four lines being {@code <pad> <unk> <bos> <eos>}.
   *
   * @throws TokenizerFormatException when the file is not UTF-8, a line is empty, holds whitespace, repeats an earlier
   *     token, or the special tokens are not the first four lines; the message names the file and line
   * @throws IOException when the file cannot be read
   */
  public static WordTokenizer load(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new TokenizerFormatException(file + ": not valid UTF-8", e);
    }
    String problem = check(lines);
    if (problem != null) {
      throw new TokenizerFormatException(file + ": " + problem);
    }
    return new WordTokenizer(lines);
  }

  /** What is wrong with {@code tokens} as a vocabulary (naming the line), or null when nothing is. */
  private static String check(List<String> tokens) {
    for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
      if (id >= tokens.size() || !tokens.get(id).equals(SPECIAL_TOKENS.get(id))) {
        return "line " + (id + 1) + " is " + (id >= tokens.size() ? "missing" : "\"" + tokens.get(id) + "\"")
            + ", expected " + SPECIAL_TOKENS.get(id) + " (the first four lines are " + SPECIAL_TOKENS + ")";
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int id = 0; id < tokens.size(); id++) {
      String token = tokens.get(id);
      if (token == null || token.isEmpty()) {
        return "line " + (id + 1) + " is empty, expected a token";
      }
      if (token.codePoints().anyMatch(Character::isWhitespace)) {
        return "line " + (id + 1) + " is \"" + token + "\", which holds whitespace; a token never does";
      }
      Integer earlier = seen.putIfAbsent(token, id);
      if (earlier != null) {
        return "line " + (id + 1) + " repeats \"" + token + "\" of line " + (earlier + 1);
      }
    }
    return null;
  }

  /** Writes the vocabulary atomically as UTF-8, one token per line in id order (see {@link #load}). */
  public void save(Path file) throws IOException {
    StringBuilder content = new StringBuilder();
    for (String token : tokens) {
      content.append(token).append('\n');
    }
    AtomicFiles.writeString(file, content.toString());
  }

  /**
   * The tokens of {@code text} as this class splits it (lowercased words and single punctuation marks), before any
   * vocabulary lookup.
   *
   * @throws IllegalArgumentException when the text holds an unpaired surrogate
   */
  public static List<String> split(String text) {
    Utf8.requireWellFormed(text);
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < lower.length(); ) {
      int codePoint = lower.codePointAt(i);
      i += Character.charCount(codePoint);
      boolean punctuation = codePoint < 128 && PUNCTUATION.indexOf(codePoint) >= 0;
      if (Character.isWhitespace(codePoint) || punctuation) {
        if (word.length() > 0) {
          out.add(word.toString());
          word.setLength(0);
        }
        if (punctuation) {
          out.add(String.valueOf((char) codePoint));
        }
      } else {
        word.appendCodePoint(codePoint);
      }
    }
    if (word.length() > 0) {
      out.add(word.toString());
    }
    return out;
  }

  @Override
  public int vocabularySize() {
    return tokens.size();
  }

  /** The vocabulary in id order, special tokens first. */
  public List<String> tokens() {
    return tokens;
  }

  /** The id of an ordinary token (not one of the four special ones), if it is in the vocabulary. */
  public OptionalInt id(String token) {
    Integer id = ids.get(token);
    return id != null ? OptionalInt.of(id) : OptionalInt.empty();
  }

  @Override
  public int[] encode(String text) {
    List<String> split = split(text);
    int[] out = new int[split.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.getOrDefault(split.get(i), UNKNOWN_ID);
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder out = new StringBuilder();
    String previous = null;
    for (int id : ids) {
      checkId(id);
      if (id == PAD_ID || id == BOS_ID || id == EOS_ID) {
        continue;
      }
      String token = tokens.get(id);
      boolean attach = previous == null || isPunctuation(token) || previous.equals("'");
      if (!attach) {
        out.append(' ');
      }
      out.append(token);
      previous = token;
    }
    return out.toString();
  }

  @Override
  public String piece(int id) {
    checkId(id);
    return tokens.get(id);
  }

  /** 2. */
  @Override
  public OptionalInt bos() {
    return OptionalInt.of(BOS_ID);
  }

  /** 3. */
  @Override
  public OptionalInt eos() {
    return OptionalInt.of(EOS_ID);
  }

  /** 0, the id to pad batches of unequal length with. */
  public OptionalInt padId() {
    return OptionalInt.of(PAD_ID);
  }

  private static boolean isPunctuation(String token) {
    return token.length() == 1 && PUNCTUATION.indexOf(token.charAt(0)) >= 0;
  }

  private void checkId(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new IllegalArgumentException("token id " + id + " is outside [0, " + tokens.size() + ")");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WordTokenizer that && tokens.equals(that.tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  @Override
  public String toString() {
    return "WordTokenizer[vocabularySize=" + tokens.size() + "]";
  }
}
