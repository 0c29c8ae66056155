package io.github.fairlora.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly, and delivers every character before an invalid byte sequence before it reports the error.
 * ({@link java.io.InputStreamReader} throws as soon as a buffer it decodes holds an error, so the lines before it are
 * lost and the error cannot be placed on its line.) A leading byte-order mark is dropped.
 */
final class StrictUtf8Reader extends Reader {
  private static final int BUFFER = 1 << 14;

  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
  private final CharBuffer chars = CharBuffer.allocate(BUFFER);
  private CharacterCodingException pendingError;
  private boolean endOfInput;
  private boolean done;
  private boolean atStart = true;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
    bytes.flip();
    chars.flip();
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (pendingError != null) {
        throw pendingError;
      }
      if (done) {
        return -1;
      }
      fill();
    }
    int count = Math.min(length, chars.remaining());
    chars.get(buffer, offset, count);
    return count;
  }

  private void fill() throws IOException {
    chars.clear();
    if (!endOfInput) {
      bytes.compact();
      int read = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
      if (read < 0) {
        endOfInput = true;
      } else {
        bytes.position(bytes.position() + read);
      }
      bytes.flip();
    }
    CoderResult result = decoder.decode(bytes, chars, endOfInput);
    if (result.isError()) {
      try {
        result.throwException();
      } catch (CharacterCodingException e) {
        pendingError = e;
      }
    } else if (endOfInput && !bytes.hasRemaining()) {
      decoder.flush(chars);
      done = true;
    }
    chars.flip();
    if (atStart && chars.hasRemaining()) {
      atStart = false;
      if (chars.get(chars.position()) == '\uFEFF') {
        chars.get();
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
