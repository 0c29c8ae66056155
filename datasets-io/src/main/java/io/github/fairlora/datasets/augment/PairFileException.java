package io.github.fairlora.datasets.augment;

/**
 * A term-pair file could not be used: a line is malformed, the file is not UTF-8, or it holds no pairs. The message
 * starts with the file and line, e.g. {@code "pairs.tsv line 7: expected two terms separated by a TAB, found 1"}.
 */
public final class PairFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  /**
   * @param source the file name or resource the pairs came from
   * @param line the 1-based line number, or 0 when the problem concerns the whole file
   * @param problem what was wrong and what was expected
   */
  public PairFileException(String source, int line, String problem) {
    super(source + (line > 0 ? " line " + line : "") + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The file name or resource the pairs came from. */
  public String source() {
    return source;
  }

  /** The 1-based line number of the problem, or 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}
