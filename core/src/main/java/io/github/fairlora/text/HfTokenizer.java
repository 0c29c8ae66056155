package io.github.fairlora.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tokenizer read from a Hugging Face {@code tokenizer.json} (the format of the tokenizers library), for BPE models
 * of the two kinds in use:
 * <ul>
 *   <li>byte-level BPE (GPT-2, Llama 3, Qwen2): a {@code ByteLevel} pre-tokenizer, alone or after a regex
 *       {@code Split}, and a {@code ByteLevel} decoder;</li>
 *   <li>SentencePiece-style BPE (Llama 2, TinyLlama, TinyStories): a normalizer that prepends and substitutes
 *       {@code ▁}, byte fallback to {@code <0xNN>} tokens, unknown characters as the (fused) unknown token, and the
 *       decoder chain Replace, ByteFallback, Fuse, Strip.</li>
 * </ul>
 * Added tokens are split out first (those with {@code normalized: false} on the raw text, the others on the
 * normalized text, as the tokenizers library does). Any component or option this class does not implement is
 * refused by name when loading, never ignored.
 *
 * <p>{@link #encode(String)} adds no special tokens; the BOS id comes from the post-processor's template (or
 * {@code tokenizer_config.json}), the EOS id from {@code tokenizer_config.json} when present.
 */
public final class HfTokenizer implements Tokenizer {
  /** The file name inside a model directory. */
  public static final String FILE = "tokenizer.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The GPT-2 split of the ByteLevel pre-tokenizer (use_regex). */
  private static final Pattern BYTE_LEVEL_SPLIT = Pattern.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final char[] BYTE_TO_CHAR = byteToUnicode();
  private static final Map<Character, Integer> CHAR_TO_BYTE = charToByte();
  private static final Pattern BYTE_TOKEN = Pattern.compile("<0x([0-9A-Fa-f]{2})>");

  private final Map<String, Integer> vocabulary;
  private final String[] tokens; // id → token string as stored (model vocabulary or added token's content)
  /** (left id, right id) → rank << 32 | merged id. */
  private final PairTable merges;
  private final int unknownId; // -1 when none
  private final boolean byteFallback;
  private final boolean fuseUnknown;
  private final boolean ignoreMerges;
  private final int[] byteIds; // byte → id of "<0xNN>", -1 when absent
  private final List<Step> normalizer;
  private final List<Step> preTokenizer;
  private final List<Step> decoder;
  private final List<AddedToken> addedTokens;
  private final Map<Integer, AddedToken> addedById;
  private final OptionalInt bos;
  private final OptionalInt eos;

  /** One added token; {@code pattern} is what is searched for (the normalized content when normalized). */
  private record AddedToken(int id, String content, boolean special, boolean normalized, boolean leftStrip,
      boolean rightStrip, String pattern) {}

  /** One configured step of a normalizer, pre-tokenizer or decoder chain. */
  private record Step(String type, JsonNode node) {}

  private HfTokenizer(Path source, JsonNode root, JsonNode tokenizerConfig) throws IOException {
    String where = source.toString();
    JsonNode model = required(root, "model", where);
    String modelType = model.path("type").asText("BPE");
    if (!modelType.equals("BPE")) {
      throw new IOException(where + ": model type " + modelType + " is not supported; only BPE is read");
    }
    if (present(model, "continuing_subword_prefix") || present(model, "end_of_word_suffix")) {
      throw new IOException(where + ": BPE continuing_subword_prefix / end_of_word_suffix are not supported");
    }
    if (present(model, "dropout") && model.get("dropout").asDouble() != 0) {
      throw new IOException(where + ": BPE dropout " + model.get("dropout") + " is not supported (it is random)");
    }
    JsonNode vocab = required(model, "vocab", where + " model");
    vocabulary = new HashMap<>();
    int maxId = -1;
    for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
      if (!entry.getValue().canConvertToInt() || entry.getValue().intValue() < 0) {
        throw new IOException(where + ": model.vocab[\"" + entry.getKey() + "\"] is " + entry.getValue()
            + ", expected a non-negative id");
      }
      vocabulary.put(entry.getKey(), entry.getValue().intValue());
      maxId = Math.max(maxId, entry.getValue().intValue());
    }
    List<AddedToken> added = new ArrayList<>();
    for (JsonNode token : root.path("added_tokens")) {
      added.add(new AddedToken(token.path("id").asInt(-1), token.path("content").asText(),
          token.path("special").asBoolean(false), token.path("normalized").asBoolean(true),
          token.path("lstrip").asBoolean(false), token.path("rstrip").asBoolean(false), null));
      if (token.path("single_word").asBoolean(false)) {
        throw new IOException(where + ": added token " + token.path("content") + " has single_word true, which is"
            + " not supported");
      }
      maxId = Math.max(maxId, token.path("id").asInt(-1));
    }
    tokens = new String[maxId + 1];
    vocabulary.forEach((token, id) -> tokens[id] = token);
    for (AddedToken token : added) {
      if (token.id() < 0) {
        throw new IOException(where + ": added token \"" + token.content() + "\" has no id");
      }
      if (tokens[token.id()] == null) {
        tokens[token.id()] = token.content();
      }
    }
    normalizer = steps(root.get("normalizer"), Set.of("Prepend", "Replace", "NFC", "NFD", "NFKC", "NFKD",
        "Lowercase", "Strip"), "normalizer", where);
    preTokenizer = steps(root.get("pre_tokenizer"), Set.of("ByteLevel", "Split", "Metaspace"), "pre_tokenizer",
        where);
    decoder = steps(root.get("decoder"), Set.of("Replace", "ByteFallback", "Fuse", "Strip", "ByteLevel",
        "Metaspace"), "decoder", where);
    for (Step step : preTokenizer) {
      String behavior = step.node().path("behavior").asText("Isolated");
      if (step.type().equals("Split") && !(behavior.equals("Isolated") || behavior.equals("Removed"))) {
        throw new IOException(where + ": Split pre-tokenizer behavior " + behavior + " is not supported (Isolated"
            + " and Removed are)");
      }
      if (step.type().equals("Split") && step.node().path("invert").asBoolean(false)) {
        throw new IOException(where + ": Split pre-tokenizer with invert true is not supported");
      }
    }
    List<AddedToken> withPatterns = new ArrayList<>();
    Map<Integer, AddedToken> byId = new HashMap<>();
    for (AddedToken token : added) {
      String pattern = token.normalized() ? normalize(token.content()) : token.content();
      AddedToken full = new AddedToken(token.id(), token.content(), token.special(), token.normalized(),
          token.leftStrip(), token.rightStrip(), pattern);
      withPatterns.add(full);
      byId.put(full.id(), full);
    }
    addedTokens = List.copyOf(withPatterns);
    addedById = byId;

    String unknown = model.path("unk_token").isTextual() ? model.get("unk_token").textValue() : null;
    Integer unknownIdBoxed = unknown == null ? null : vocabulary.get(unknown);
    if (unknown != null && unknownIdBoxed == null) {
      throw new IOException(where + ": model.unk_token \"" + unknown + "\" is not in the vocabulary");
    }
    unknownId = unknownIdBoxed == null ? -1 : unknownIdBoxed;
    byteFallback = model.path("byte_fallback").asBoolean(false);
    fuseUnknown = model.path("fuse_unk").asBoolean(false);
    ignoreMerges = model.path("ignore_merges").asBoolean(false);
    byteIds = new int[256];
    for (int b = 0; b < 256; b++) {
      Integer id = vocabulary.get(String.format("<0x%02X>", b));
      byteIds[b] = id == null ? -1 : id;
    }
    JsonNode mergeList = model.path("merges");
    merges = new PairTable(Math.max(4, mergeList.size()));
    int rank = 0;
    for (JsonNode merge : mergeList) {
      String left;
      String right;
      if (merge.isArray() && merge.size() == 2) {
        left = merge.get(0).asText();
        right = merge.get(1).asText();
      } else if (merge.isTextual() && merge.textValue().indexOf(' ') > 0
          && merge.textValue().indexOf(' ') == merge.textValue().lastIndexOf(' ')) {
        int space = merge.textValue().indexOf(' ');
        left = merge.textValue().substring(0, space);
        right = merge.textValue().substring(space + 1);
      } else {
        throw new IOException(where + ": merge " + rank + " is " + merge + ", expected \"left right\" or"
            + " [left, right]");
      }
      Integer leftId = vocabulary.get(left);
      Integer rightId = vocabulary.get(right);
      Integer mergedId = vocabulary.get(left + right);
      if (leftId == null || rightId == null || mergedId == null) {
        throw new IOException(where + ": merge " + rank + " (" + merge + ") uses a token missing from the"
            + " vocabulary");
      }
      merges.putIfAbsent(leftId, rightId, ((long) rank << 32) | mergedId);
      rank++;
    }
    bos = specialId(templateBos(root.get("post_processor")), tokenizerConfig, "bos_token");
    eos = specialId(null, tokenizerConfig, "eos_token");
  }

  /**
   * Reads {@code tokenizer.json} from {@code path} (a model directory or the file itself); a
   * {@code tokenizer_config.json} beside it supplies the BOS and EOS tokens.
   *
   * @throws IOException when the file is missing or malformed, or uses a component this class does not implement
   *     (named in the message)
   */
  public static HfTokenizer load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": missing; expected a Hugging Face tokenizer.json");
    }
    JsonNode root = readJson(file);
    Path configFile = file.resolveSibling("tokenizer_config.json");
    JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : null;
    return new HfTokenizer(file, root, config);
  }

  private static JsonNode readJson(Path file) throws IOException {
    try {
      JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (root == null || !root.isObject()) {
        throw new IOException(file + ": expected a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ")", e);
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Encoding

  @Override
  public int vocabularySize() {
    return tokens.length;
  }

  @Override
  public int[] encode(String text) {
    Utf8.requireWellFormed(text);
    List<Integer> out = new ArrayList<>();
    // 1. Added tokens that are matched on the raw text.
    for (Object piece : splitAdded(text, false)) {
      if (piece instanceof Integer id) {
        out.add(id);
        continue;
      }
      // 2. Normalize the rest, then split out the added tokens matched on normalized text.
      for (Object part : splitAdded(normalize((String) piece), true)) {
        if (part instanceof Integer id) {
          out.add(id);
          continue;
        }
        // 3. Pre-tokenize into words, and run BPE on each.
        for (String word : preTokenize((String) part)) {
          encodeWord(word, out);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Splits {@code text} around the added tokens of the given kind: Strings for the gaps, Integers for the ids. */
  private List<Object> splitAdded(String text, boolean normalized) {
    List<Object> pieces = new ArrayList<>();
    int start = 0;
    int at = 0;
    while (at < text.length()) {
      AddedToken best = null;
      for (AddedToken token : addedTokens) {
        if (token.normalized() == normalized && !token.pattern().isEmpty() && text.startsWith(token.pattern(), at)
            && (best == null || token.pattern().length() > best.pattern().length())) {
          best = token;
        }
      }
      if (best == null) {
        at++;
        continue;
      }
      int gapEnd = at;
      if (best.leftStrip()) {
        while (gapEnd > start && Character.isWhitespace(text.charAt(gapEnd - 1))) {
          gapEnd--;
        }
      }
      if (gapEnd > start) {
        pieces.add(text.substring(start, gapEnd));
      }
      pieces.add(best.id());
      at += best.pattern().length();
      if (best.rightStrip()) {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
          at++;
        }
      }
      start = at;
    }
    if (start < text.length()) {
      pieces.add(text.substring(start));
    }
    return pieces;
  }

  private String normalize(String text) {
    String s = text;
    for (Step step : normalizer) {
      JsonNode n = step.node();
      switch (step.type()) {
        case "Prepend" -> s = s.isEmpty() ? s : n.path("prepend").asText() + s;
        case "Replace" -> s = replace(s, n);
        case "NFC" -> s = Normalizer.normalize(s, Normalizer.Form.NFC);
        case "NFD" -> s = Normalizer.normalize(s, Normalizer.Form.NFD);
        case "NFKC" -> s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        case "NFKD" -> s = Normalizer.normalize(s, Normalizer.Form.NFKD);
        case "Lowercase" -> s = s.toLowerCase(java.util.Locale.ROOT);
        case "Strip" -> {
          if (n.path("strip_left").asBoolean(true)) {
            s = s.stripLeading();
          }
          if (n.path("strip_right").asBoolean(true)) {
            s = s.stripTrailing();
          }
        }
        default -> throw new AssertionError(step.type());
      }
    }
    return s;
  }

  private static String replace(String s, JsonNode n) {
    JsonNode pattern = n.path("pattern");
    String content = n.path("content").asText();
    if (pattern.has("String")) {
      return s.replace(pattern.get("String").asText(), content);
    }
    return Pattern.compile(pattern.get("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS).matcher(s)
        .replaceAll(Matcher.quoteReplacement(content));
  }

  private List<String> preTokenize(String text) {
    List<String> pieces = new ArrayList<>(List.of(text));
    for (Step step : preTokenizer) {
      JsonNode n = step.node();
      List<String> next = new ArrayList<>();
      for (int i = 0; i < pieces.size(); i++) {
        String piece = pieces.get(i);
        switch (step.type()) {
          case "ByteLevel" -> {
            String s = piece;
            if (n.path("add_prefix_space").asBoolean(true) && i == 0 && !s.startsWith(" ")) {
              s = " " + s;
            }
            List<String> words = n.path("use_regex").asBoolean(true) ? matches(BYTE_LEVEL_SPLIT, s, false)
                : List.of(s);
            for (String word : words) {
              next.add(toByteLevel(word));
            }
          }
          case "Split" -> {
            JsonNode pattern = n.path("pattern");
            Pattern regex = pattern.has("String") ? Pattern.compile(Pattern.quote(pattern.get("String").asText()))
                : Pattern.compile(pattern.get("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS);
            next.addAll(matches(regex, piece, n.path("behavior").asText("Isolated").equals("Removed")));
          }
          case "Metaspace" -> {
            String replacement = n.path("replacement").asText("\u2581");
            String scheme = n.path("prepend_scheme").asText(n.path("add_prefix_space").asBoolean(true) ? "always"
                : "never");
            String s = piece.replace(" ", replacement);
            if ((scheme.equals("always") || (scheme.equals("first") && i == 0)) && !s.startsWith(replacement)) {
              s = replacement + s;
            }
            if (n.path("split").asBoolean(true)) {
              // MergedWithNext: each replacement starts a new word.
              int start = 0;
              for (int at = s.indexOf(replacement, 1); at >= 0; at = s.indexOf(replacement, at + 1)) {
                next.add(s.substring(start, at));
                start = at;
              }
              next.add(s.substring(start));
            } else {
              next.add(s);
            }
          }
          default -> throw new AssertionError(step.type());
        }
      }
      pieces = next;
    }
    pieces.removeIf(String::isEmpty);
    return pieces;
  }

  /** The matches and the gaps between them, in order (the gaps dropped when {@code removeMatches}). */
  private static List<String> matches(Pattern regex, String s, boolean removeMatches) {
    List<String> out = new ArrayList<>();
    Matcher m = regex.matcher(s);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        out.add(s.substring(last, m.start()));
      }
      if (!removeMatches && m.end() > m.start()) {
        out.add(m.group());
      }
      last = m.end();
    }
    if (last < s.length()) {
      out.add(s.substring(last));
    }
    return out;
  }

  private static String toByteLevel(String word) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    char[] chars = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(chars);
  }

  /** BPE on one word: characters (or their byte tokens, or the unknown token), then merges by rank. */
  private void encodeWord(String word, List<Integer> out) {
    if (ignoreMerges) {
      Integer whole = vocabulary.get(word);
      if (whole != null) {
        out.add(whole);
        return;
      }
    }
    int[] symbols = new int[word.length() * 4];
    int length = 0;
    boolean previousUnknown = false;
    for (int at = 0; at < word.length(); ) {
      int codePoint = word.codePointAt(at);
      String character = new String(Character.toChars(codePoint));
      at += character.length();
      Integer id = vocabulary.get(character);
      if (id != null) {
        symbols[length++] = id;
        previousUnknown = false;
        continue;
      }
      if (byteFallback) {
        byte[] bytes = character.getBytes(StandardCharsets.UTF_8);
        boolean all = true;
        for (byte b : bytes) {
          all &= byteIds[b & 0xFF] >= 0;
        }
        if (all) {
          for (byte b : bytes) {
            symbols[length++] = byteIds[b & 0xFF];
          }
          previousUnknown = false;
          continue;
        }
      }
      if (unknownId >= 0) {
        if (!(fuseUnknown && previousUnknown)) {
          symbols[length++] = unknownId;
        }
        previousUnknown = true;
      }
      // Without an unknown token the character is dropped, as the tokenizers library does.
    }
    length = merges.mergeByRank(symbols, length);
    for (int i = 0; i < length; i++) {
      out.add(symbols[i]);
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Decoding

  /** Text of {@code ids} without the special tokens (as the interface asks). */
  @Override
  public String decode(int[] ids) {
    return decode(ids, true);
  }

  /**
   * Text of {@code ids} through the decoder chain, as the tokenizers library's {@code decode}; special added tokens
   * are dropped when {@code skipSpecialTokens}.
   */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    List<String> pieces = new ArrayList<>(ids.length);
    for (int id : ids) {
      checkId(id);
      AddedToken added = addedById.get(id);
      if (added != null && added.special() && skipSpecialTokens) {
        continue;
      }
      pieces.add(added != null ? added.pattern() : tokens[id]);
    }
    for (Step step : decoder) {
      pieces = decodeStep(step, pieces);
    }
    return String.join("", pieces);
  }

  private static List<String> decodeStep(Step step, List<String> pieces) {
    JsonNode n = step.node();
    List<String> out = new ArrayList<>(pieces.size());
    switch (step.type()) {
      case "Replace" -> pieces.forEach(p -> out.add(replace(p, n)));
      case "Fuse" -> out.add(String.join("", pieces));
      case "Strip" -> {
        String content = n.path("content").asText(" ");
        int start = n.path("start").asInt(0);
        int stop = n.path("stop").asInt(0);
        for (String p : pieces) {
          int from = 0;
          while (from < start && p.startsWith(content, from)) {
            from += content.length();
          }
          int to = p.length();
          for (int k = 0; k < stop && to - content.length() >= from && p.startsWith(content, to - content.length());
              k++) {
            to -= content.length();
          }
          out.add(p.substring(from, to));
        }
      }
      case "ByteFallback" -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String p : pieces) {
          Matcher m = BYTE_TOKEN.matcher(p);
          if (p.length() == 6 && m.matches()) {
            bytes.write(Integer.parseInt(m.group(1), 16));
            continue;
          }
          flushBytes(bytes, out);
          out.add(p);
        }
        flushBytes(bytes, out);
      }
      case "ByteLevel" -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String p : pieces) {
          for (int i = 0; i < p.length(); i++) {
            Integer b = CHAR_TO_BYTE.get(p.charAt(i));
            if (b != null) {
              bytes.write(b);
            } else {
              bytes.writeBytes(String.valueOf(p.charAt(i)).getBytes(StandardCharsets.UTF_8));
            }
          }
        }
        out.add(bytes.toString(StandardCharsets.UTF_8));
      }
      case "Metaspace" -> {
        String replacement = n.path("replacement").asText("\u2581");
        String scheme = n.path("prepend_scheme").asText(n.path("add_prefix_space").asBoolean(true) ? "always"
            : "never");
        for (int i = 0; i < pieces.size(); i++) {
          String p = pieces.get(i).replace(replacement, " ");
          if (i == 0 && !scheme.equals("never") && p.startsWith(" ")) {
            p = p.substring(1);
          }
          out.add(p);
        }
      }
      default -> throw new AssertionError(step.type());
    }
    return out;
  }

  /** Collected byte tokens as one piece when they are valid UTF-8, else one U+FFFD per byte. */
  private static void flushBytes(ByteArrayOutputStream bytes, List<String> out) {
    if (bytes.size() == 0) {
      return;
    }
    byte[] array = bytes.toByteArray();
    bytes.reset();
    try {
      out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(array)).toString());
    } catch (CharacterCodingException e) {
      for (int i = 0; i < array.length; i++) {
        out.add("\uFFFD");
      }
    }
  }

  @Override
  public String piece(int id) {
    checkId(id);
    AddedToken added = addedById.get(id);
    if (added != null) {
      return added.content();
    }
    return tokens[id] == null ? "" : tokens[id];
  }

  /** The id of a vocabulary entry or added token as written in tokenizer.json, if present. */
  public OptionalInt id(String token) {
    Integer id = vocabulary.get(token);
    if (id == null) {
      for (AddedToken added : addedTokens) {
        if (added.content().equals(token)) {
          return OptionalInt.of(added.id());
        }
      }
      return OptionalInt.empty();
    }
    return OptionalInt.of(id);
  }

  @Override
  public OptionalInt bos() {
    return bos;
  }

  @Override
  public OptionalInt eos() {
    return eos;
  }

  private void checkId(int id) {
    if (id < 0 || id >= tokens.length || (tokens[id] == null && !addedById.containsKey(id))) {
      throw new IllegalArgumentException("token id " + id + " is not in this tokenizer (size " + tokens.length + ")");
    }
  }

  // -----------------------------------------------------------------------------------------------------------------
  // Loading helpers

  private static JsonNode required(JsonNode node, String field, String where) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IOException(where + ": missing field " + field);
    }
    return value;
  }

  private static boolean present(JsonNode node, String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  /** A component flattened from its Sequence, every type checked against {@code supported}. */
  private static List<Step> steps(JsonNode node, Set<String> supported, String what, String where)
      throws IOException {
    List<Step> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    String type = node.path("type").asText();
    if (type.equals("Sequence")) {
      JsonNode children = node.has("normalizers") ? node.get("normalizers")
          : node.has("pretokenizers") ? node.get("pretokenizers") : node.get("decoders");
      for (JsonNode child : children == null ? JSON.createArrayNode() : children) {
        out.addAll(steps(child, supported, what, where));
      }
      return out;
    }
    if (!supported.contains(type)) {
      throw new IOException(where + ": " + what + " type \"" + type + "\" is not supported; supported: "
          + new java.util.TreeSet<>(supported) + " (and Sequence)");
    }
    out.add(new Step(type, node));
    return out;
  }

  /** The first special token of a TemplateProcessing post-processor's "single" template, if it starts with one. */
  private static String templateBos(JsonNode processor) {
    if (processor == null || processor.isNull()) {
      return null;
    }
    if (processor.path("type").asText().equals("Sequence")) {
      for (JsonNode child : processor.path("processors")) {
        String found = templateBos(child);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    JsonNode single = processor.path("single");
    if (processor.path("type").asText().equals("TemplateProcessing") && single.isArray() && single.size() > 0
        && single.get(0).has("SpecialToken")) {
      String name = single.get(0).get("SpecialToken").path("id").asText();
      JsonNode ids = processor.path("special_tokens").path(name).path("ids");
      return ids.isArray() && ids.size() == 1 ? "#" + ids.get(0).asInt() : name;
    }
    return null;
  }

  /** An id from "#N", a token name, or tokenizer_config.json's field (a string or {"content": ...}). */
  private OptionalInt specialId(String fromTemplate, JsonNode config, String field) {
    if (fromTemplate != null && fromTemplate.startsWith("#")) {
      return OptionalInt.of(Integer.parseInt(fromTemplate.substring(1)));
    }
    String name = fromTemplate;
    if (name == null && config != null) {
      JsonNode node = config.get(field);
      if (node != null && node.isTextual()) {
        name = node.textValue();
      } else if (node != null && node.isObject()) {
        name = node.path("content").asText(null);
      }
    }
    return name == null ? OptionalInt.empty() : id(name);
  }

  private static char[] byteToUnicode() {
    char[] table = new char[256];
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      table[b] = printable ? (char) b : (char) (256 + extra++);
    }
    return table;
  }

  private static Map<Character, Integer> charToByte() {
    Map<Character, Integer> map = new LinkedHashMap<>();
    for (int b = 0; b < 256; b++) {
      map.put(BYTE_TO_CHAR[b], b);
    }
    return map;
  }

  @Override
  public String toString() {
    return "HfTokenizer(" + tokens.length + " ids, " + merges.size() + " merges)";
  }
}
