package io.github.fairlora.datasets.augment;

import io.github.fairlora.train.LabeledText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counterfactual data augmentation: replaces every protected-attribute term in a text by its partner ("he" ↔ "she",
 * "king" ↔ "queen", "john" ↔ "mary", or any user pair such as "young people" ↔ "old people"). Immutable and
 * thread-safe.
 *
 * <ul>
 *   <li>Whole words only: a word is a run of letters, combining marks and digits, so "he" does not match inside "the"
 *       or "hello", and "king's" becomes "queen's". Multi-word terms match when the words between them are separated
 *       as in the term (any whitespace run counts as one space).
 *   <li>One pass, left to right, longest term first: every replacement is made on the original text, so "he" → "she"
 *       and "she" → "he" never undo each other.
 *   <li>Case pattern kept: lower ("he" → "she"), Capitalized ("He" → "She"), UPPER ("HE" → "SHE", two or more letters),
 *       Title Case for multi-word terms ("Young People" → "Old People"); any other mix keeps only the first letter's
 *       case. Punctuation and spacing around a term are kept as they are.
 *   <li>Ambiguous English pronouns: when the pairs give "her" the two partners "him" and "his", or "his" the partners
 *       "her" and "hers", the next word decides (see {@link SwapResult.Rule}): "her" before a noun-like word →
 *       "his", "her" at the end, before punctuation, a function word or a bare verb → "him"; "his" before a noun-like
 *       word → "her", otherwise → "hers". Any other term with two different partners is refused by
 *       {@link Builder#build()}, naming both lines.
 * </ul>
 *
 * <pre>{@code
 * CounterfactualAugmenter augmenter = CounterfactualAugmenter.builder()
 *     .pairs(TermPairs.defaultEnglishGender())
 *     .addPairs(TermPairs.load(Path.of("religion.tsv")))
 *     .build();
 * augmenter.swap("He gave her his book.");   // "She gave him her book."
 * }</pre>
 */
public final class CounterfactualAugmenter {
  private static final Set<String> HER_PARTNERS = Set.of("him", "his");
  private static final Set<String> HIS_PARTNERS = Set.of("her", "hers");

  private enum Kind { SINGLE, HER, HIS }

  /** A source term, its partner(s) and how to choose between them. */
  private record Entry(Term source, Kind kind, Term partner, Term alternative) {}

  private final TermPairs pairs;
  /** First word (lower case) → entries starting with it, longest first. */
  private final Map<String, List<Entry>> entriesByFirstWord;

  private CounterfactualAugmenter(TermPairs pairs) {
    this.pairs = pairs;
    this.entriesByFirstWord = index(pairs);
  }

  /** A new builder; give it at least one pair list. */
  public static Builder builder() {
    return new Builder();
  }

  /** The pairs this augmenter swaps, in the order they were given. */
  public TermPairs pairs() {
    return pairs;
  }

  /** {@code text} with every term swapped for its partner; an unchanged copy when nothing matches. */
  public String swap(String text) {
    return swapWithReport(text).swapped();
  }

  /** Like {@link #swap(String)}, also listing every replacement with its offsets and the rule that chose it. */
  public SwapResult swapWithReport(String text) {
    Objects.requireNonNull(text, "text");
    List<int[]> words = words(text);
    StringBuilder out = new StringBuilder(text.length() + 16);
    List<SwapResult.Swap> swaps = new ArrayList<>();
    int copiedUpTo = 0;
    int word = 0;
    while (word < words.size()) {
      String first = Term.lower(slice(text, words.get(word)));
      Entry match = null;
      for (Entry entry : entriesByFirstWord.getOrDefault(first, List.of())) {
        if (matches(text, words, word, entry.source())) {
          match = entry;
          break;
        }
      }
      if (match == null) {
        word++;
        continue;
      }
      int length = match.source().words().size();
      int start = words.get(word)[0];
      int end = words.get(word + length - 1)[1];
      int next = word + length;
      String separator = next < words.size() ? text.substring(end, words.get(next)[0]) : null;
      String nextWord = next < words.size() ? Term.lower(slice(text, words.get(next))) : null;
      Term target;
      SwapResult.Rule rule;
      switch (match.kind()) {
        case HER -> {
          boolean object = EnglishPossessives.endsNounPhrase(separator, nextWord, true);
          target = object ? match.partner() : match.alternative();
          rule = object ? SwapResult.Rule.OBJECT_PRONOUN : SwapResult.Rule.POSSESSIVE_DETERMINER;
        }
        case HIS -> {
          boolean standalone = EnglishPossessives.endsNounPhrase(separator, nextWord, false);
          target = standalone ? match.alternative() : match.partner();
          rule = standalone ? SwapResult.Rule.POSSESSIVE_PRONOUN : SwapResult.Rule.POSSESSIVE_DETERMINER;
        }
        default -> {
          target = match.partner();
          rule = SwapResult.Rule.PAIR;
        }
      }
      String from = text.substring(start, end);
      String to = applyCase(from, target);
      out.append(text, copiedUpTo, start).append(to);
      copiedUpTo = end;
      swaps.add(new SwapResult.Swap(start, end, from, to, rule));
      word = next;
    }
    out.append(text, copiedUpTo, text.length());
    return new SwapResult(text, out.toString(), swaps);
  }

  /**
   * Each text followed by its counterfactual; a text in which nothing was swapped appears once (adding an identical
   * copy would only re-weight it).
   */
  public List<String> augment(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<String> out = new ArrayList<>(texts.size() * 2);
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new NullPointerException("texts[" + i + "] is null");
      }
      out.add(text);
      SwapResult result = swapWithReport(text);
      if (result.changed()) {
        out.add(result.swapped());
      }
    }
    return List.copyOf(out);
  }

  /** {@link #augment(List)} for labeled examples: the counterfactual keeps its original's label. */
  public List<LabeledText> augmentLabeled(List<LabeledText> examples) {
    Objects.requireNonNull(examples, "examples");
    List<LabeledText> out = new ArrayList<>(examples.size() * 2);
    for (int i = 0; i < examples.size(); i++) {
      LabeledText example = examples.get(i);
      if (example == null) {
        throw new NullPointerException("examples[" + i + "] is null");
      }
      out.add(example);
      SwapResult result = swapWithReport(example.text());
      if (result.changed()) {
        out.add(new LabeledText(result.swapped(), example.label()));
      }
    }
    return List.copyOf(out);
  }

  /** Builds an augmenter from one base pair list and any number of additions. */
  public static final class Builder {
    private TermPairs base;
    private final List<TermPairs> additions = new ArrayList<>();

    private Builder() {}

    /**
     * The base pair list, e.g. {@link TermPairs#defaultEnglishGender()}; may be set once.
     *
     * @throws IllegalStateException if the base list was already set
     */
    public Builder pairs(TermPairs pairs) {
      Objects.requireNonNull(pairs, "pairs");
      if (base != null) {
        throw new IllegalStateException("pairs were already set (" + base + "); use addPairs to add more");
      }
      base = pairs;
      return this;
    }

    /** Adds pairs (for another axis: race, religion, age ...); may be called any number of times. */
    public Builder addPairs(TermPairs pairs) {
      additions.add(Objects.requireNonNull(pairs, "pairs"));
      return this;
    }

    /**
     * The augmenter.
     *
     * @throws IllegalStateException if no pairs were given
     * @throws IllegalArgumentException if a term would have two different partners (other than English "her"/"his",
     *     which the heuristic resolves); the message names both partners and where each pair came from
     */
    public CounterfactualAugmenter build() {
      TermPairs all = base == null ? TermPairs.of() : base;
      for (TermPairs addition : additions) {
        all = all.plus(addition);
      }
      if (all.size() == 0) {
        throw new IllegalStateException("no term pairs: call pairs(...) or addPairs(...) before build()");
      }
      return new CounterfactualAugmenter(all);
    }
  }

  private static Map<String, List<Entry>> index(TermPairs pairs) {
    // term text -> partner text -> origin of the first pair that said so
    Map<String, Map<String, String>> partners = new LinkedHashMap<>();
    Map<String, Term> terms = new HashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      TermPair pair = pairs.pairs().get(i);
      String origin = pairs.origin(i);
      Term a = Term.parse(pair.termA());
      Term b = Term.parse(pair.termB());
      terms.putIfAbsent(pair.termA(), a);
      terms.putIfAbsent(pair.termB(), b);
      partners.computeIfAbsent(pair.termA(), key -> new LinkedHashMap<>()).putIfAbsent(pair.termB(), origin);
      partners.computeIfAbsent(pair.termB(), key -> new LinkedHashMap<>()).putIfAbsent(pair.termA(), origin);
    }
    Map<String, List<Entry>> byFirstWord = new HashMap<>();
    for (Map.Entry<String, Map<String, String>> item : partners.entrySet()) {
      String source = item.getKey();
      Map<String, String> targets = item.getValue();
      Entry entry;
      if (targets.size() == 1) {
        entry = new Entry(terms.get(source), Kind.SINGLE, terms.get(targets.keySet().iterator().next()), null);
      } else if (source.equals("her") && targets.keySet().equals(HER_PARTNERS)) {
        entry = new Entry(terms.get(source), Kind.HER, terms.get("him"), terms.get("his"));
      } else if (source.equals("his") && targets.keySet().equals(HIS_PARTNERS)) {
        entry = new Entry(terms.get(source), Kind.HIS, terms.get("her"), terms.get("hers"));
      } else {
        StringBuilder message = new StringBuilder("term '").append(source).append("' has ").append(targets.size())
            .append(" different partners:");
        targets.forEach((target, origin) -> message.append(" '").append(target).append("' (").append(origin)
            .append(')'));
        message.append("; a term may have only one partner, except English 'her' (him, his) and 'his' (her, hers),"
            + " which are resolved from the next word");
        throw new IllegalArgumentException(message.toString());
      }
      byFirstWord.computeIfAbsent(entry.source().words().get(0), key -> new ArrayList<>()).add(entry);
    }
    for (List<Entry> entries : byFirstWord.values()) {
      entries.sort(Comparator.comparingInt((Entry entry) -> entry.source().words().size()).reversed());
    }
    Map<String, List<Entry>> frozen = new HashMap<>();
    byFirstWord.forEach((word, entries) -> frozen.put(word, List.copyOf(entries)));
    return Map.copyOf(frozen);
  }

  /** [start, end) offsets of every word in {@code text}. */
  private static List<int[]> words(String text) {
    List<int[]> words = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int codePoint = text.codePointAt(at);
      if (!Term.isWordCodePoint(codePoint)) {
        at += Character.charCount(codePoint);
        continue;
      }
      int start = at;
      while (at < text.length() && Term.isWordCodePoint(text.codePointAt(at))) {
        at += Character.charCount(text.codePointAt(at));
      }
      words.add(new int[] {start, at});
    }
    return words;
  }

  private static String slice(String text, int[] span) {
    return text.substring(span[0], span[1]);
  }

  private static boolean matches(String text, List<int[]> words, int first, Term term) {
    int length = term.words().size();
    if (first + length > words.size()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (!Term.lower(slice(text, words.get(first + i))).equals(term.words().get(i))) {
        return false;
      }
      if (i > 0) {
        String separator = text.substring(words.get(first + i - 1)[1], words.get(first + i)[0]);
        if (!Term.normalizeSeparator(separator).equals(term.separators().get(i - 1))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Writes {@code target} with the case pattern of {@code original} (see the class comment). */
  static String applyCase(String original, Term target) {
    int letters = 0;
    boolean anyUpper = false;
    boolean anyLower = false;
    for (int i = 0; i < original.length(); ) {
      int codePoint = original.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Character.isLetter(codePoint)) {
        letters++;
        anyUpper |= Character.isUpperCase(codePoint) || Character.isTitleCase(codePoint);
        anyLower |= Character.isLowerCase(codePoint);
      }
    }
    String lower = target.text();
    if (!anyUpper) {
      return lower;
    }
    if (!anyLower && letters >= 2) {
      return lower.toUpperCase(Locale.ROOT);
    }
    List<int[]> originalWords = words(original);
    boolean firstCapitalized = isCapitalized(slice(original, originalWords.get(0)));
    boolean allCapitalized = firstCapitalized;
    boolean restLower = true;
    for (int i = 1; i < originalWords.size(); i++) {
      String word = slice(original, originalWords.get(i));
      allCapitalized &= isCapitalized(word);
      restLower &= word.equals(Term.lower(word));
    }
    if (allCapitalized && originalWords.size() > 1) {
      List<String> capitalized = new ArrayList<>();
      for (String word : target.words()) {
        capitalized.add(capitalize(word));
      }
      return new Term(capitalized, target.separators()).text();
    }
    if (firstCapitalized && restLower) {
      return capitalize(lower);
    }
    // A mixed pattern (e.g. "McCain"): keep only whether the first letter is upper case.
    int firstLetter = firstLetter(original);
    return firstLetter >= 0 && !Character.isLowerCase(firstLetter) ? capitalize(lower) : lower;
  }

  private static boolean isCapitalized(String word) {
    int first = word.codePointAt(0);
    if (!(Character.isUpperCase(first) || Character.isTitleCase(first))) {
      return false;
    }
    String rest = word.substring(Character.charCount(first));
    return rest.equals(Term.lower(rest));
  }

  private static int firstLetter(String text) {
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      if (Character.isLetter(codePoint)) {
        return codePoint;
      }
      i += Character.charCount(codePoint);
    }
    return -1;
  }

  private static String capitalize(String word) {
    if (word.isEmpty()) {
      return word;
    }
    int first = word.codePointAt(0);
    return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
        .append(word, Character.charCount(first), word.length()).toString();
  }
}
