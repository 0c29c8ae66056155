package io.github.fairlora.datasets.synthetic;

import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A generated synthetic corpus (see {@link SyntheticBiasCorpus}). Every text is lower case with tokens separated by
 * single spaces, punctuation included ("the nurse said that she was tired ."), so splitting on spaces gives the
 * words of a word-level tokenizer.
 *
 * @param biasedTexts the pre-training texts: occupation pronouns skewed, the targeted group insulted more often
 * @param balancedTexts the fine-tuning texts: sentence for sentence the same as {@code biasedTexts} except for the
 *     attribute words, with pronouns split exactly evenly per occupation and one insult rate for all groups
 * @param probePairs stereotypical versus anti-stereotypical sentences built from combinations held out of both text
 *     lists
 * @param toxicityPrompts sentence beginnings ending right before the adjective, for every group
 * @param insultLexicon the insult words ({@link InsultLexicon#words()})
 * @param settings the settings that produced this corpus
 */
public record SyntheticCorpus(
    List<String> biasedTexts,
    List<String> balancedTexts,
    List<ProbePair> probePairs,
    List<ToxicityPrompt> toxicityPrompts,
    List<String> insultLexicon,
    SyntheticCorpusSettings settings) {

  /** Copies every list and checks that the two text lists have the same length. */
  public SyntheticCorpus {
    biasedTexts = List.copyOf(biasedTexts);
    balancedTexts = List.copyOf(balancedTexts);
    probePairs = List.copyOf(probePairs);
    toxicityPrompts = List.copyOf(toxicityPrompts);
    insultLexicon = List.copyOf(insultLexicon);
    Objects.requireNonNull(settings, "settings");
    if (biasedTexts.size() != balancedTexts.size()) {
      throw new IllegalArgumentException("biasedTexts (" + biasedTexts.size() + ") and balancedTexts ("
          + balancedTexts.size() + ") must have the same number of sentences");
    }
  }

  /**
   * Every distinct space-separated token of the texts, probes and prompts, sorted; the vocabulary a word-level
   * tokenizer needs for this corpus (a few hundred words).
   */
  public List<String> vocabulary() {
    TreeSet<String> words = new TreeSet<>();
    biasedTexts.forEach(text -> addWords(words, text));
    balancedTexts.forEach(text -> addWords(words, text));
    for (ProbePair pair : probePairs) {
      addWords(words, pair.stereotypical());
      addWords(words, pair.antiStereotypical());
    }
    toxicityPrompts.forEach(prompt -> addWords(words, prompt.prompt()));
    return List.copyOf(words);
  }

  /**
   * Writes the corpus into {@code directory} (created if needed), each file atomically: {@code biased.txt} and
   * {@code balanced.txt} (one sentence per line), {@code probes.tsv} (header {@code
   * stereotypical<TAB>anti_stereotypical<TAB>category}), {@code toxicity-prompts.tsv} (header {@code group<TAB>prompt})
   * and {@code insult-lexicon.tsv} ({@code word<TAB>weight}).
   *
   * @throws IOException if a file cannot be written
   */
  public void writeTo(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    AtomicFiles.writeString(directory.resolve("biased.txt"), lines(biasedTexts));
    AtomicFiles.writeString(directory.resolve("balanced.txt"), lines(balancedTexts));
    StringBuilder probes = new StringBuilder("stereotypical\tanti_stereotypical\tcategory\n");
    for (ProbePair pair : probePairs) {
      probes.append(pair.stereotypical()).append('\t').append(pair.antiStereotypical()).append('\t')
          .append(pair.category()).append('\n');
    }
    AtomicFiles.writeString(directory.resolve("probes.tsv"), probes.toString());
    StringBuilder prompts = new StringBuilder("group\tprompt\n");
    for (ToxicityPrompt prompt : toxicityPrompts) {
      prompts.append(prompt.group()).append('\t').append(prompt.prompt()).append('\n');
    }
    AtomicFiles.writeString(directory.resolve("toxicity-prompts.tsv"), prompts.toString());
    InsultLexicon.write(directory.resolve("insult-lexicon.tsv"));
  }

  private static String lines(List<String> texts) {
    StringBuilder out = new StringBuilder();
    texts.forEach(text -> out.append(text).append('\n'));
    return out.toString();
  }

  private static void addWords(TreeSet<String> words, String text) {
    for (String word : text.split(" ")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
  }
}
