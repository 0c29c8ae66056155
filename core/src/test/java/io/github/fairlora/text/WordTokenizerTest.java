package io.github.fairlora.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordTokenizerTest {
  // Split and lowercased: [the cat sat .] [the dog sat !] [a cat , a dog .]
  // Counts: . 2, a 2, cat 2, dog 2, sat 2, the 2, ! 1, "," 1. By count, then alphabetically ('!' 33 < ',' 44 <
  // '.' 46 < 'a'): ids 4 ".", 5 "a", 6 "cat", 7 "dog", 8 "sat", 9 "the", 10 "!", 11 ",".
  private static final List<String> CORPUS = List.of("The cat sat.", "The dog sat!", "A cat, a dog.");

  @TempDir Path temporary;

  @Test
  void buildsADeterministicVocabulary() {
    WordTokenizer tokenizer = WordTokenizer.build(CORPUS, 1);
    assertThat(tokenizer.tokens())
        .containsExactly("<pad>", "<unk>", "<bos>", "<eos>", ".", "a", "cat", "dog", "sat", "the", "!", ",");
    assertThat(tokenizer.vocabularySize()).isEqualTo(12);
    assertThat(WordTokenizer.build(List.of("A cat, a dog.", "The dog sat!", "The cat sat."), 1)).isEqualTo(tokenizer);
    // minimumCount 2 drops the two marks seen once.
    assertThat(WordTokenizer.build(CORPUS, 2).tokens())
        .containsExactly("<pad>", "<unk>", "<bos>", "<eos>", ".", "a", "cat", "dog", "sat", "the");
    assertThat(tokenizer.id("cat")).hasValue(6);
    assertThat(tokenizer.id("<unk>")).isEmpty();
  }

  @Test
  void encodesAndDecodes() {
    WordTokenizer tokenizer = WordTokenizer.build(CORPUS, 1);
    // the 9, cat 6, "," 11, the 9, bird (unknown) 1, "!" 10
    assertThat(tokenizer.encode("The cat, the bird!")).containsExactly(9, 6, 11, 9, 1, 10);
    assertThat(tokenizer.decode(new int[] {2, 9, 6, 11, 9, 1, 10, 3, 0, 0})).isEqualTo("the cat, the <unk>!");
    assertThat(tokenizer.encode("  The   cat\tsat.\n", true, true)).containsExactly(2, 9, 6, 8, 4, 3);
    assertThat(tokenizer.decode(tokenizer.encode("A dog sat. The cat sat!"))).isEqualTo("a dog sat. the cat sat!");
    assertThat(tokenizer.encode("")).isEmpty();
    assertThat(tokenizer.decode(new int[0])).isEmpty();
    assertThat(tokenizer.bos()).hasValue(2);
    assertThat(tokenizer.eos()).hasValue(3);
    assertThat(tokenizer.padId()).hasValue(0);
    assertThat(tokenizer.piece(1)).isEqualTo("<unk>");
    assertThatThrownBy(() -> tokenizer.decode(new int[] {12}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id 12 is outside [0, 12)");
  }

  @Test
  void splitsPunctuationAndKeepsContractionsTogetherWhenDecoding() {
    assertThat(WordTokenizer.split("Lily's ball isn't red; \"Well-known\": yes?"))
        .containsExactly("lily", "'", "s", "ball", "isn", "'", "t", "red", ";", "\"", "well-known", "\"", ":", "yes",
            "?");
    WordTokenizer tokenizer = WordTokenizer.build(List.of("Lily's ball isn't red; yes?"), 1);
    assertThat(tokenizer.decode(tokenizer.encode("Lily's ball isn't red; yes?")))
        .isEqualTo("lily's ball isn't red; yes?");
  }

  @Test
  void neverGivesSpecialIdsToWordsThatSpellThem() {
    WordTokenizer tokenizer = WordTokenizer.build(List.of("<pad> <eos> x"), 1);
    assertThat(tokenizer.tokens()).containsExactly("<pad>", "<unk>", "<bos>", "<eos>", "x");
    assertThat(tokenizer.encode("<pad> x <eos>")).containsExactly(1, 4, 1);
  }

  @Test
  void savesAndLoadsOneTokenPerLine() throws IOException {
    WordTokenizer tokenizer = WordTokenizer.build(CORPUS, 1);
    Path file = temporary.resolve("sub/vocab.txt");
    tokenizer.save(file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo("<pad>\n<unk>\n<bos>\n<eos>\n.\na\ncat\ndog\nsat\nthe\n!\n,\n");
    assertThat(WordTokenizer.load(file)).isEqualTo(tokenizer);
    WordTokenizer unicode = WordTokenizer.of(List.of("café", "日本"));
    unicode.save(file);
    assertThat(WordTokenizer.load(file).encode("Café 日本")).containsExactly(4, 5);
  }

  @Test
  void rejectsMalformedVocabularyFiles() throws IOException {
    Path file = temporary.resolve("bad.txt");
    Files.writeString(file, "<pad>\n<unk>\n<eos>\n<bos>\na\n");
    assertThatThrownBy(() -> WordTokenizer.load(file))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("bad.txt")
        .hasMessageContaining("line 3 is \"<eos>\", expected <bos>");
    Files.writeString(file, "<pad>\n<unk>\n<bos>\n<eos>\na\n\nb\n");
    assertThatThrownBy(() -> WordTokenizer.load(file)).hasMessageContaining("line 6 is empty");
    Files.writeString(file, "<pad>\n<unk>\n<bos>\n<eos>\na\nb\na\n");
    assertThatThrownBy(() -> WordTokenizer.load(file)).hasMessageContaining("line 7 repeats \"a\" of line 5");
    Files.writeString(file, "<pad>\n<unk>\n<bos>\n<eos>\na b\n");
    assertThatThrownBy(() -> WordTokenizer.load(file)).hasMessageContaining("line 5 is \"a b\"");
    Files.writeString(file, "<pad>\n<unk>\n");
    assertThatThrownBy(() -> WordTokenizer.load(file)).hasMessageContaining("line 3 is missing");
    Files.write(file, new byte[] {'<', 'p', (byte) 0xFF, '\n'});
    assertThatThrownBy(() -> WordTokenizer.load(file))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> WordTokenizer.build(CORPUS, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumCount (0)");
    assertThatThrownBy(() -> WordTokenizer.of(List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats \"a\"");
  }
}
