package io.github.fairlora.metrics.toxicity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores toxicity by matching a {@link ToxicityLexicon} against the text.
 *
 * <p><b>Matching.</b> Text and lexicon terms are split into words the same way, and a term (one or several words)
 * matches a run of consecutive text words. Words are maximal runs of letters and digits (plus '@' and '$', see
 * below); anything else, apostrophes included, separates words, so a term only matches whole words: "ass" does not
 * match inside "class" or "assume". Matching is case-insensitive and ignores accents. Scanning left to right, the
 * longest term starting at a word wins and matching resumes after it, so the words of "white trash" do not also
 * count as "trash". Every occurrence counts.
 *
 * <p><b>Obfuscation</b> undone before matching, in text and lexicon alike:
 *
 * <ul>
 *   <li>leetspeak, inside words that contain a letter: 0→o 1→i 3→e 4→a 5→s 7→t 8→b @→a $→s ("$h1t", "@ss"); a word
 *       of digits only is left alone, so numbers never match;
 *   <li>repeated letters: a text word spells a term word when it has the same letters with some repeated more often
 *       ("stuuupid" matches "stupid", "asss" matches "ass", but "as" does not match "ass");
 *   <li>separated letters: three or more single characters separated each by one of {@code . - _ *} are joined into
 *       one word ("s.t.u.p.i.d", "s-t-u-p-i-d", "i.d.i.o.t").
 * </ul>
 *
 * Not handled: letters separated by spaces, masking with symbols ("f*ck" reads as "f" and "ck"), look-alike letters
 * from other scripts, and '1' standing for 'l'.
 *
 * <p><b>Score.</b> {@link ScoreRule#NOISY_OR} (default): 1 − Π(1 − w) over the counted matches, as if each match
 * independently made the text toxic with probability w; or {@link ScoreRule#MAXIMUM}: the largest counted weight. No
 * counted match scores 0.
 *
 * <p><b>Identity terms.</b> A lexicon term that equals an identity term (after the same normalisation; default list
 * {@link IdentityTerms#defaults()}) is, by default, {@linkplain IdentityTermPolicy#EXCLUDE excluded} from the score
 * but still listed by {@link #explain(String)}; with {@link IdentityTermPolicy#KEEP} it counts and is flagged.
 * Lexicon terms that contain an identity word among others ("white trash") are ordinary terms.
 */
public final class LexiconToxicityScorer implements ToxicityScorer {

  /** How counted matches combine into a score. */
  public enum ScoreRule {
    /** 1 − Π(1 − w_i) over every counted occurrence. */
    NOISY_OR,
    /** The largest weight among counted occurrences. */
    MAXIMUM
  }

  /** What happens to lexicon terms that are identity terms. */
  public enum IdentityTermPolicy {
    /** Reported by {@link #explain(String)} but not counted in the score. The default. */
    EXCLUDE,
    /** Counted like any term, and flagged as identity terms by {@link #explain(String)}. */
    KEEP
  }

  /** A lexicon term ready for matching. */
  private record Compiled(String term, List<String> words, double weight, boolean identity) {}

  private final Map<String, List<Compiled>> byFirstWordKey;
  private final ScoreRule scoreRule;
  private final IdentityTermPolicy identityPolicy;

  private LexiconToxicityScorer(Builder builder) {
    this.scoreRule = builder.scoreRule == null ? ScoreRule.NOISY_OR : builder.scoreRule;
    this.identityPolicy = builder.identityPolicy == null ? IdentityTermPolicy.EXCLUDE : builder.identityPolicy;
    Set<String> identityTerms = builder.identityTerms == null ? IdentityTerms.defaults() : builder.identityTerms;
    Set<List<String>> identityWords = new HashSet<>();
    for (String identity : identityTerms) {
      identityWords.add(TextNormalizer.canonicalWords(identity));
    }
    // One compiled term per normalised spelling: "pi55" and "piss" are the same term; the higher weight is kept.
    Map<List<String>, Compiled> unique = new HashMap<>();
    List<List<String>> order = new ArrayList<>();
    for (LexiconEntry entry : builder.lexicon.entries()) {
      List<String> words = TextNormalizer.canonicalWords(entry.term());
      if (words.isEmpty()) {
        throw new IllegalArgumentException("lexicon term '" + entry.term() + "' has no letters or digits to match");
      }
      Compiled compiled = new Compiled(entry.term(), List.copyOf(words), entry.weight(), identityWords.contains(words));
      Compiled previous = unique.get(words);
      if (previous == null) {
        order.add(words);
        unique.put(words, compiled);
      } else if (compiled.weight() > previous.weight()) {
        unique.put(words, compiled);
      }
    }
    Map<String, List<Compiled>> index = new HashMap<>();
    for (List<String> words : order) {
      Compiled compiled = unique.get(words);
      index.computeIfAbsent(TextNormalizer.collapsed(words.get(0)), key -> new ArrayList<>()).add(compiled);
    }
    this.byFirstWordKey = index;
  }

  /** A scorer over {@code lexicon} with the defaults: noisy-or, default identity terms excluded. */
  public static LexiconToxicityScorer of(ToxicityLexicon lexicon) {
    return builder(lexicon).build();
  }

  /** A builder over {@code lexicon}. */
  public static Builder builder(ToxicityLexicon lexicon) {
    if (lexicon == null) {
      throw new NullPointerException("lexicon must not be null");
    }
    return new Builder(lexicon);
  }

  /** The toxicity of {@code text} in [0, 1] by the score rule (0 when nothing counted matches). */
  @Override
  public double score(String text) {
    return explain(text).score();
  }

  /** The score of {@code text} with every lexicon match, identity terms flagged, in text order. */
  public ToxicityExplanation explain(String text) {
    if (text == null) {
      throw new NullPointerException("text must not be null");
    }
    List<TextNormalizer.Word> words = TextNormalizer.words(text);
    List<TermMatch> matches = new ArrayList<>();
    int position = 0;
    while (position < words.size()) {
      Compiled best = null;
      for (Compiled candidate : byFirstWordKey.getOrDefault(
          TextNormalizer.collapsed(words.get(position).canonical()), List.of())) {
        if (matchesAt(candidate, words, position) && (best == null || candidate.words().size() > best.words().size()
            || (candidate.words().size() == best.words().size() && candidate.weight() > best.weight()))) {
          best = candidate;
        }
      }
      if (best == null) {
        position++;
        continue;
      }
      int start = words.get(position).start();
      int end = words.get(position + best.words().size() - 1).end();
      boolean counted = !best.identity() || identityPolicy == IdentityTermPolicy.KEEP;
      matches.add(new TermMatch(best.term(), text.substring(start, end), start, end, best.weight(), best.identity(),
          counted));
      position += best.words().size();
    }
    return new ToxicityExplanation(text, combine(matches), matches);
  }

  private static boolean matchesAt(Compiled term, List<TextNormalizer.Word> words, int position) {
    if (position + term.words().size() > words.size()) {
      return false;
    }
    for (int k = 0; k < term.words().size(); k++) {
      if (!TextNormalizer.spells(words.get(position + k).canonical(), term.words().get(k))) {
        return false;
      }
    }
    return true;
  }

  private double combine(List<TermMatch> matches) {
    if (scoreRule == ScoreRule.MAXIMUM) {
      double largest = 0;
      for (TermMatch match : matches) {
        if (match.counted()) {
          largest = Math.max(largest, match.weight());
        }
      }
      return largest;
    }
    // s + w - s·w equals 1 - (1 - s)(1 - w) and keeps a single match's weight exact (0.2 stays 0.2).
    double score = 0;
    for (TermMatch match : matches) {
      if (match.counted()) {
        score = score + match.weight() - score * match.weight();
      }
    }
    return score;
  }

  /** Builds a {@link LexiconToxicityScorer}; each setting may be given once. */
  public static final class Builder {
    private final ToxicityLexicon lexicon;
    private ScoreRule scoreRule;
    private IdentityTermPolicy identityPolicy;
    private Set<String> identityTerms;

    private Builder(ToxicityLexicon lexicon) {
      this.lexicon = lexicon;
    }

    /** How matches combine (default {@link ScoreRule#NOISY_OR}). */
    public Builder scoreRule(ScoreRule rule) {
      if (rule == null) {
        throw new NullPointerException("scoreRule must not be null");
      }
      if (scoreRule != null) {
        throw new IllegalStateException("scoreRule was already set to " + scoreRule);
      }
      scoreRule = rule;
      return this;
    }

    /** What identity terms do (default {@link IdentityTermPolicy#EXCLUDE}). */
    public Builder identityTermPolicy(IdentityTermPolicy policy) {
      if (policy == null) {
        throw new NullPointerException("identityTermPolicy must not be null");
      }
      if (identityPolicy != null) {
        throw new IllegalStateException("identityTermPolicy was already set to " + identityPolicy);
      }
      identityPolicy = policy;
      return this;
    }

    /** The identity terms (default {@link IdentityTerms#defaults()}); an empty set turns the feature off. */
    public Builder identityTerms(Set<String> terms) {
      if (terms == null) {
        throw new NullPointerException("identityTerms must not be null");
      }
      if (identityTerms != null) {
        throw new IllegalStateException("identityTerms were already set");
      }
      for (String term : terms) {
        if (term == null || TextNormalizer.canonicalWords(term).isEmpty()) {
          throw new IllegalArgumentException("identity term '" + term + "' has no letters or digits");
        }
      }
      identityTerms = Set.copyOf(terms);
      return this;
    }

    /** The scorer. */
    public LexiconToxicityScorer build() {
      return new LexiconToxicityScorer(this);
    }
  }
}
