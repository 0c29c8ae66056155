package io.github.fairlora.datasets.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the Python list literals some datasets store in CSV cells, e.g. {@code [['race-color'], []]} or
 * {@code ['a77', "a78"]}: lists (possibly nested, possibly with a trailing comma) of quoted strings.
 */
final class PythonLiterals {
  private final String text;
  private int position;

  private PythonLiterals(String text) {
    this.text = text;
  }

  /** A flat list of strings; throws IllegalArgumentException naming the position of the first problem. */
  static List<String> stringList(String text) {
    List<Object> values = parseWhole(text);
    List<String> strings = new ArrayList<>(values.size());
    for (Object value : values) {
      if (!(value instanceof String string)) {
        throw new IllegalArgumentException("element " + strings.size() + " is a list, expected a string");
      }
      strings.add(string);
    }
    return strings;
  }

  /** A list of lists of strings. */
  static List<List<String>> stringListList(String text) {
    List<Object> values = parseWhole(text);
    List<List<String>> lists = new ArrayList<>(values.size());
    for (Object value : values) {
      if (!(value instanceof List<?> inner)) {
        throw new IllegalArgumentException("element " + lists.size() + " is a string, expected a list");
      }
      List<String> strings = new ArrayList<>(inner.size());
      for (Object element : inner) {
        if (!(element instanceof String string)) {
          throw new IllegalArgumentException("element " + lists.size() + " holds a list, expected strings");
        }
        strings.add(string);
      }
      lists.add(List.copyOf(strings));
    }
    return lists;
  }

  private static List<Object> parseWhole(String text) {
    PythonLiterals parser = new PythonLiterals(text);
    parser.skipSpaces();
    List<Object> list = parser.list();
    parser.skipSpaces();
    if (parser.position != text.length()) {
      throw new IllegalArgumentException("unexpected text after the list at character " + parser.position);
    }
    return list;
  }

  private List<Object> list() {
    expect('[');
    List<Object> values = new ArrayList<>();
    skipSpaces();
    if (peek() == ']') {
      position++;
      return values;
    }
    while (true) {
      skipSpaces();
      if (peek() == ']') { // trailing comma
        position++;
        return values;
      }
      values.add(value());
      skipSpaces();
      char next = peek();
      position++;
      if (next == ']') {
        return values;
      }
      if (next != ',') {
        throw new IllegalArgumentException("expected ',' or ']' at character " + (position - 1));
      }
    }
  }

  private Object value() {
    char next = peek();
    if (next == '[') {
      return list();
    }
    if (next == '\'' || next == '"') {
      return string(next);
    }
    throw new IllegalArgumentException("expected a quoted string or a list at character " + position);
  }

  private String string(char quote) {
    position++;
    StringBuilder value = new StringBuilder();
    while (position < text.length()) {
      char current = text.charAt(position++);
      if (current == quote) {
        return value.toString();
      }
      if (current == '\\' && position < text.length()) {
        char escaped = text.charAt(position++);
        value.append(switch (escaped) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          default -> escaped;
        });
      } else {
        value.append(current);
      }
    }
    throw new IllegalArgumentException("unterminated string starting before character " + position);
  }

  private void expect(char wanted) {
    if (peek() != wanted) {
      throw new IllegalArgumentException("expected '" + wanted + "' at character " + position);
    }
    position++;
  }

  private char peek() {
    if (position >= text.length()) {
      throw new IllegalArgumentException("the text ends early, at character " + position);
    }
    return text.charAt(position);
  }

  private void skipSpaces() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }
}
