package io.github.fairlora.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.text.WordTokenizer;
import io.github.fairlora.train.TrainingData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table formatting and the preparation of fine-tuning texts, with values worked out by hand. */
class TextTableAndDataTest {

  @Test
  void numbersKeepFourSignificantDigits() {
    assertThat(TextTable.number(50)).isEqualTo("50.00");
    assertThat(TextTable.number(0.0012345)).isEqualTo("0.001235"); // 3 - floor(log10) = 6 decimals
    assertThat(TextTable.number(12345.6)).isEqualTo("12346");
    assertThat(TextTable.number(-0.5)).isEqualTo("-0.5000");
    assertThat(TextTable.number(4.79e-4)).isEqualTo("4.790e-04");
    assertThat(TextTable.number(0)).isEqualTo("0");
    assertThat(TextTable.number(Double.NaN)).isEqualTo("n/a");
    assertThat(TextTable.number(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(TextTable.interval(1, 2)).isEqualTo("[1.000, 2.000]");
    assertThat(TextTable.interval(Double.NaN, Double.NaN)).isEmpty();
    assertThat(TextTable.bytes(1023)).isEqualTo("1023 B");
    assertThat(TextTable.bytes(1536)).isEqualTo("1.5 KiB");
  }

  @Test
  void tablesAlignTheFirstColumnLeftAndTheOthersRight() {
    String table = new TextTable("variant", "value").row("base", "1.5").row("lora r=16", "10.25").render();
    assertThat(table).isEqualTo(""
        + "variant    value\n"
        + "---------  -----\n"
        + "base         1.5\n"
        + "lora r=16  10.25\n");
    assertThatThrownBy(() -> new TextTable("a", "b").row("only one")).hasMessageContaining("needs 2 cells");
  }

  @Test
  void textsLongerThanTheContextAreCutToContextPlusOneTokens() {
    WordTokenizer tokenizer = WordTokenizer.of(List.of("a", "b", "c", "d", "e"));
    // Context 4: "a b c d e" is BOS a b c d e EOS, 7 tokens, cut to 5 (BOS a b c d); "a b" is 4 tokens and fits.
    DataOptions.Prepared prepared = DataOptions.prepare(List.of("a b c d e", "a b"), tokenizer, 4);
    List<int[]> sequences = ((TrainingData.Tokens) prepared.data()).sequences();
    int bos = WordTokenizer.BOS_ID;
    int eos = WordTokenizer.EOS_ID;
    int a = tokenizer.id("a").getAsInt();
    int b = tokenizer.id("b").getAsInt();
    int c = tokenizer.id("c").getAsInt();
    int d = tokenizer.id("d").getAsInt();
    assertThat(sequences.get(0)).containsExactly(bos, a, b, c, d);
    assertThat(sequences.get(1)).containsExactly(bos, a, b, eos);
    assertThat(prepared.truncated()).isEqualTo(1);
    // The cut text, for the shift measures, is what fits the context with BOS: its first 3 words.
    assertThat(prepared.cutTexts()).containsExactly("a b c");
    assertThat(prepared.shiftTexts(10)).containsExactly("a b");
  }

  @Test
  void aHugeTextIsCutInCharactersBeforeItIsTokenised() {
    WordTokenizer tokenizer = WordTokenizer.of(List.of("a", "b", "c", "d", "e"));
    String huge = "a b c d e ".repeat(1_000_000); // 10 MB; the character cut keeps (4 + 1) x 64 of it
    DataOptions.Prepared prepared = DataOptions.prepare(List.of(huge), tokenizer, 4);
    int[] expected = Arrays.copyOf(tokenizer.encode("a b c d e a b", true, true), 5);
    assertThat(((TrainingData.Tokens) prepared.data()).sequences().get(0)).containsExactly(expected);
    assertThat(prepared.truncated()).isEqualTo(1);
    assertThat(prepared.cutTexts()).containsExactly("a b c");

    // A text just over the character limit whose tokens still fit is kept, marked as cut.
    String spaced = "a" + " ".repeat(5 * DataOptions.MAXIMUM_CHARACTERS_PER_TOKEN) + "b";
    DataOptions.Prepared few = DataOptions.prepare(List.of(spaced), tokenizer, 4);
    assertThat(((TrainingData.Tokens) few.data()).sequences().get(0)).hasSizeLessThanOrEqualTo(5);
    assertThat(few.truncated()).isEqualTo(1);
  }
}
