package io.github.fairlora.metrics.bias;

import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A test tokenizer: one token per whitespace-separated word of a fixed vocabulary; an unknown word is an error. */
public final class WordTokenizer implements Tokenizer {
  private final List<String> words;
  private final Map<String, Integer> ids = new HashMap<>();
  private final OptionalInt bos;
  private final OptionalInt eos;

  /** Vocabulary {@code words} (id = position); BOS and EOS ids, or -1 for none. */
  public WordTokenizer(List<String> words, int bos, int eos) {
    this.words = List.copyOf(words);
    for (int i = 0; i < words.size(); i++) {
      ids.put(words.get(i), i);
    }
    this.bos = bos < 0 ? OptionalInt.empty() : OptionalInt.of(bos);
    this.eos = eos < 0 ? OptionalInt.empty() : OptionalInt.of(eos);
  }

  /** Vocabulary {@code <s>} (0, BOS), {@code </s>} (1, EOS), then {@code words} from id 2. */
  public static WordTokenizer withSpecials(String... words) {
    List<String> all = new ArrayList<>(List.of("<s>", "</s>"));
    all.addAll(List.of(words));
    return new WordTokenizer(all, 0, 1);
  }

  /** Id of {@code word}. */
  public int id(String word) {
    Integer id = ids.get(word);
    if (id == null) {
      throw new IllegalArgumentException("word \"" + word + "\" is not in the test vocabulary");
    }
    return id;
  }

  @Override
  public int vocabularySize() {
    return words.size();
  }

  @Override
  public int[] encode(String text) {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      return new int[0];
    }
    String[] parts = stripped.split("\\s+");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = id(parts[i]);
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder text = new StringBuilder();
    for (int id : ids) {
      if ((bos.isPresent() && id == bos.getAsInt()) || (eos.isPresent() && id == eos.getAsInt())) {
        continue;
      }
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(words.get(id));
    }
    return text.toString();
  }

  @Override
  public String piece(int id) {
    return words.get(id);
  }

  @Override
  public OptionalInt bos() {
    return bos;
  }

  @Override
  public OptionalInt eos() {
    return eos;
  }
}
