package io.github.fairlora.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
  private final ByteTokenizer tokenizer = new ByteTokenizer();

  @Test
  void encodesUtf8BytesAsIds() {
    // 'A' = 0x41 = 65; 'é' = U+00E9 = C3 A9 in UTF-8 = 195, 169; '🙂' = U+1F642 = F0 9F 99 82.
    assertThat(tokenizer.encode("Aé🙂")).containsExactly(65, 195, 169, 0xF0, 0x9F, 0x99, 0x82);
    assertThat(tokenizer.encode("")).isEmpty();
    assertThat(tokenizer.encode("hi", true, true)).containsExactly(256, 'h', 'i', 257);
  }

  @Test
  void decodesBytesAndDropsSpecialIds() {
    assertThat(tokenizer.decode(new int[] {256, 65, 258, 195, 169, 257, 258})).isEqualTo("Aé");
    // A lone continuation byte is malformed UTF-8: it becomes U+FFFD.
    assertThat(tokenizer.decode(new int[] {0xA9})).isEqualTo("\uFFFD");
    String text = "Mixed: ☃ 日本 \n\t ∑ 🙂";
    assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
  }

  @Test
  void describesItsVocabulary() {
    assertThat(tokenizer.vocabularySize()).isEqualTo(259);
    assertThat(tokenizer.bos()).hasValue(256);
    assertThat(tokenizer.eos()).hasValue(257);
    assertThat(tokenizer.padId()).hasValue(258);
    assertThat(tokenizer.piece(65)).isEqualTo("A");
    assertThat(tokenizer.piece(10)).isEqualTo("<0x0A>");
    assertThat(tokenizer.piece(0xC3)).isEqualTo("<0xC3>");
    assertThat(tokenizer.piece(256)).isEqualTo("<bos>");
    assertThat(tokenizer.piece(257)).isEqualTo("<eos>");
    assertThat(tokenizer.piece(258)).isEqualTo("<pad>");
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> tokenizer.decode(new int[] {259}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id 259 is outside [0, 259)");
    assertThatThrownBy(() -> tokenizer.piece(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokenizer.encode("a\uD800b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+D800").hasMessageContaining("index 1");
  }
}
