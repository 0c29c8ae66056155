package io.github.fairlora.metrics.toxicity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into canonical words for lexicon matching, undoing simple obfuscation (the rules are listed on
 * {@link LexiconToxicityScorer}).
 */
final class TextNormalizer {
  private TextNormalizer() {}

  /** Characters that, placed between single characters, spell one word: "s.t.u.p.i.d", "s-t-u-p-i-d". */
  private static final String SEPARATORS = ".-_*";
  /** Fewest single characters a separated spelling must have to be joined (so "a-b" stays two words). */
  private static final int MINIMUM_SEPARATED_LETTERS = 3;

  /** A canonical word and where it came from in the original text ([start, end) in chars). */
  record Word(String canonical, int start, int end) {}

  /** The canonical words of {@code text}, in order. */
  static List<Word> words(String text) {
    List<Word> raw = rawWords(text);
    List<Word> joined = new ArrayList<>(raw.size());
    int i = 0;
    while (i < raw.size()) {
      int j = i;
      while (j + 1 < raw.size() && isSingle(raw.get(j), text) && isSingle(raw.get(j + 1), text)
          && raw.get(j + 1).start() - raw.get(j).end() == 1
          && SEPARATORS.indexOf(text.charAt(raw.get(j).end())) >= 0) {
        j++;
      }
      if (j - i + 1 >= MINIMUM_SEPARATED_LETTERS) {
        StringBuilder letters = new StringBuilder();
        for (int k = i; k <= j; k++) {
          letters.append(text, raw.get(k).start(), raw.get(k).end());
        }
        joined.add(new Word(canonical(letters.toString()), raw.get(i).start(), raw.get(j).end()));
        i = j + 1;
      } else {
        joined.add(new Word(canonical(text.substring(raw.get(i).start(), raw.get(i).end())),
            raw.get(i).start(), raw.get(i).end()));
        i++;
      }
    }
    return joined;
  }

  /**
   * The plain words of {@code text}: lower case, accents removed, split at every character that is not a letter or
   * digit; no obfuscation is undone. For exact word-level checks such as HONEST's.
   */
  static List<String> plainWords(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int index = 0; index < decomposed.length(); ) {
      int codePoint = decomposed.codePointAt(index);
      index += Character.charCount(codePoint);
      if (isCombiningMark(codePoint)) {
        continue;
      }
      if (Character.isLetterOrDigit(codePoint)) {
        word.appendCodePoint(codePoint);
      } else if (word.length() > 0) {
        words.add(word.toString().toLowerCase(Locale.ROOT));
        word.setLength(0);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /** The canonical words of a lexicon term or identity term (no offsets needed). */
  static List<String> canonicalWords(String term) {
    List<String> words = new ArrayList<>();
    for (Word word : words(term)) {
      words.add(word.canonical());
    }
    return words;
  }

  /**
   * Maximal runs of word characters: letters, digits, and '@' and '$' (leetspeak for a and s). Anything else,
   * including apostrophes, ends a word.
   */
  private static List<Word> rawWords(String text) {
    List<Word> words = new ArrayList<>();
    int start = -1;
    int index = 0;
    while (index < text.length()) {
      int codePoint = text.codePointAt(index);
      boolean wordCharacter = Character.isLetterOrDigit(codePoint) || codePoint == '@' || codePoint == '$'
          || (start >= 0 && isCombiningMark(codePoint));
      if (wordCharacter && start < 0) {
        start = index;
      } else if (!wordCharacter && start >= 0) {
        words.add(new Word(null, start, index));
        start = -1;
      }
      index += Character.charCount(codePoint);
    }
    if (start >= 0) {
      words.add(new Word(null, start, text.length()));
    }
    return words;
  }

  private static boolean isSingle(Word word, String text) {
    return text.codePointCount(word.start(), word.end()) == 1;
  }

  /**
   * Lower case (root locale), accents removed (NFKD, combining marks dropped), and, in a word with at least one
   * letter, leetspeak undone: 0→o 1→i 3→e 4→a 5→s 7→t 8→b @→a $→s. A word of digits only stays as it is, so
   * numbers never turn into words.
   */
  static String canonical(String word) {
    String decomposed = Normalizer.normalize(word, Normalizer.Form.NFKD);
    StringBuilder plain = new StringBuilder(decomposed.length());
    boolean hasLetter = false;
    for (int index = 0; index < decomposed.length(); ) {
      int codePoint = decomposed.codePointAt(index);
      index += Character.charCount(codePoint);
      if (isCombiningMark(codePoint)) {
        continue;
      }
      hasLetter |= Character.isLetter(codePoint);
      plain.appendCodePoint(codePoint);
    }
    String lower = plain.toString().toLowerCase(Locale.ROOT);
    if (!hasLetter) {
      return lower;
    }
    StringBuilder mapped = new StringBuilder(lower.length());
    for (int index = 0; index < lower.length(); index++) {
      char c = lower.charAt(index);
      mapped.append(switch (c) {
        case '0' -> 'o';
        case '1' -> 'i';
        case '3' -> 'e';
        case '4', '@' -> 'a';
        case '5', '$' -> 's';
        case '7' -> 't';
        case '8' -> 'b';
        default -> c;
      });
    }
    return mapped.toString();
  }

  /** {@code word} with every run of a repeated character collapsed to one: the key for repeated-letter matching. */
  static String collapsed(String word) {
    StringBuilder key = new StringBuilder(word.length());
    for (int index = 0; index < word.length(); index++) {
      if (index == 0 || word.charAt(index) != word.charAt(index - 1)) {
        key.append(word.charAt(index));
      }
    }
    return key.toString();
  }

  /**
   * Whether text word {@code text} spells lexicon word {@code entry} with some letters repeated more often: same
   * collapsed form, and every run in the text at least as long as the entry's ("stuuupid" spells "stupid", "asss"
   * spells "ass", but "as" does not spell "ass").
   */
  static boolean spells(String text, String entry) {
    int t = 0;
    int e = 0;
    while (t < text.length() && e < entry.length()) {
      char c = entry.charAt(e);
      if (text.charAt(t) != c) {
        return false;
      }
      int entryRun = run(entry, e);
      int textRun = run(text, t);
      if (textRun < entryRun) {
        return false;
      }
      e += entryRun;
      t += textRun;
    }
    return t == text.length() && e == entry.length();
  }

  private static int run(String word, int from) {
    int end = from + 1;
    while (end < word.length() && word.charAt(end) == word.charAt(from)) {
      end++;
    }
    return end - from;
  }

  private static boolean isCombiningMark(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
