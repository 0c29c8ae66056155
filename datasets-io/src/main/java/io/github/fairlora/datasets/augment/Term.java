package io.github.fairlora.datasets.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A term split the way the augmenter reads text: words (runs of letters, marks and digits, lower-cased) and the
 * separators between them (whitespace runs collapsed to one space). "african-american" is the words [african,
 * american] joined by "-"; "young people" is [young, people] joined by " ".
 */
record Term(List<String> words, List<String> separators) {

  Term {
    words = List.copyOf(words);
    separators = List.copyOf(separators);
  }

  /** The term's canonical text: words and separators interleaved. */
  String text() {
    StringBuilder out = new StringBuilder(words.get(0));
    for (int i = 1; i < words.size(); i++) {
      out.append(separators.get(i - 1)).append(words.get(i));
    }
    return out.toString();
  }

  /** True for the characters that make up words: letters, combining marks and digits. */
  static boolean isWordCodePoint(int codePoint) {
    if (Character.isLetterOrDigit(codePoint)) {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /** Lower-cases in a locale-independent way (no Turkish dotless i surprises). */
  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** Collapses every whitespace run to a single space, so "young  people" matches "young people". */
  static String normalizeSeparator(String separator) {
    StringBuilder out = new StringBuilder(separator.length());
    boolean inSpace = false;
    for (int i = 0; i < separator.length(); ) {
      int codePoint = separator.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
        if (!inSpace) {
          out.append(' ');
        }
        inSpace = true;
      } else {
        out.appendCodePoint(codePoint);
        inSpace = false;
      }
    }
    return out.toString();
  }

  /**
   * Splits {@code raw} into a term, or explains why it is not one.
   *
   * @throws IllegalArgumentException naming the term and the rule it breaks
   */
  static Term parse(String raw) {
    String trimmed = raw.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("term is empty");
    }
    if (!isWordCodePoint(trimmed.codePointAt(0))
        || !isWordCodePoint(trimmed.codePointBefore(trimmed.length()))) {
      throw new IllegalArgumentException(
          "term '" + trimmed + "' must start and end with a letter or digit (punctuation around a word is kept"
              + " as it is, so write 'mr', not 'mr.')");
    }
    List<String> words = new ArrayList<>();
    List<String> separators = new ArrayList<>();
    int at = 0;
    while (at < trimmed.length()) {
      int start = at;
      boolean word = isWordCodePoint(trimmed.codePointAt(at));
      while (at < trimmed.length() && isWordCodePoint(trimmed.codePointAt(at)) == word) {
        at += Character.charCount(trimmed.codePointAt(at));
      }
      String piece = trimmed.substring(start, at);
      if (word) {
        words.add(lower(piece));
      } else {
        if (piece.indexOf('\t') >= 0 || piece.indexOf('\n') >= 0 || piece.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("term '" + trimmed + "' contains a TAB or line break");
        }
        separators.add(normalizeSeparator(piece));
      }
    }
    return new Term(words, separators);
  }
}
