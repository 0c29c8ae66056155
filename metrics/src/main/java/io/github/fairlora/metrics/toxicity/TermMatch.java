package io.github.fairlora.metrics.toxicity;

/**
 * One occurrence of a lexicon term in a text, as found by {@link LexiconToxicityScorer#explain(String)}.
 *
 * @param term the lexicon term that matched, as written in the lexicon
 * @param matchedText the text as it occurs, possibly obfuscated ("s.t.u.p.i.d", "$h1t")
 * @param start start offset of the occurrence in the text, in chars
 * @param end end offset (exclusive)
 * @param weight the term's weight
 * @param identityTerm whether the term is an identity term ("gay", "muslim", ...)
 * @param counted whether it entered the score (false for identity terms the scorer excludes)
 */
public record TermMatch(
    String term, String matchedText, int start, int end, double weight, boolean identityTerm, boolean counted) {}
