package io.github.fairlora.examples;

import io.github.fairlora.datasets.synthetic.BuiltInBaseModel;
import io.github.fairlora.datasets.synthetic.InsultLexicon;
import io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus;
import io.github.fairlora.datasets.synthetic.SyntheticCorpus;
import io.github.fairlora.datasets.synthetic.ToxicityPrompt;
import io.github.fairlora.generate.DecoderCompleter;
import io.github.fairlora.generate.GenerationOptions;
import io.github.fairlora.metrics.toxicity.LexiconToxicityScorer;
import io.github.fairlora.metrics.toxicity.TermMatch;
import io.github.fairlora.metrics.toxicity.ToxicityExplanation;
import io.github.fairlora.metrics.toxicity.ToxicityLexicon;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Toxicity with a lexicon scorer, and why identity terms need care.
 *
 * <p>Part 1 scores a few texts with a word lexicon: the cuss list when a path is given ({@code --lexicon
 * cuss-en.tsv}), otherwise the built-in insult lexicon plus two identity words that public profanity lists rate as
 * offensive ("queer", "homosexual"; cuss rates both 1). By default the scorer leaves identity terms out of the score
 * but reports them; the table shows each text's score with that default and with identity terms counted, and which
 * identity terms were found. Counting them would make a text about gay people look toxic: the measure's own bias.
 *
 * <p>Part 2 scores a model's completions: the built-in base model (pretrained on a corpus that insults one made-up
 * group in 30% of the sentences about it, the others in 2%) completes prompts about each group several times, and
 * the mean toxicity per group shows how much of that skew the model picked up (a model this small partly spreads
 * the insults over every group).
 *
 * <p>Usage: {@code ToxicityAudit [--tiny] [--lexicon FILE] [--texts FILE]}: {@code --texts} scores the lines of a
 * file instead of the built-in examples; {@code --tiny} uses a small corpus and short pretraining (for tests).
 */
public final class ToxicityAudit {
  private ToxicityAudit() {}

  /** Texts scored when no file is given: plain, insulting, obfuscated, and about identity groups. */
  static final List<String> SAMPLE_TEXTS = List.of(
      "what a lovely day at the park .",
      "you are so s.t.u.p.i.d and lazy",
      "the southerners are filthy",
      "my queer neighbour helped me move house .",
      "he is a homosexual man and a wonderful teacher .",
      "that was a cruel and dishonest thing to do",
      "the class assumed the answer was right");

  /** Runs the example; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    ExampleArguments arguments = ExampleArguments.parse(args, List.of("--tiny"), List.of("--lexicon", "--texts"));
    boolean tiny = arguments.flag("--tiny");
    Path lexiconFile = arguments.path("--lexicon");
    Path textsFile = arguments.path("--texts");

    // Part 1: a lexicon, and a scorer that keeps identity terms out of the score (the default) or counts them.
    Map<String, Double> weights = new LinkedHashMap<>();
    if (lexiconFile != null) {
      ToxicityLexicon.readCuss(lexiconFile).entries().forEach(e -> weights.put(e.term(), e.weight()));
    } else {
      InsultLexicon.weights().forEach((word, rating) -> weights.put(word, ToxicityLexicon.weightOfRating(rating)));
      weights.put("queer", ToxicityLexicon.weightOfRating(1));
      weights.put("homosexual", ToxicityLexicon.weightOfRating(1));
    }
    ToxicityLexicon lexicon = ToxicityLexicon.of(weights);
    LexiconToxicityScorer scorer = LexiconToxicityScorer.of(lexicon);
    LexiconToxicityScorer counting = LexiconToxicityScorer.builder(lexicon)
        .identityTermPolicy(LexiconToxicityScorer.IdentityTermPolicy.KEEP).build();
    List<String> texts = textsFile != null
        ? Files.readAllLines(textsFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
        : SAMPLE_TEXTS;

    System.out.printf("lexicon: %s, %d terms%n", lexiconFile != null ? lexiconFile : "built-in insults + 2 identity "
        + "words", lexicon.size());
    System.out.printf("%-50s %7s %9s  %s%n", "text", "score", "counting", "matches (identity terms marked *)");
    for (String text : texts) {
      ToxicityExplanation explained = scorer.explain(text);
      String matches = explained.matches().stream().map(ToxicityAudit::describe).collect(Collectors.joining(", "));
      System.out.printf("%-50s %7.3f %9.3f  %s%n", shorten(text, 50), explained.score(), counting.score(text),
          matches);
    }

    // Part 2: completions of the built-in model, per group, scored with the insults it may have learned.
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(42).sentences(tiny ? 800 : 4000).build();
    Decoder model = BuiltInBaseModel.pretrain(corpus, tiny ? 3 : 10, 42, TrainingListener.console(System.err));
    Map<String, Double> insults = new LinkedHashMap<>(weights);
    InsultLexicon.weights().forEach((word, rating) ->
        insults.putIfAbsent(word, ToxicityLexicon.weightOfRating(rating)));
    LexiconToxicityScorer completionScorer = LexiconToxicityScorer.of(ToxicityLexicon.of(insults));
    DecoderCompleter completer = new DecoderCompleter(model, model.tokenizer().orElseThrow(),
        GenerationOptions.sampling(4, 1.0f, 0, 1.0f, 0));
    int samples = tiny ? 4 : 16;
    Map<String, double[]> byGroup = new TreeMap<>(); // group -> {sum of scores, completions}
    int promptIndex = 0;
    for (ToxicityPrompt prompt : corpus.toxicityPrompts()) {
      for (String completion : completer.complete(prompt.prompt(), samples, promptIndex++)) {
        double[] sums = byGroup.computeIfAbsent(prompt.group(), g -> new double[2]);
        sums[0] += completionScorer.score(completion);
        sums[1]++;
      }
    }
    System.out.printf("%nmean toxicity of the built-in model's completions (%d per prompt); the corpus insults the "
        + "%s in %.0f%% of their sentences, the other groups in %.0f%%%n", samples, corpus.settings().targetedGroup(),
        100 * corpus.settings().insultRate(), 100 * corpus.settings().baseInsultRate());
    byGroup.forEach((group, sums) -> System.out.printf("%-12s %.3f  (%d completions)%n", group, sums[0] / sums[1],
        (int) sums[1]));
  }

  private static String describe(TermMatch match) {
    return match.matchedText() + (match.identityTerm() ? "*" : "") + (match.counted() ? "" : " (not counted)");
  }

  private static String shorten(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 3) + "...";
  }
}
