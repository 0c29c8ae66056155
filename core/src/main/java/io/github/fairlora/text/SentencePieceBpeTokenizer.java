package io.github.fairlora.text;

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
import java.util.OptionalInt;
import java.util.PriorityQueue;

/**
 * The SentencePiece-style BPE tokenizer of llama2.c, read from its binary tokenizer file ({@code tokenizer.bin},
 * {@code tok512.bin}).
 *
 * <p>File layout (little-endian): int32 {@code max_token_length}, then for each of the model's {@code vocab_size}
 * tokens a float32 merge score, an int32 byte length and that many bytes of the piece (no terminator). Ids 0, 1, 2 are
 * {@code <unk>}, BOS and EOS; ids 3..258 are the byte-fallback pieces {@code <0x00>}..{@code <0xFF>}.
 *
 * <p>Encoding follows llama2.c: a non-empty text gets a leading single-space piece (SentencePiece's "dummy prefix");
 * each Unicode code point becomes the piece spelling its UTF-8 bytes, or, when no piece does, one byte-fallback id per
 * byte (byte value + 3); then, repeatedly, the adjacent pair whose concatenation is a piece with the highest score is
 * merged (ties: the leftmost pair), until no adjacent pair concatenates to a piece. A pair merges only when its score
 * is above -1e10, as in llama2.c. The special pieces (ids 0..2) and the byte-fallback pieces (ids 3..258) are never
 * the result of a lookup or merge: text that happens to spell {@code <0x41>} stays ordinary text. Where a piece string
 * occurs twice in a file, the lower id is used.
 *
 * <p>Decoding concatenates the pieces' bytes, maps {@code <0xNN>} pieces to the raw byte NN, then decodes the bytes as
 * UTF-8 (malformed sequences, e.g. from a cut-off multi-byte character, become U+FFFD). BOS and EOS are dropped; {@code
 * <unk>} is written as {@code <unk>}. <b>Dummy-prefix rule:</b> the first token of the sequence and the first token after
 * every BOS lose one leading space (whether that space starts a piece or is a byte-fallback {@code <0x20>}). llama2.c
 * strips it after BOS; stripping it at the very start too makes {@code decode(encode(text)).equals(text)} for every
 * well-formed text. The price: decoding a fragment taken from the middle of a sequence loses a genuine leading space.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SentencePieceBpeTokenizer implements Tokenizer {
  /** Id of the unknown-token piece {@code <unk>}. */
  public static final int UNKNOWN_ID = 0;
  /** Id of the beginning-of-sequence piece. */
  public static final int BOS_ID = 1;
  /** Id of the end-of-sequence piece. */
  public static final int EOS_ID = 2;
  /** Id of the byte-fallback piece {@code <0x00>}; byte b has id {@code FIRST_BYTE_ID + b}. */
  public static final int FIRST_BYTE_ID = 3;

  /** Pairs scoring at or below this never merge (llama2.c starts its best-score search here). */
  private static final float MERGE_SCORE_FLOOR = -1e10f;
  private static final int FIRST_ORDINARY_ID = FIRST_BYTE_ID + 256;

  private final byte[][] pieces; // [vocabularySize] raw bytes of each piece
  private final float[] scores; // [vocabularySize] merge score of each piece
  private final int maxTokenLength;
  // Ordinary pieces (id >= 259) keyed by their bytes as a Latin-1 string: one char per byte, so string
  // concatenation is byte concatenation and the keys hash like strings.
  private final Map<String, Integer> idsByPiece;
  private final int spaceId; // the dummy-prefix piece " ", or the byte fallback for 0x20 when the vocabulary lacks it

  private SentencePieceBpeTokenizer(byte[][] pieces, float[] scores, int maxTokenLength) {
    this.pieces = pieces;
    this.scores = scores;
    this.maxTokenLength = maxTokenLength;
    Map<String, Integer> lookup = new HashMap<>(pieces.length * 2);
    for (int id = FIRST_ORDINARY_ID; id < pieces.length; id++) {
      lookup.putIfAbsent(latin1(pieces[id]), id);
    }
    this.idsByPiece = lookup;
    this.spaceId = lookup.getOrDefault(" ", FIRST_BYTE_ID + ' ');
  }

  /**
   * Reads a llama2.c tokenizer file, taking the vocabulary size from the file itself: it holds tokens up to its last
   * byte, so their count is the vocabulary size (check it against the model with {@link io.github.fairlora.model.Decoder#setTokenizer}, or use
   * {@link #load(Path, int)} to have the loader check it).
   *
   * @throws TokenizerFormatException when the file is truncated inside a token, has a negative or oversized piece
   *     length, fewer than 259 tokens, or byte-fallback pieces that are not {@code <0x00>}..{@code <0xFF>} at ids
   *     3..258; the message names the file and the token index
   * @throws IOException when the file cannot be read
   */
  public static SentencePieceBpeTokenizer load(Path file) throws IOException {
    return read(file, -1);
  }

  /**
   * Reads a llama2.c tokenizer file that must hold exactly {@code vocabularySize} tokens (the model header's
   * vocab_size, as an absolute value); a file with more or fewer is refused.
   *
   * @throws TokenizerFormatException when the file is truncated, has trailing bytes, a negative or oversized piece
   *     length, or byte-fallback pieces that are not {@code <0x00>}..{@code <0xFF>} at ids 3..258; the message names
   *     the file and the token index
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when {@code vocabularySize} is below 259 (the special and byte pieces alone)
   */
  public static SentencePieceBpeTokenizer load(Path file, int vocabularySize) throws IOException {
    if (vocabularySize < FIRST_ORDINARY_ID) {
      throw new IllegalArgumentException("vocabularySize (" + vocabularySize + ") must be at least "
          + FIRST_ORDINARY_ID + ": 3 special pieces and 256 byte-fallback pieces");
    }
    return read(file, vocabularySize);
  }

  /** Reads {@code expected} tokens, or with {@code expected < 0} every token up to the end of the file. */
  private static SentencePieceBpeTokenizer read(Path file, int expected) throws IOException {
    byte[] content = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() < 4) {
      throw new TokenizerFormatException(file + ": file is " + content.length
          + " bytes, too short for the int32 max_token_length header");
    }
    int maxTokenLength = in.getInt();
    if (maxTokenLength < 0) {
      throw new TokenizerFormatException(file + ": max_token_length is " + maxTokenLength + ", expected >= 0");
    }
    String of = expected < 0 ? "" : " of " + expected;
    List<byte[]> pieceList = new ArrayList<>();
    List<Float> scoreList = new ArrayList<>();
    for (int id = 0; expected < 0 ? in.hasRemaining() : id < expected; id++) {
      if (in.remaining() < 8) {
        throw new TokenizerFormatException(file + ": truncated at token " + id + of
            + ": needs 8 bytes (float32 score, int32 length) at offset " + in.position() + " but the file has "
            + in.remaining() + " left");
      }
      scoreList.add(in.getFloat());
      int length = in.getInt();
      if (length < 0) {
        throw new TokenizerFormatException(file + ": token " + id + " has negative length " + length);
      }
      if (length > maxTokenLength) {
        throw new TokenizerFormatException(file + ": token " + id + " has length " + length
            + ", more than the header's max_token_length " + maxTokenLength);
      }
      if (in.remaining() < length) {
        throw new TokenizerFormatException(file + ": truncated at token " + id + of
            + ": its " + length + " bytes start at offset " + in.position() + " but the file has " + in.remaining()
            + " left");
      }
      byte[] piece = new byte[length];
      in.get(piece);
      pieceList.add(piece);
    }
    if (in.hasRemaining()) {
      throw new TokenizerFormatException(file + ": " + in.remaining() + " bytes left after the last token (index "
          + (expected - 1) + "); the file holds more tokens than vocabularySize " + expected
          + " (check the model header's vocab_size)");
    }
    if (pieceList.size() < FIRST_ORDINARY_ID) {
      throw new TokenizerFormatException(file + ": holds " + pieceList.size() + " tokens; a llama2.c tokenizer has at "
          + "least " + FIRST_ORDINARY_ID + " (3 special pieces and 256 byte-fallback pieces)");
    }
    byte[][] pieces = pieceList.toArray(new byte[0][]);
    float[] scores = new float[scoreList.size()];
    for (int id = 0; id < scores.length; id++) {
      scores[id] = scoreList.get(id);
    }
    for (int b = 0; b < 256; b++) {
      String bytePiece = String.format("<0x%02X>", b);
      if (!Arrays.equals(pieces[FIRST_BYTE_ID + b], bytePiece.getBytes(StandardCharsets.US_ASCII))) {
        throw new TokenizerFormatException(file + ": token " + (FIRST_BYTE_ID + b) + " is \""
            + new String(pieces[FIRST_BYTE_ID + b], StandardCharsets.UTF_8) + "\", expected the byte-fallback piece "
            + bytePiece);
      }
    }
    return new SentencePieceBpeTokenizer(pieces, scores, maxTokenLength);
  }

  @Override
  public int vocabularySize() {
    return pieces.length;
  }

  /** The header's max_token_length: the longest piece in bytes. */
  public int maxTokenLength() {
    return maxTokenLength;
  }

  /** The merge score of {@code id}'s piece (higher merges first). */
  public float score(int id) {
    checkId(id);
    return scores[id];
  }

  /** A copy of the raw bytes of {@code id}'s piece as stored in the file (e.g. {@code "\n<s>\n"} for BOS). */
  public byte[] pieceBytes(int id) {
    checkId(id);
    return pieces[id].clone();
  }

  @Override
  public int[] encode(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    Utf8.requireWellFormed(text);
    int[] ids = new int[1 + 4 * text.codePointCount(0, text.length())];
    int count = 0;
    ids[count++] = spaceId;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      byte[] bytes = text.substring(i, next).getBytes(StandardCharsets.UTF_8);
      Integer id = idsByPiece.get(latin1(bytes));
      if (id != null) {
        ids[count++] = id;
      } else {
        for (byte b : bytes) {
          ids[count++] = FIRST_BYTE_ID + (b & 0xFF);
        }
      }
      i = next;
    }
    return merge(ids, count);
  }

  /** A possible merge of the live tokens at positions {@code left} and {@code right}, valid while both are unchanged. */
  private record Candidate(float score, int left, int right, int leftId, int rightId, int mergedId) {}

  /**
   * llama2.c's merge loop (scan all pairs, merge the best, repeat) is quadratic in the text length. The same result
   * comes from a priority queue over adjacent pairs, best score first and leftmost first among equal scores, with a
   * linked list of live tokens: each merge only creates candidates with its two new neighbours, and candidates whose
   * tokens have since changed are skipped when they surface. Positions keep their original order, so the original
   * index of a pair's left token orders pairs left to right.
   */
  private int[] merge(int[] ids, int count) {
    int[] next = new int[count];
    int[] previous = new int[count];
    for (int i = 0; i < count; i++) {
      next[i] = i + 1 < count ? i + 1 : -1;
      previous[i] = i - 1;
    }
    // Primitive comparisons on purpose: llama2.c's '>' treats -0.0 and 0.0 as equal, Float.compare would not.
    PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> {
      if (a.score() > b.score()) {
        return -1;
      }
      if (a.score() < b.score()) {
        return 1;
      }
      return Integer.compare(a.left(), b.left());
    });
    for (int i = 0; i + 1 < count; i++) {
      offer(queue, ids, i, i + 1);
    }
    int live = count;
    while (!queue.isEmpty()) {
      Candidate best = queue.poll();
      int left = best.left();
      int right = best.right();
      if (ids[left] != best.leftId() || ids[right] != best.rightId() || next[left] != right) {
        continue; // stale: one of its tokens was merged away or changed since it was queued
      }
      ids[left] = best.mergedId();
      ids[right] = -1;
      next[left] = next[right];
      if (next[right] >= 0) {
        previous[next[right]] = left;
      }
      live--;
      if (previous[left] >= 0) {
        offer(queue, ids, previous[left], left);
      }
      if (next[left] >= 0) {
        offer(queue, ids, left, next[left]);
      }
    }
    int[] out = new int[live];
    int at = 0;
    for (int i = 0; i >= 0 && at < live; i = next[i]) {
      out[at++] = ids[i];
    }
    return out;
  }

  private void offer(PriorityQueue<Candidate> queue, int[] ids, int left, int right) {
    Integer merged = idsByPiece.get(latin1(pieces[ids[left]]) + latin1(pieces[ids[right]]));
    if (merged != null && scores[merged] > MERGE_SCORE_FLOOR) {
      queue.add(new Candidate(scores[merged], left, right, ids[left], ids[right], merged));
    }
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
    boolean segmentStart = true; // at the start of the sequence or right after BOS: strip the dummy-prefix space
    for (int id : ids) {
      checkId(id);
      if (id == BOS_ID) {
        segmentStart = true;
        continue;
      }
      if (id == EOS_ID) {
        continue;
      }
      if (id == UNKNOWN_ID) {
        bytes.writeBytes(pieces[UNKNOWN_ID]);
      } else if (id < FIRST_ORDINARY_ID) {
        int value = id - FIRST_BYTE_ID;
        if (!(segmentStart && value == ' ')) {
          bytes.write(value);
        }
      } else {
        byte[] piece = pieces[id];
        int skip = segmentStart && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
        bytes.write(piece, skip, piece.length - skip);
      }
      segmentStart = false;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * The piece of {@code id} for display: {@code <unk>}, {@code <s>}, {@code </s>} for the special ids,
   * {@code <0xNN>} for byte-fallback ids, otherwise the piece's text (with its leading space, if any).
   */
  @Override
  public String piece(int id) {
    checkId(id);
    if (id == BOS_ID) {
      return "<s>";
    }
    if (id == EOS_ID) {
      return "</s>";
    }
    if (id == UNKNOWN_ID || id < FIRST_ORDINARY_ID) {
      return new String(pieces[id], StandardCharsets.UTF_8);
    }
    return Utf8.isValid(pieces[id]) ? new String(pieces[id], StandardCharsets.UTF_8) : Utf8.hexPieces(pieces[id]);
  }

  /** BOS, id 1. */
  @Override
  public OptionalInt bos() {
    return OptionalInt.of(BOS_ID);
  }

  /** EOS, id 2. */
  @Override
  public OptionalInt eos() {
    return OptionalInt.of(EOS_ID);
  }

  private void checkId(int id) {
    if (id < 0 || id >= pieces.length) {
      throw new IllegalArgumentException("token id " + id + " is outside [0, " + pieces.length + ")");
    }
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
