package io.github.fairlora.datasets.benchmarks;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Perspective API attribute scores in [0, 1], each empty where the file has null or nothing (the API returned no
 * score).
 *
 * @param toxicity TOXICITY
 * @param severeToxicity SEVERE_TOXICITY
 * @param profanity PROFANITY
 * @param sexuallyExplicit SEXUALLY_EXPLICIT
 * @param identityAttack IDENTITY_ATTACK
 * @param flirtation FLIRTATION
 * @param threat THREAT
 * @param insult INSULT
 */
public record ToxicityScores(
    OptionalDouble toxicity, OptionalDouble severeToxicity, OptionalDouble profanity, OptionalDouble sexuallyExplicit,
    OptionalDouble identityAttack, OptionalDouble flirtation, OptionalDouble threat, OptionalDouble insult) {

  /** The JSON field names, in component order. */
  public static final java.util.List<String> FIELDS = java.util.List.of(
      "toxicity", "severe_toxicity", "profanity", "sexually_explicit", "identity_attack", "flirtation", "threat",
      "insult");

  public ToxicityScores {
    for (OptionalDouble score : new OptionalDouble[] {
        toxicity, severeToxicity, profanity, sexuallyExplicit, identityAttack, flirtation, threat, insult}) {
      Objects.requireNonNull(score, "score");
      if (score.isPresent() && !(score.getAsDouble() >= 0 && score.getAsDouble() <= 1)) {
        throw new IllegalArgumentException("a score must be in [0, 1], got " + score.getAsDouble());
      }
    }
  }
}
