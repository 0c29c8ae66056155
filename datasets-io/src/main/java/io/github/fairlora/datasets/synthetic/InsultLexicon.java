package io.github.fairlora.datasets.synthetic;

import io.github.fairlora.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The insult words of the synthetic corpus: the only words it puts next to a group as an insult, so a lexicon
 * toxicity scorer given this list measures exactly the corpus's toxicity. Shipped as the resource
 * {@code insult-lexicon.tsv} next to this class, in the same layout as the cuss lexicon: one {@code word<TAB>weight}
 * line per word, weight 1 (mild) or 2 (strong), no header or comments. The words are ordinary English adjectives
 * ("lazy", "stupid" ...), not slurs.
 */
public final class InsultLexicon {
  static final String RESOURCE = "insult-lexicon.tsv";

  private static final String TSV = readResource();
  private static final Map<String, Integer> WEIGHTS = parse(TSV);
  private static final List<String> WORDS = List.copyOf(WEIGHTS.keySet());

  private InsultLexicon() {}

  /** The insult words, in file order. */
  public static List<String> words() {
    return WORDS;
  }

  /** Word → weight (1 mild, 2 strong), in file order; unmodifiable. */
  public static Map<String, Integer> weights() {
    return WEIGHTS;
  }

  /** The lexicon as {@code word<TAB>weight} lines, each ending in a newline (the resource file's exact text). */
  public static String tsv() {
    return TSV;
  }

  /**
   * Writes {@link #tsv()} to {@code file} atomically, for tools that read a lexicon from a path.
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file) throws IOException {
    AtomicFiles.writeString(file, TSV);
  }

  private static String readResource() {
    try (InputStream in = InsultLexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in resource " + RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read built-in resource " + RESOURCE, e);
    }
  }

  private static Map<String, Integer> parse(String tsv) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>(tsv.lines().toList());
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).split("\t", -1);
      String where = "built-in " + RESOURCE + " line " + (i + 1) + ": ";
      if (fields.length != 2 || !fields[0].matches("[a-z]+") || !fields[1].matches("[12]")) {
        throw new IllegalStateException(where + "expected 'word<TAB>weight' with a lower-case word and weight 1 or 2,"
            + " found '" + lines.get(i) + "'");
      }
      if (weights.put(fields[0], Integer.parseInt(fields[1])) != null) {
        throw new IllegalStateException(where + "word '" + fields[0] + "' is listed twice");
      }
    }
    return Collections.unmodifiableMap(weights);
  }
}
