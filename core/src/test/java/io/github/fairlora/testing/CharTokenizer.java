package io.github.fairlora.testing;

import io.github.fairlora.text.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A character-level tokenizer over the characters of some texts, for tests: 0 = BOS, 1 = EOS, then characters. */
public final class CharTokenizer implements Tokenizer {
  private final Map<Character, Integer> ids = new LinkedHashMap<>();
  private final List<Character> characters = new ArrayList<>();

  public CharTokenizer(Iterable<String> texts) {
    for (String text : texts) {
      for (char c : text.toCharArray()) {
        if (!ids.containsKey(c)) {
          ids.put(c, characters.size() + 2);
          characters.add(c);
        }
      }
    }
  }

  @Override
  public int vocabularySize() {
    return characters.size() + 2;
  }

  @Override
  public int[] encode(String text) {
    int[] out = new int[text.length()];
    for (int i = 0; i < out.length; i++) {
      Integer id = ids.get(text.charAt(i));
      if (id == null) {
        throw new IllegalArgumentException("character '" + text.charAt(i) + "' is not in the vocabulary");
      }
      out[i] = id;
    }
    return out;
  }

  @Override
  public String decode(int[] tokens) {
    StringBuilder sb = new StringBuilder();
    for (int id : tokens) {
      if (id >= 2) {
        sb.append(characters.get(id - 2));
      }
    }
    return sb.toString();
  }

  @Override
  public String piece(int id) {
    return id == 0 ? "<s>" : id == 1 ? "</s>" : String.valueOf(characters.get(id - 2));
  }

  @Override
  public OptionalInt bos() {
    return OptionalInt.of(0);
  }

  @Override
  public OptionalInt eos() {
    return OptionalInt.of(1);
  }
}
