package io.github.fairlora.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level BPE tokenizer (also r50k_base), read from {@code encoder.json} + {@code vocab.bpe} (OpenAI's
 * release) or {@code vocab.json} + {@code merges.txt} (Hugging Face's).
 *
 * <p>Encoding: the text is split by GPT-2's pre-tokenisation expression (the contractions {@code 's 't 're 've 'm 'll
 * 'd}, then {@code " ?\p{L}+"}, {@code " ?\p{N}+"}, {@code " ?[^\s\p{L}\p{N}]+"}, {@code "\s+(?!\S)"}, {@code "\s+"},
 * with Unicode whitespace); each piece's UTF-8 bytes are mapped to printable characters by GPT-2's byte-to-unicode
 * table, then merged as in GPT-2's reference code: find the adjacent pair with the lowest merge rank, merge every
 * occurrence of it left to right, repeat until no adjacent pair has a rank. Results per piece are cached. The text
 * {@code <|endoftext|>} is encoded as ordinary text, never as the special id (like tiktoken's encode_ordinary).
 *
 * <p>Decoding maps each id's vocabulary entry back to bytes and decodes them as UTF-8 (malformed sequences, e.g. a
 * cut-off multi-byte character, become U+FFFD); {@code <|endoftext|>} is dropped. {@code <|endoftext|>} (id 50256 in
 * GPT-2) is both {@link #bos()} and {@link #eos()}.
 *
 * <p>Instances are immutable and thread-safe (the cache is a concurrent map).
 */
public final class GptBpeTokenizer implements Tokenizer {
  /** GPT-2's only special token, used as both BOS and EOS. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  /** GPT-2's pre-tokenisation expression; Java needs UNICODE_CHARACTER_CLASS for Unicode {@code \s}. */
  private static final Pattern PRE_TOKENIZER = Pattern.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final int CACHE_LIMIT = 100_000;
  private static final char[] BYTE_TO_CHAR = byteToUnicode();
  private static final int[] CHAR_TO_BYTE = unicodeToByte(BYTE_TO_CHAR);
  private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final String[] tokens; // [vocabularySize] vocabulary entries in byte-to-unicode form
  private final Map<String, Integer> ids; // inverse of tokens
  private final byte[][] tokenBytes; // [vocabularySize] the raw bytes each id stands for (empty for the special token)
  private final int[] byteIds; // [256] id of the single-byte token of each byte value
  // (left id, right id) -> (rank << 32 | merged id), for every merge.
  private final PairTable merges;
  private final int endOfTextId; // -1 when the vocabulary has no <|endoftext|>
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  private GptBpeTokenizer(
      String[] tokens, Map<String, Integer> ids, int[] byteIds, PairTable merges, int endOfTextId) {
    this.tokens = tokens;
    this.ids = ids;
    this.byteIds = byteIds;
    this.merges = merges;
    this.endOfTextId = endOfTextId;
    this.tokenBytes = new byte[tokens.length][];
    for (int id = 0; id < tokens.length; id++) {
      tokenBytes[id] = id == endOfTextId ? new byte[0] : toBytes(tokens[id]);
    }
  }

  /**
   * Reads the tokenizer in {@code directory}: {@code encoder.json} + {@code vocab.bpe} when both exist, otherwise
   * {@code vocab.json} + {@code merges.txt}.
   *
   * @throws TokenizerFormatException when neither pair exists or the files are malformed (see {@link #fromFiles})
   * @throws IOException when a file cannot be read
   */
  public static GptBpeTokenizer load(Path directory) throws IOException {
    Path encoder = directory.resolve("encoder.json");
    Path bpe = directory.resolve("vocab.bpe");
    if (Files.isRegularFile(encoder) && Files.isRegularFile(bpe)) {
      GptBpeTokenizer tokenizer = fromFiles(encoder, bpe);
      // OpenAI's release format always holds the end-of-text token: without it documents cannot be separated and
      // generation cannot stop, so a vocabulary lacking it is a damaged or wrong file.
      if (tokenizer.endOfTextId < 0) {
        throw new TokenizerFormatException(encoder + ": has no " + END_OF_TEXT + " token, which GPT-2's encoder.json"
            + " always holds (id 50256 in the original); is the file complete?");
      }
      return tokenizer;
    }
    Path vocabulary = directory.resolve("vocab.json");
    Path merges = directory.resolve("merges.txt");
    if (Files.isRegularFile(vocabulary) && Files.isRegularFile(merges)) {
      return fromFiles(vocabulary, merges);
    }
    throw new TokenizerFormatException(directory + ": expected encoder.json + vocab.bpe or vocab.json + merges.txt"
        + " in this directory, found neither pair");
  }

  /**
   * Reads a vocabulary (a JSON object mapping each token, in byte-to-unicode form, to its id; ids must be exactly
   * 0..n-1) and a merges file (an optional {@code #version} first line, then one merge "left right" per line in
   * priority order).
   *
   * @throws TokenizerFormatException when the JSON is not such an object, ids repeat or leave gaps, a token has a
   *     character outside the byte-to-unicode alphabet, a single-byte token is missing, or a merge line is malformed,
   *     repeated, or names a token (or a merged result) that is not in the vocabulary; the message names the file and
   *     the token or line
   * @throws IOException when a file cannot be read
   */
  public static GptBpeTokenizer fromFiles(Path vocabularyJson, Path mergesFile) throws IOException {
    Map<String, Integer> ids = readVocabulary(vocabularyJson);
    String[] tokens = new String[ids.size()];
    for (Map.Entry<String, Integer> entry : ids.entrySet()) {
      tokens[entry.getValue()] = entry.getKey();
    }
    int endOfText = ids.getOrDefault(END_OF_TEXT, -1);
    for (int id = 0; id < tokens.length; id++) {
      if (id == endOfText) {
        continue;
      }
      String token = tokens[id];
      if (token.isEmpty()) {
        throw new TokenizerFormatException(vocabularyJson + ": token id " + id + " is the empty string");
      }
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c >= CHAR_TO_BYTE.length || CHAR_TO_BYTE[c] < 0) {
          throw new TokenizerFormatException(String.format(
              "%s: token \"%s\" (id %d) has character U+%04X, which is not in GPT-2's byte-to-unicode alphabet",
              vocabularyJson, token, id, (int) c));
        }
      }
    }
    int[] byteIds = new int[256];
    for (int b = 0; b < 256; b++) {
      Integer id = ids.get(String.valueOf(BYTE_TO_CHAR[b]));
      if (id == null) {
        throw new TokenizerFormatException(String.format(
            "%s: no token for byte 0x%02X (expected the single-character token \"%s\"); byte-level BPE needs all 256",
            vocabularyJson, b, BYTE_TO_CHAR[b]));
      }
      byteIds[b] = id;
    }
    java.util.BitSet produced = new java.util.BitSet(tokens.length);
    PairTable merges = readMerges(mergesFile, ids, produced);
    requireEveryTokenReachable(vocabularyJson, mergesFile, tokens, byteIds, produced, endOfText);
    return new GptBpeTokenizer(tokens, ids, byteIds, merges, endOfText);
  }

  /**
   * In byte-level BPE every token that is neither a single byte nor a special token is the result of one merge. A
   * merges file that is empty or cut short (at a line boundary, so each line still parses) leaves most of the
   * vocabulary unreachable and silently encodes text into far more tokens than the model was trained on.
   */
  private static void requireEveryTokenReachable(Path vocabularyJson, Path mergesFile, String[] tokens, int[] byteIds,
      java.util.BitSet produced, int endOfText) throws TokenizerFormatException {
    java.util.BitSet single = new java.util.BitSet(tokens.length);
    for (int id : byteIds) {
      single.set(id);
    }
    int unreachable = 0;
    String example = null;
    for (int id = 0; id < tokens.length; id++) {
      if (produced.get(id) || single.get(id) || id == endOfText || looksSpecial(tokens[id])) {
        continue;
      }
      unreachable++;
      if (example == null) {
        example = tokens[id];
      }
    }
    if (unreachable > 0) {
      int merges = produced.cardinality();
      throw new TokenizerFormatException(String.format(java.util.Locale.ROOT,
          "%s: its merges produce %,d tokens, but %,d tokens of %s (e.g. \"%s\") are produced by none, though "
              + "byte-level BPE builds every token beyond the 256 bytes by a merge (vocabulary of %,d); is the merges"
              + " file %s?", mergesFile, merges, unreachable, vocabularyJson.getFileName(), example, tokens.length,
          merges == 0 ? "empty" : "cut short"));
    }
  }

  /** An added special token such as {@code <|endoftext|>}, {@code <pad>} or {@code [PAD]}: reached by no merge. */
  private static boolean looksSpecial(String token) {
    return token.length() > 2 && (token.startsWith("<") && token.endsWith(">")
        || token.startsWith("[") && token.endsWith("]"));
  }

  /** Streams the JSON object (no tree: the GPT-2 vocabulary has 50,257 entries) into token -> id. */
  private static Map<String, Integer> readVocabulary(Path file) throws IOException {
    Map<String, Integer> ids = new LinkedHashMap<>();
    try (JsonParser parser = JSON_FACTORY.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new TokenizerFormatException(file + ": expected a JSON object mapping tokens to ids");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String token = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
          throw new TokenizerFormatException(file + ": token \"" + token + "\" maps to "
              + (value == null ? "nothing" : parser.getText()) + ", expected an integer id");
        }
        ids.put(token, parser.getIntValue());
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new TokenizerFormatException(file + ": expected a single JSON object mapping tokens to ids");
      }
    } catch (JsonProcessingException e) {
      throw new TokenizerFormatException(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    // n entries with distinct ids, all in [0, n), are exactly 0..n-1.
    String[] byId = new String[ids.size()];
    for (Map.Entry<String, Integer> entry : ids.entrySet()) {
      int id = entry.getValue();
      if (id < 0 || id >= byId.length) {
        throw new TokenizerFormatException(file + ": token \"" + entry.getKey() + "\" has id " + id
            + ", expected ids 0.." + (byId.length - 1) + " (one per entry, no gaps)");
      }
      if (byId[id] != null) {
        throw new TokenizerFormatException(file + ": id " + id + " is given to both \"" + byId[id] + "\" and \""
            + entry.getKey() + "\"");
      }
      byId[id] = entry.getKey();
    }
    return ids;
  }

  private static PairTable readMerges(Path file, Map<String, Integer> ids, java.util.BitSet produced)
      throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new TokenizerFormatException(file + ": not valid UTF-8", e);
    }
    int last = lines.size();
    while (last > 0 && lines.get(last - 1).isEmpty()) {
      last--; // trailing newlines
    }
    PairTable merges = new PairTable(last);
    int firstMergeLine = 1;
    int rank = 0;
    for (int index = 0; index < last; index++) {
      String line = lines.get(index);
      int lineNumber = index + 1;
      if (index == 0 && line.startsWith("#version")) {
        firstMergeLine = 2;
        continue;
      }
      int space = line.indexOf(' ');
      if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
        throw new TokenizerFormatException(file + ": line " + lineNumber + " is \"" + line
            + "\", expected two tokens separated by one space");
      }
      String left = line.substring(0, space);
      String right = line.substring(space + 1);
      Integer leftId = ids.get(left);
      Integer rightId = ids.get(right);
      Integer mergedId = ids.get(left + right);
      if (leftId == null || rightId == null || mergedId == null) {
        String missing = leftId == null ? left : rightId == null ? right : left + right;
        throw new TokenizerFormatException(file + ": line " + lineNumber + " merges \"" + left + "\" and \"" + right
            + "\", but \"" + missing + "\" is not in the vocabulary");
      }
      long earlier = merges.putIfAbsent(leftId, rightId, ((long) rank << 32) | mergedId);
      if (earlier >= 0) {
        throw new TokenizerFormatException(file + ": line " + lineNumber + " repeats the merge \"" + line
            + "\" of line " + ((earlier >>> 32) + firstMergeLine));
      }
      produced.set(mergedId);
      rank++;
    }
    return merges;
  }

  @Override
  public int vocabularySize() {
    return tokens.length;
  }

  @Override
  public int[] encode(String text) {
    Utf8.requireWellFormed(text);
    int[] out = new int[Math.max(16, text.length())];
    int count = 0;
    Matcher matcher = PRE_TOKENIZER.matcher(text);
    while (matcher.find()) {
      String word = matcher.group();
      int[] ids = cache.get(word);
      if (ids == null) {
        ids = bytePairEncode(word.getBytes(StandardCharsets.UTF_8));
        if (cache.size() >= CACHE_LIMIT) {
          cache.clear(); // a simple bound: long documents of unique words must not grow memory without limit
        }
        cache.put(word, ids);
      }
      if (count + ids.length > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, count + ids.length));
      }
      System.arraycopy(ids, 0, out, count, ids.length);
      count += ids.length;
    }
    return Arrays.copyOf(out, count);
  }

  /** GPT-2's bpe(): merge the lowest-ranked adjacent pair everywhere, left to right, until none has a rank. */
  private int[] bytePairEncode(byte[] bytes) {
    int[] word = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      word[i] = byteIds[bytes[i] & 0xFF];
    }
    int length = word.length;
    length = merges.mergeByRank(word, length);
    return Arrays.copyOf(word, length);
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
    for (int id : ids) {
      checkId(id);
      bytes.writeBytes(tokenBytes[id]);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * The text of {@code id} for display, e.g. {@code " world"}; {@code <|endoftext|>} for the special token; a token
   * whose bytes are not valid UTF-8 on their own (part of a multi-byte character) as {@code <0xNN>} per byte.
   */
  @Override
  public String piece(int id) {
    checkId(id);
    if (id == endOfTextId) {
      return END_OF_TEXT;
    }
    byte[] bytes = tokenBytes[id];
    return Utf8.isValid(bytes) ? new String(bytes, StandardCharsets.UTF_8) : Utf8.hexPieces(bytes);
  }

  /** The vocabulary entry of {@code id} as written in the vocabulary file, in byte-to-unicode form (e.g. "Ġworld"). */
  public String token(int id) {
    checkId(id);
    return tokens[id];
  }

  /** The id of a vocabulary entry written in byte-to-unicode form (e.g. "Ġworld"), if present. */
  public OptionalInt id(String token) {
    Integer id = ids.get(token);
    return id != null ? OptionalInt.of(id) : OptionalInt.empty();
  }

  /** {@code <|endoftext|>}, when the vocabulary has it. */
  @Override
  public OptionalInt bos() {
    return endOfTextId >= 0 ? OptionalInt.of(endOfTextId) : OptionalInt.empty();
  }

  /** {@code <|endoftext|>}, when the vocabulary has it. */
  @Override
  public OptionalInt eos() {
    return bos();
  }

  private void checkId(int id) {
    if (id < 0 || id >= tokens.length) {
      throw new IllegalArgumentException("token id " + id + " is outside [0, " + tokens.length + ")");
    }
  }

  private static byte[] toBytes(String token) {
    byte[] out = new byte[token.length()];
    for (int i = 0; i < token.length(); i++) {
      out[i] = (byte) CHAR_TO_BYTE[token.charAt(i)];
    }
    return out;
  }

  /**
   * GPT-2's table: bytes that are printable Latin-1 characters ('!'..'~', '¡'..'¬', '®'..'ÿ') stand for themselves;
   * the other 68 bytes, in increasing order, get the characters U+0100, U+0101, ... so that no token contains
   * whitespace or control characters.
   */
  private static char[] byteToUnicode() {
    char[] table = new char[256];
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      table[b] = printable ? (char) b : (char) (256 + extra++);
    }
    return table;
  }

  private static int[] unicodeToByte(char[] byteToChar) {
    int[] inverse = new int[256 + 68];
    Arrays.fill(inverse, -1);
    for (int b = 0; b < 256; b++) {
      inverse[byteToChar[b]] = b;
    }
    return inverse;
  }
}
