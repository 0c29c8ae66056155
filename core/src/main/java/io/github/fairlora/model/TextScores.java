package io.github.fairlora.model;

import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-text log-likelihood, token count and perplexity under a model that carries its tokenizer, in one call:
 *
 * <pre>{@code
 * Decoder model = HuggingFace.load(Path.of("models/tinystories-656k"));
 * List<TextScores.Score> scores = TextScores.score(model, List.of("Once upon a time"));
 * }</pre>
 *
 * Each text is encoded with the model's tokenizer and BOS prepended when the tokenizer has one; every token of the
 * text is then scored given the ones before it (without BOS, the first token has no context and is not scored).
 * Texts are scored in batches of similar length ({@link Decoder#tokenLogProbabilities}).
 */
public final class TextScores {
  private TextScores() {}

  /**
   * One text's score.
   *
   * @param text          the text as given
   * @param tokens        how many tokens were scored
   * @param logLikelihood natural-log probability of those tokens, summed
   * @param perplexity    exp(−logLikelihood / tokens)
   */
  public record Score(String text, int tokens, double logLikelihood, double perplexity) {}

  /**
   * Scores every text with the model's own tokenizer.
   *
   * @throws IllegalStateException when the model carries no tokenizer
   * @throws IllegalArgumentException naming the text (by index) that is empty after tokenisation, or longer than the
   *     model's context
   */
  public static List<Score> score(Decoder model, List<String> texts) {
    Tokenizer tokenizer = model.tokenizer().orElseThrow(() -> new IllegalStateException("this model carries no"
        + " tokenizer; attach one with Decoder.setTokenizer, or load a checkpoint that has one"));
    List<int[]> sequences = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      int[] ids = tokenizer.encode(texts.get(i), true, false);
      if (ids.length < 2) {
        throw new IllegalArgumentException("text " + i + " has " + ids.length + " token(s)"
            + (tokenizer.bos().isPresent() ? " with BOS" : " and the tokenizer has no BOS")
            + "; at least one token must follow its context to be scored");
      }
      if (ids.length > model.contextLength()) {
        throw new IllegalArgumentException("text " + i + " has " + ids.length + " tokens; the model's context is "
            + model.contextLength());
      }
      sequences.add(ids);
    }
    float[][] logProbabilities = model.tokenLogProbabilities(sequences);
    List<Score> scores = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      double sum = 0;
      for (float value : logProbabilities[i]) {
        sum += value;
      }
      int count = logProbabilities[i].length;
      scores.add(new Score(texts.get(i), count, sum, Math.exp(-sum / count)));
    }
    return scores;
  }
}
