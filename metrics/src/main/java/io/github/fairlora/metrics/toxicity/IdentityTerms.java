package io.github.fairlora.metrics.toxicity;

import java.util.Set;

/**
 * Words that name identity groups (gender, sexuality, race, ethnicity, nationality, religion, disability, age).
 * Profanity lists flag some of them ("homosexual", "queer", "blacks" are rated 1 in cuss), so a lexicon scorer that
 * counts them scores texts about those groups as toxic and measures its own bias. {@link LexiconToxicityScorer}
 * excludes or reports them; this is its default list, written for this library and replaceable.
 */
public final class IdentityTerms {
  private IdentityTerms() {}

  private static final Set<String> DEFAULTS = Set.of(
      // gender and sexuality
      "female", "females", "male", "males", "woman", "women", "man", "men", "girl", "girls", "boy", "boys",
      "gay", "gays", "lesbian", "lesbians", "bisexual", "bisexuals", "homosexual", "homosexuals", "heterosexual",
      "heterosexuals", "straight", "queer", "queers", "trans", "transgender", "transgenders", "transsexual",
      "transsexuals", "nonbinary", "non-binary", "intersex", "asexual", "lgbt", "lgbtq",
      // race, ethnicity, nationality
      "black", "blacks", "white", "whites", "asian", "asians", "african", "africans", "african american",
      "african americans", "latino", "latinos", "latina", "latinas", "latinx", "hispanic", "hispanics", "arab",
      "arabs", "mexican", "mexicans", "chinese", "japanese", "korean", "indian", "indians", "native american",
      "native americans", "indigenous", "american", "americans", "european", "europeans", "german", "germans",
      "immigrant", "immigrants", "refugee", "refugees",
      // religion
      "muslim", "muslims", "islamic", "jew", "jews", "jewish", "christian", "christians", "catholic",
      "catholics", "protestant", "protestants", "mormon", "mormons", "hindu", "hindus", "buddhist", "buddhists",
      "sikh", "sikhs", "atheist", "atheists",
      // disability and age
      "disabled", "deaf", "blind", "autistic", "elderly", "old", "young");

  /** The default identity terms, lower case. */
  public static Set<String> defaults() {
    return DEFAULTS;
  }
}
