package io.github.fairlora.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 helpers shared by the tokenizers: strict encoding (no silent '?' for broken text) and strict checks. */
final class Utf8 {
  private Utf8() {}

  /**
   * The UTF-8 bytes of {@code text}. A Java string can hold an unpaired surrogate, which has no UTF-8 form;
   * {@link String#getBytes} would silently turn it into '?', so it is rejected here with its index.
   */
  static byte[] encode(String text) {
    requireWellFormed(text);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Throws IllegalArgumentException naming the index of the first unpaired surrogate in {@code text}. */
  static void requireWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        throw unpaired(text, i);
      }
      if (Character.isLowSurrogate(c)) {
        throw unpaired(text, i);
      }
    }
  }

  private static IllegalArgumentException unpaired(String text, int index) {
    return new IllegalArgumentException(String.format(
        "text has an unpaired UTF-16 surrogate U+%04X at char index %d; it has no UTF-8 encoding",
        (int) text.charAt(index), index));
  }

  /** Whether {@code bytes} are well-formed UTF-8. */
  static boolean isValid(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** {@code bytes} as {@code <0xNN>} groups, one per byte, for showing bytes that are not text on their own. */
  static String hexPieces(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 6);
    for (byte b : bytes) {
      out.append(String.format("<0x%02X>", b & 0xFF));
    }
    return out.toString();
  }
}
