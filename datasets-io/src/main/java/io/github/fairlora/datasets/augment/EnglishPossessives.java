package io.github.fairlora.datasets.augment;

import java.util.Set;

/**
 * The heuristic that resolves English "her" (object "him" or possessive "his") and "his" (determiner "her" or
 * standalone "hers") from what follows the word. It looks only at the next word and at what separates it:
 *
 * <ul>
 *   <li>no next word, or punctuation between (anything other than whitespace): "her" is an object ("I saw her." →
 *       "him"), "his" stands alone ("the book is his." → "hers");
 *   <li>the next word is a function word (preposition, article or other determiner, conjunction, pronoun, auxiliary,
 *       or a time/place adverb such as "again", "today", "there"): same as above ("gave her a book" → "him", "told her
 *       about it" → "him", "his and mine" → "hers");
 *   <li>for "her" only, the next word is a common bare verb ("let her go", "made her cry") → "him";
 *   <li>otherwise the next word is taken for the start of a noun phrase: "her book", "her old car" → "his"; "his
 *       book" → "her".
 * </ul>
 *
 * <p>Known misses: a noun-like word after an object ("gave her flowers" → "his flowers"), "-ing" forms ("saw her
 * running" → "his running"), adjectives after a verb ("made her happy" → "his happy").
 */
final class EnglishPossessives {
  private EnglishPossessives() {}

  static final Set<String> FUNCTION_WORDS = Set.of(
      // prepositions and particles
      "to", "for", "with", "at", "in", "on", "about", "from", "by", "of", "into", "onto", "over", "under", "after",
      "before", "through", "around", "across", "up", "down", "out", "off", "away", "against", "without",
      "toward", "towards", "near", "behind", "beside", "between", "during", "like", "upon", "along",
      // articles and determiners
      "a", "an", "the", "this", "that", "these", "those", "some", "any", "every", "each", "no", "all", "both",
      "either", "neither", "another", "such", "what", "which", "whose",
      // conjunctions and subordinators
      "and", "or", "but", "nor", "so", "yet", "because", "if", "when", "while", "as", "than", "though", "although",
      "since", "until", "unless", "whether", "where", "why", "how", "who", "whom", "once",
      // pronouns
      "i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his", "its",
      "our", "their", "mine", "yours", "hers", "ours", "theirs", "myself", "yourself", "himself", "herself",
      "everyone", "everybody", "someone", "somebody", "anyone", "anybody", "nobody", "everything", "something",
      "anything", "nothing",
      // auxiliaries and copulas ("will" is left out: "her will" is also a noun phrase)
      "is", "was", "are", "were", "am", "be", "been", "would", "can", "could", "shall", "should", "may",
      "might", "must", "has", "had", "have", "does", "did", "do",
      // adverbs that follow an object, not a determiner
      "too", "also", "not", "never", "always", "again", "today", "tonight", "tomorrow", "yesterday", "now", "then",
      "there", "here", "already", "anymore", "alone", "together", "instead");

  /**
   * Bare verbs that follow an object pronoun after let/make/help/see/hear ("let her go"); verbs that are also common
   * nouns after a possessive ("her smile", "her pay", "her walk") are left out.
   */
  static final Set<String> BARE_VERBS = Set.of(
      "go", "come", "know", "feel", "stay", "cry", "get", "see", "tell", "give", "speak", "eat", "sit", "stand",
      "wait", "think", "decide", "explain", "believe", "understand", "meet", "join", "listen", "sing");

  /**
   * True when the word before {@code separator} ends a phrase: no next word, or punctuation in between, or a next word
   * that cannot follow a possessive determiner.
   *
   * @param separator the text between the ambiguous word and the next word, or null when nothing follows
   * @param nextWord the next word in lower case, or null when nothing follows
   * @param verbsEndPhrase whether a bare verb also counts (true for "her", whose object reading precedes verbs)
   */
  static boolean endsNounPhrase(String separator, String nextWord, boolean verbsEndPhrase) {
    if (nextWord == null || !separator.isBlank()) {
      return true;
    }
    return FUNCTION_WORDS.contains(nextWord) || (verbsEndPhrase && BARE_VERBS.contains(nextWord));
  }
}
