package io.github.fairlora.datasets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;

/**
 * Helpers for loaders of whole-document JSON formats, which walk the document with Jackson's streaming parser so
 * that each element they keep carries the line it starts on.
 */
public final class JsonDocuments {
  private JsonDocuments() {}

  /** A streaming parser over {@code file} (gzip and UTF-8 as in {@link DatasetFiles}); the caller closes it. */
  public static JsonParser open(Path file, ObjectMapper mapper) throws IOException {
    BufferedReader reader = DatasetFiles.openReader(file);
    try {
      return mapper.createParser(reader);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The 1-based line of the token the parser is at. */
  public static long line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  /**
   * The error to throw for a low-level failure while walking {@code file}: broken JSON syntax or bytes that are not
   * UTF-8 end the read in every mode.
   */
  public static DatasetFormatException syntaxProblem(Path file, IOException cause) {
    if (cause instanceof JsonProcessingException json) {
      long line = json.getLocation() == null ? 0 : Math.max(0, json.getLocation().getLineNr());
      return DatasetFormatException.malformed(file, line, null, "well-formed JSON", json.getOriginalMessage(), cause);
    }
    if (cause instanceof CharacterCodingException) {
      return DatasetFormatException.malformed(file, 0, null, "UTF-8 text", "bytes that are not UTF-8", cause);
    }
    return null;
  }

  /** Advances to the next token, failing with a file-naming error at the end of the input. */
  public static JsonToken next(JsonParser parser, Path file) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw DatasetFormatException.malformed(file, line(parser), null, "more JSON", "the end of the file");
    }
    return token;
  }
}
