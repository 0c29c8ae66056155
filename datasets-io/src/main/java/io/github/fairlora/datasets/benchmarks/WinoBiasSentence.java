package io.github.fairlora.datasets.benchmarks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One WinoBias sentence (Zhao et al., 2018): an occupation mention and a pronoun that refers to it, marked in the file
 * with square brackets. Pro-stereotyped sentences pair the occupation with the pronoun of its majority gender,
 * anti-stereotyped ones with the other.
 *
 * @param number the sentence's number: the leading number of the line when the file has one, else the 1-based line
 * @param sentence the sentence without the brackets
 * @param spans the bracketed spans, in order, with offsets into {@code sentence}
 * @param stereotype pro or anti, when the file name tells
 * @param type 1 (resolution needs world knowledge) or 2 (syntax suffices), when the file name tells
 * @param split dev or test, when the file name tells
 */
public record WinoBiasSentence(
    int number, String sentence, List<Span> spans, Optional<Stereotype> stereotype, OptionalInt type,
    Optional<Split> split) {

  /** Pro- or anti-stereotyped. */
  public enum Stereotype {
    /** The pronoun matches the occupation's majority gender. */
    PRO,
    /** The pronoun does not. */
    ANTI
  }

  /** The file's data split. */
  public enum Split {
    /** Development set. */
    DEV,
    /** Test set. */
    TEST
  }

  /**
   * A bracketed span.
   *
   * @param text the span's text
   * @param start offset of its first character in the bracket-free sentence
   * @param end offset just past its last character (exclusive)
   */
  public record Span(String text, int start, int end) {
    public Span {
      Objects.requireNonNull(text, "text");
      if (start < 0 || end < start || end - start != text.length()) {
        throw new IllegalArgumentException("span [" + start + ", " + end + ") does not fit text '" + text + "'");
      }
    }
  }

  public WinoBiasSentence {
    Objects.requireNonNull(sentence, "sentence");
    spans = List.copyOf(spans);
    for (Span span : spans) {
      if (span.end() > sentence.length() || !sentence.substring(span.start(), span.end()).equals(span.text())) {
        throw new IllegalArgumentException("span " + span + " is not at its offsets in: " + sentence);
      }
    }
    Objects.requireNonNull(stereotype, "stereotype");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(split, "split");
  }

  /** The first span: the gold occupation mention. */
  public Span mention() {
    return spans.get(0);
  }

  /** The spans after the first: the pronoun(s) referring to the mention. */
  public List<Span> pronouns() {
    return spans.subList(1, spans.size());
  }
}
