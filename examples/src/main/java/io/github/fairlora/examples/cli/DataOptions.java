package io.github.fairlora.examples.cli;

import io.github.fairlora.datasets.corpus.CsvCorpusLoader;
import io.github.fairlora.datasets.corpus.JsonlCorpusLoader;
import io.github.fairlora.datasets.corpus.TextCorpusLoader;
import io.github.fairlora.text.Tokenizer;
import io.github.fairlora.text.WordTokenizer;
import io.github.fairlora.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The fine-tuning texts: a text file (one text a line), a directory of such files, a JSON Lines file or a CSV file
 * (the text in {@code --text-field}).
 *
 * <p>Texts longer than the model's context are cut, not refused: a corpus of stories has a few long ones, and
 * dropping a whole run for them would help no one. Each text is tokenised with BOS and EOS and kept to its first
 * context + 1 tokens (the +1 is the shifted target of the last position); how many were cut is printed.
 */
final class DataOptions {
  @Option(names = "--data", paramLabel = "FILE", description = {
      "Fine-tuning texts: a text file (one text a line; a directory of .txt files also works), a .jsonl file "
          + "or a .csv file with the text in --text-field."})
  Path data;

  @Option(names = "--text-field", paramLabel = "NAME", defaultValue = "text",
      description = "The field (.jsonl) or column (.csv) holding the text (default: ${DEFAULT-VALUE}).")
  String textField;

  /**
   * Language-modeling data ready for training.
   *
   * @param data the token sequences (BOS + text + EOS, cut to context + 1)
   * @param fittingTexts the texts that were not cut, in order
   * @param cutTexts the texts that were cut, as the decoded text of their first context tokens
   * @param dropped how many texts were too short to train on (fewer than 2 tokens)
   */
  record Prepared(TrainingData data, List<String> fittingTexts, List<String> cutTexts, int dropped) {
    /** How many texts were cut. */
    int truncated() {
      return cutTexts.size();
    }

    /**
     * At most {@code limit} texts for the shift measures (KL, logit lens): whole texts where there are any, since
     * the lens reads every position of every text.
     */
    List<String> shiftTexts(int limit) {
      List<String> from = fittingTexts.isEmpty() ? cutTexts : fittingTexts;
      return List.copyOf(from.subList(0, Math.min(limit, from.size())));
    }
  }

  /** Reads the texts of --data. */
  List<String> loadTexts() throws IOException {
    InputFiles.requireExisting("--data", data);
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    List<String> texts;
    if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) {
      texts = JsonlCorpusLoader.texts(textField).loadAll(data);
    } else if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
      texts = CsvCorpusLoader.texts(textField).loadAll(data);
    } else {
      texts = TextCorpusLoader.lines().loadAll(data);
    }
    if (texts.isEmpty()) {
      throw new InputException("--data " + data + " holds no texts");
    }
    return texts;
  }

  /**
   * Characters kept per token of context before tokenising (a longer text is cut to (context + 1) × this first).
   * Far above the few characters a token covers in real text, so for real text the cut does not change which tokens
   * are kept (a text of tokens longer than this on average would keep fewer than the context).
   */
  static final int MAXIMUM_CHARACTERS_PER_TOKEN = 64;

  /** Tokenises {@code texts} for language modeling with a context of {@code contextLength} tokens. */
  static Prepared prepare(List<String> texts, Tokenizer tokenizer, int contextLength) {
    List<int[]> sequences = new ArrayList<>(texts.size());
    List<String> fitting = new ArrayList<>();
    List<String> cut = new ArrayList<>();
    int dropped = 0;
    int characterLimit = (int) Math.min(Integer.MAX_VALUE, (contextLength + 1L) * MAXIMUM_CHARACTERS_PER_TOKEN);
    for (String text : texts) {
      boolean cutInCharacters = text.length() > characterLimit;
      if (cutInCharacters) {
        // Cut before tokenising: a 50 MB line took a minute and gigabytes to tokenise, only to be cut afterwards.
        int end = Character.isHighSurrogate(text.charAt(characterLimit - 1)) ? characterLimit - 1 : characterLimit;
        text = text.substring(0, end);
      }
      int[] ids = tokenizer.encode(text, true, true);
      if (ids.length < 2) {
        dropped++;
        continue;
      }
      if (ids.length > contextLength + 1 || cutInCharacters) {
        ids = Arrays.copyOf(ids, Math.min(ids.length, contextLength + 1));
        // The shift measures score BOS + text within the context: keep the text of the first tokens.
        cut.add(tokenizer.decode(Arrays.copyOf(ids, Math.min(ids.length, contextLength))));
      } else {
        fitting.add(text);
      }
      sequences.add(ids);
    }
    if (sequences.isEmpty()) {
      throw new InputException("no text of the data is long enough to train on (each needs at least 2 tokens)");
    }
    return new Prepared(TrainingData.tokens(sequences), fitting, cut, dropped);
  }

  /** Prints what preparing the data did, and how much of it the tokenizer did not know. */
  static void describe(Prepared prepared, Tokenizer tokenizer, int contextLength, PrintStream err) {
    int total = prepared.data().size();
    err.printf(Locale.ROOT, "data: %,d texts", total);
    if (prepared.truncated() > 0) {
      err.printf(Locale.ROOT, "; %,d longer than the model's context of %d tokens were cut to their first %d tokens",
          prepared.truncated(), contextLength, contextLength + 1);
    }
    if (prepared.dropped() > 0) {
      err.printf(Locale.ROOT, "; %,d too short to train on were left out", prepared.dropped());
    }
    err.println();
    if (tokenizer instanceof WordTokenizer) {
      long tokens = 0;
      long unknown = 0;
      for (int[] ids : ((TrainingData.Tokens) prepared.data()).sequences()) {
        tokens += ids.length;
        unknown += Arrays.stream(ids).filter(id -> id == WordTokenizer.UNKNOWN_ID).count();
      }
      if (unknown > 0) {
        err.printf(Locale.ROOT, "note: %.1f%% of the data's tokens are words the model's vocabulary does not know "
            + "(they train as <unk>)%n", 100.0 * unknown / tokens);
      }
    }
  }
}
