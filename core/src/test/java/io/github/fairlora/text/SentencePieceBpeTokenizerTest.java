package io.github.fairlora.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentencePieceBpeTokenizerTest {
  private static final String TOKENIZER = "models/stories260K/tok512.bin";
  private static final String REFERENCE = "models/stories260K/stories260K_reference.json";

  @TempDir Path temporary;

  private static SentencePieceBpeTokenizer stories() throws IOException {
    return SentencePieceBpeTokenizer.load(SharedFiles.require(TOKENIZER), 512);
  }

  private static JsonNode reference() throws IOException {
    return new ObjectMapper().readTree(SharedFiles.require(REFERENCE).toFile());
  }

  private static int[] generatedIds(JsonNode reference) {
    JsonNode ids = reference.get("generated_ids_after_bos");
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i).intValue();
    }
    return out;
  }

  @Test
  void decodingTheGoldenGenerationAfterBosGivesLlama2cText() throws IOException {
    SentencePieceBpeTokenizer tokenizer = stories();
    JsonNode reference = reference();
    int[] generated = generatedIds(reference);
    int[] withBos = new int[generated.length + 1];
    withBos[0] = SentencePieceBpeTokenizer.BOS_ID;
    System.arraycopy(generated, 0, withBos, 1, generated.length);

    assertThat(tokenizer.decode(withBos)).isEqualTo(reference.get("expected_text").textValue());
  }

  @Test
  void encodingTheGoldenTextGivesTheGeneratedIds() throws IOException {
    // llama2.c's own encode of expected_text (checked with a direct transcription of its merge loop) equals the ids
    // the model generated: greedy generation happened to produce the canonical tokenization.
    SentencePieceBpeTokenizer tokenizer = stories();
    JsonNode reference = reference();
    String text = reference.get("expected_text").textValue();

    assertThat(tokenizer.encode(text)).containsExactly(generatedIds(reference));
    assertThat(tokenizer.encode(text, true, true)[0]).isEqualTo(SentencePieceBpeTokenizer.BOS_ID);
  }

  @Test
  void encodesKnownPiecesAndFallsBackToBytes() throws IOException {
    SentencePieceBpeTokenizer tokenizer = stories();
    // " Once", " upon", " a", " time" are pieces 403, 407, 261, 378 (the first ids of the golden generation).
    assertThat(tokenizer.encode("Once upon a time")).containsExactly(403, 407, 261, 378);
    // The emoji U+1F642 is not a piece: its UTF-8 bytes F0 9F 99 82 become ids 0xF0+3 .. 0x82+3.
    int[] emoji = tokenizer.encode("🙂");
    assertThat(emoji).containsExactly(410, 0xF0 + 3, 0x9F + 3, 0x99 + 3, 0x82 + 3);
    assertThat(tokenizer.piece(410)).isEqualTo(" ");
    assertThat(tokenizer.piece(0xF0 + 3)).isEqualTo("<0xF0>");
    assertThat(tokenizer.piece(1)).isEqualTo("<s>");
    assertThat(tokenizer.piece(2)).isEqualTo("</s>");
    assertThat(tokenizer.piece(0)).isEqualTo("<unk>");
    assertThat(tokenizer.piece(403)).isEqualTo(" Once");
    assertThat(tokenizer.score(261)).isEqualTo(-2.0f);
    assertThat(tokenizer.pieceBytes(1)).isEqualTo("\n<s>\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(tokenizer.vocabularySize()).isEqualTo(512);
    assertThat(tokenizer.maxTokenLength()).isEqualTo(7);
    assertThat(tokenizer.bos()).hasValue(1);
    assertThat(tokenizer.eos()).hasValue(2);
  }

  @Test
  void roundTripsAssortedText() throws IOException {
    SentencePieceBpeTokenizer tokenizer = stories();
    List<String> texts = List.of(
        "",
        "a",
        " ",
        "  two leading spaces",
        "trailing space ",
        "Tom said: \"Let's go!\"\nThe end.",
        "tabs\tand\r\nwindows lines",
        "Naïve café façade — ångström, Ærø, Łódź",
        "日本語のテキスト and 中文",
        "emoji 🙂🎉👩‍👩‍👧 flags 🇫🇷",
        "math ∑ x² ≤ ∞",
        "<0x41> looks like a byte piece, \n<s>\n like BOS",
        "\u0000 control \u007f chars");
    for (String text : texts) {
      int[] ids = tokenizer.encode(text);
      for (int id : ids) {
        assertThat(id).isBetween(0, 511);
      }
      assertThat(tokenizer.decode(ids)).as("round trip of %s", text).isEqualTo(text);
      assertThat(tokenizer.decode(tokenizer.encode(text, true, true))).isEqualTo(text);
    }
  }

  @Test
  void decodeStripsTheDummySpaceOnlyAtTheStartAndAfterBos() throws IOException {
    SentencePieceBpeTokenizer tokenizer = stories();
    // " Once" " upon": the first loses its space, the second keeps it.
    assertThat(tokenizer.decode(new int[] {403, 407})).isEqualTo("Once upon");
    // BOS restarts the rule; EOS is dropped without restarting it.
    assertThat(tokenizer.decode(new int[] {1, 403, 2, 407, 1, 407})).isEqualTo("Once uponupon");
    // Byte pieces assemble into one UTF-8 character: C3 A9 is "é".
    assertThat(tokenizer.decode(new int[] {0xC3 + 3, 0xA9 + 3})).isEqualTo("é");
    // A cut-off multi-byte character becomes U+FFFD rather than failing.
    assertThat(tokenizer.decode(new int[] {0xC3 + 3})).isEqualTo("\uFFFD");
    assertThatThrownBy(() -> tokenizer.decode(new int[] {512}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id 512 is outside [0, 512)");
  }

  @Test
  void agreesWithLlama2csQuadraticMergeLoopOnRandomText() throws IOException {
    SentencePieceBpeTokenizer tokenizer = stories();
    NaiveLlama2c naive = new NaiveLlama2c(tokenizer);
    Random random = new Random(7);
    String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDELOST.,!?'\"\néü日🙂";
    for (int trial = 0; trial < 200; trial++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(60);
      for (int i = 0; i < length; i++) {
        text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
            random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
      }
      assertThat(tokenizer.encode(text.toString())).as("encode %s", text).containsExactly(naive.encode(text.toString()));
    }
  }

  @Test
  void encodesSeveralKilobytesLikeTheNaiveLoop() throws IOException {
    SentencePieceBpeTokenizer tokenizer = stories();
    String story = reference().get("expected_text").textValue();
    String text = story.repeat(20); // about 9 KB; the priority-queue merge takes milliseconds
    int[] ids = tokenizer.encode(text);
    assertThat(tokenizer.decode(ids)).isEqualTo(text);
    // The quadratic reference is slow, so it checks a shorter slice (which crosses a repeat boundary).
    String slice = story.repeat(2);
    assertThat(tokenizer.encode(slice)).containsExactly(new NaiveLlama2c(tokenizer).encode(slice));
  }

  @Test
  void rejectsUnpairedSurrogates() throws IOException {
    SentencePieceBpeTokenizer tokenizer = stories();
    assertThatThrownBy(() -> tokenizer.encode("ab\uD83D"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired").hasMessageContaining("index 2");
  }

  // ---- hand-made tokenizer files ----

  /** One piece of a hand-made file: its text and score. */
  private record Piece(String text, float score) {}

  /** Writes a llama2.c tokenizer: the 3 specials, the 256 byte pieces, then {@code pieces}; returns the file. */
  private Path writeTokenizer(String name, List<Piece> pieces) throws IOException {
    List<Piece> all = new ArrayList<>(List.of(new Piece("<unk>", 0), new Piece("\n<s>\n", 0),
        new Piece("\n</s>\n", 0)));
    for (int b = 0; b < 256; b++) {
      all.add(new Piece(String.format("<0x%02X>", b), 0));
    }
    all.addAll(pieces);
    int max = 0;
    for (Piece piece : all) {
      max = Math.max(max, piece.text().getBytes(StandardCharsets.UTF_8).length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(littleEndianInt(max));
    for (Piece piece : all) {
      byte[] bytes = piece.text().getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(piece.score())
          .putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    Path file = temporary.resolve(name);
    Files.write(file, out.toByteArray());
    return file;
  }

  private static byte[] littleEndianInt(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  private static List<String> pieces(SentencePieceBpeTokenizer tokenizer, int[] ids) {
    List<String> out = new ArrayList<>();
    for (int id : ids) {
      out.add(tokenizer.piece(id));
    }
    return out;
  }

  @Test
  void mergesTheHighestScoringPairFirst() throws IOException {
    // "abc" starts as [" ", "a", "b", "c"]. " a" is no piece. "ab" scores -1, "bc" -2: "ab" merges first, leaving
    // [" ", "ab", "c"]; "abc" is no piece, so it stops there.
    List<Piece> base = List.of(new Piece(" ", -10), new Piece("a", -10), new Piece("b", -10), new Piece("c", -10));
    List<Piece> abFirst = new ArrayList<>(base);
    abFirst.add(new Piece("ab", -1));
    abFirst.add(new Piece("bc", -2));
    SentencePieceBpeTokenizer first = SentencePieceBpeTokenizer.load(writeTokenizer("ab.bin", abFirst), 265);
    assertThat(pieces(first, first.encode("abc"))).containsExactly(" ", "ab", "c");

    // Swap the scores: "bc" (-1) now beats "ab" (-2), giving [" ", "a", "bc"].
    List<Piece> bcFirst = new ArrayList<>(base);
    bcFirst.add(new Piece("ab", -2));
    bcFirst.add(new Piece("bc", -1));
    SentencePieceBpeTokenizer second = SentencePieceBpeTokenizer.load(writeTokenizer("bc.bin", bcFirst), 265);
    assertThat(pieces(second, second.encode("abc"))).containsExactly(" ", "a", "bc");
    assertThat(second.decode(second.encode("abc"))).isEqualTo("abc");
  }

  @Test
  void mergesChainAndBreakTiesLeftmost() throws IOException {
    List<Piece> vocabulary = List.of(new Piece(" ", -10), new Piece("a", -10), new Piece("aa", -1),
        new Piece(" aa", -3), new Piece("x", -10), new Piece("y", -10), new Piece("xy", -1e11f));
    SentencePieceBpeTokenizer tokenizer = SentencePieceBpeTokenizer.load(writeTokenizer("tie.bin", vocabulary), 266);
    // "aaa" -> [" ", a, a, a]: pairs (a,a) at positions 1 and 2 tie at -1; the leftmost merges: [" ", aa, a].
    // Then " aa" (-3) merges: [" aa", a]. "aaa"/" aaa" are no pieces.
    assertThat(pieces(tokenizer, tokenizer.encode("aaa"))).containsExactly(" aa", "a");
    // "aaaa" -> [" ", a, a, a, a]: (1,2) merges first (leftmost of three ties at -1), giving [" ", aa, a, a]; "aaa"
    // is no piece, so (3,4) merges next at -1: [" ", aa, aa]; then " aa" (-3): [" aa", aa]; "aaaa" is no piece.
    assertThat(pieces(tokenizer, tokenizer.encode("aaaa"))).containsExactly(" aa", "aa");
    // "xy" scores -1e11, at or below llama2.c's floor of -1e10: it never merges.
    assertThat(pieces(tokenizer, tokenizer.encode("xy"))).containsExactly(" ", "x", "y");
    // 'é' is no piece: its bytes C3 A9 fall back to ids 0xC3+3 and 0xA9+3.
    assertThat(tokenizer.encode("é")).containsExactly(259, 0xC3 + 3, 0xA9 + 3);
    assertThat(tokenizer.decode(tokenizer.encode("aé a"))).isEqualTo("aé a");
  }

  @Test
  void withoutASpacePieceTheDummyPrefixIsTheSpaceByteAndStillRoundTrips() throws IOException {
    SentencePieceBpeTokenizer tokenizer =
        SentencePieceBpeTokenizer.load(writeTokenizer("nospace.bin", List.of(new Piece("a", -1))), 260);
    assertThat(tokenizer.encode("a a")).containsExactly(' ' + 3, 259, ' ' + 3, 259);
    assertThat(tokenizer.decode(tokenizer.encode("a a"))).isEqualTo("a a");
  }

  @Test
  void rejectsMalformedFilesNamingFileAndToken() throws IOException {
    Path good = writeTokenizer("good.bin", List.of(new Piece(" ", -1), new Piece("ab", -2)));
    byte[] bytes = Files.readAllBytes(good);

    Path truncated = temporary.resolve("truncated.bin");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 1));
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(truncated, 261))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("truncated.bin").hasMessageContaining("truncated at token 260");

    Path tiny = temporary.resolve("tiny.bin");
    Files.write(tiny, new byte[] {1, 0});
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(tiny, 261))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("tiny.bin").hasMessageContaining("too short");

    // Token 259 (" ") starts at offset 4 + sum over the 259 earlier pieces of (8 + length); its length field follows its score.
    int offset = 4;
    for (int id = 0; id < 259; id++) {
      offset += 8 + ByteBuffer.wrap(bytes, offset + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
    byte[] negative = bytes.clone();
    ByteBuffer.wrap(negative, offset + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-5);
    Path negativeFile = temporary.resolve("negative.bin");
    Files.write(negativeFile, negative);
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(negativeFile, 261))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("negative.bin").hasMessageContaining("token 259 has negative length -5");

    byte[] huge = bytes.clone();
    ByteBuffer.wrap(huge, offset + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE);
    Path hugeFile = temporary.resolve("huge.bin");
    Files.write(hugeFile, huge);
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(hugeFile, 261))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("huge.bin").hasMessageContaining("token 259 has length 2147483647");

    byte[] negativeMax = bytes.clone();
    ByteBuffer.wrap(negativeMax, 0, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
    Path negativeMaxFile = temporary.resolve("negativemax.bin");
    Files.write(negativeMaxFile, negativeMax);
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(negativeMaxFile, 261))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("max_token_length is -1");

    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(good, 260))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("good.bin").hasMessageContaining("after the last token (index 259)");

    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(good, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vocabularySize (100)");

    byte[] wrongByte = bytes.clone();
    // Token 3's text "<0x00>" starts after the 4-byte header, three (8-byte score and length + text) records of
    // "<unk>" (5 bytes), "\n<s>\n" (5) and "\n</s>\n" (6), and its own 8-byte score and length: 4+13+13+14+8 = 52.
    int byteZeroText = 4 + (8 + 5) + (8 + 5) + (8 + 6) + 8;
    wrongByte[byteZeroText + 4] = '9'; // "<0x00>" becomes "<0x09>"
    Path wrongByteFile = temporary.resolve("wrongbyte.bin");
    Files.write(wrongByteFile, wrongByte);
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(wrongByteFile, 261))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("wrongbyte.bin").hasMessageContaining("token 3 is \"<0x09>\"")
        .hasMessageContaining("<0x00>");
  }

  @Test
  void infersTheVocabularySizeFromTheFile() throws IOException {
    Path small = writeTokenizer("small.bin", List.of(new Piece(" ", -1), new Piece("ab", -2)));
    assertThat(SentencePieceBpeTokenizer.load(small).vocabularySize()).isEqualTo(261);
    byte[] bytes = Files.readAllBytes(small);
    Path cut = temporary.resolve("cut.bin");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1)); // the last piece loses a byte
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(cut))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("cut.bin").hasMessageContaining("truncated at token 260");
    Path onlySpecials = temporary.resolve("specials.bin");
    Files.write(onlySpecials, Arrays.copyOf(bytes, 4 + (8 + 5) + (8 + 5) + (8 + 6)));
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(onlySpecials))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("specials.bin").hasMessageContaining("holds 3 tokens").hasMessageContaining("259");
  }

  @Test
  void infersTheStoriesVocabularyOf512() throws IOException {
    SentencePieceBpeTokenizer inferred = SentencePieceBpeTokenizer.load(SharedFiles.require(TOKENIZER));
    SentencePieceBpeTokenizer explicit = stories();
    assertThat(inferred.vocabularySize()).isEqualTo(512);
    String text = "Once upon a time, there was a little girl named Lily.";
    assertThat(inferred.encode(text, true, false)).containsExactly(explicit.encode(text, true, false));
  }

  @Test
  void rejectsTheStoriesFileWithTheWrongVocabularySize() {
    Path file = SharedFiles.require(TOKENIZER);
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(file, 511))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("tok512.bin")
        .hasMessageContaining("vocabularySize 511");
    assertThatThrownBy(() -> SentencePieceBpeTokenizer.load(file, 513))
        .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("truncated at token 512");
  }

  /**
   * A direct transcription of llama2.c's encode(): scan every adjacent pair, merge the best (strictly greater score
   * wins, so the leftmost among ties), repeat. Quadratic, used only as a reference.
   */
  private static final class NaiveLlama2c {
    private final SentencePieceBpeTokenizer tokenizer;
    private final Map<String, Integer> lookup = new HashMap<>();

    NaiveLlama2c(SentencePieceBpeTokenizer tokenizer) {
      this.tokenizer = tokenizer;
      for (int id = tokenizer.vocabularySize() - 1; id >= 259; id--) {
        lookup.put(new String(tokenizer.pieceBytes(id), StandardCharsets.ISO_8859_1), id); // lowest id wins
      }
    }

    int[] encode(String text) {
      List<Integer> tokens = new ArrayList<>();
      if (text.isEmpty()) {
        return new int[0];
      }
      tokens.add(lookup.get(" "));
      text.codePoints().forEach(codePoint -> {
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        Integer id = lookup.get(new String(bytes, StandardCharsets.ISO_8859_1));
        if (id != null) {
          tokens.add(id);
        } else {
          for (byte b : bytes) {
            tokens.add((b & 0xFF) + 3);
          }
        }
      });
      while (true) {
        float bestScore = -1e10f;
        int bestId = -1;
        int bestIndex = -1;
        for (int i = 0; i < tokens.size() - 1; i++) {
          String merged = new String(tokenizer.pieceBytes(tokens.get(i)), StandardCharsets.ISO_8859_1)
              + new String(tokenizer.pieceBytes(tokens.get(i + 1)), StandardCharsets.ISO_8859_1);
          Integer id = lookup.get(merged);
          if (id != null && tokenizer.score(id) > bestScore) {
            bestScore = tokenizer.score(id);
            bestId = id;
            bestIndex = i;
          }
        }
        if (bestIndex == -1) {
          break;
        }
        tokens.set(bestIndex, bestId);
        tokens.remove(bestIndex + 1);
      }
      return tokens.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
