package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.internal.NumberedLines;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import io.github.fairlora.datasets.TextLinesReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads plain-text corpora as documents, streaming. A path may be a file or a directory (its {@code *.txt} and
 * {@code *.txt.gz} files, in name order). Plain text has no malformed records, so the read mode changes nothing; bytes
 * that are not UTF-8 end the read with an error naming the line.
 */
public final class TextCorpusLoader implements DatasetLoader<String> {
  private static final String FORMAT = "text corpus";

  /** How a file is cut into documents. */
  public enum Split {
    /** Each non-blank line is a document (line breaks removed, other characters kept as they are). */
    LINES,
    /**
     * Each run of non-blank lines is a document, its lines joined with "\n"; blank (or whitespace-only) lines
     * separate documents.
     */
    PARAGRAPHS
  }

  private final Split split;

  private TextCorpusLoader(Split split) {
    this.split = split;
  }

  /** One document per non-blank line. */
  public static TextCorpusLoader lines() {
    return new TextCorpusLoader(Split.LINES);
  }

  /** One document per blank-line-separated paragraph. */
  public static TextCorpusLoader paragraphs() {
    return new TextCorpusLoader(Split.PARAGRAPHS);
  }

  /** A loader that splits documents as {@code split} says. */
  public static TextCorpusLoader of(Split split) {
    return new TextCorpusLoader(java.util.Objects.requireNonNull(split, "split"));
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<String> open(Path path, ReadMode mode) throws IOException {
    List<Path> files = DatasetFiles.filesOf(
        path, name -> name.endsWith(".txt") || name.endsWith(".txt.gz"), "text file (*.txt)");
    if (split == Split.LINES) {
      return new TextLinesReader<>(FORMAT, null, files, mode) {
        @Override
        protected String parseLine(Path file, long line, String text) {
          return text;
        }
      };
    }
    return new ParagraphReader(files, mode);
  }

  /** Joins runs of non-blank lines. */
  private static final class ParagraphReader extends RecordReader<String> {
    private final List<Path> files;
    private int nextFile;
    private NumberedLines current;

    ParagraphReader(List<Path> files, ReadMode mode) {
      super(FORMAT, mode);
      this.files = files;
    }

    @Override
    protected String readNext() throws IOException {
      StringBuilder paragraph = new StringBuilder();
      while (true) {
        if (current == null) {
          if (nextFile == files.size()) {
            return paragraph.length() > 0 ? paragraph.toString() : null;
          }
          current = NumberedLines.open(files.get(nextFile++));
          fileOpened(current.file());
        }
        String line = current.next();
        if (line == null) {
          current.close();
          current = null;
          if (paragraph.length() > 0) {
            return paragraph.toString(); // a paragraph never spans two files
          }
          continue;
        }
        if (line.isBlank()) {
          if (paragraph.length() > 0) {
            return paragraph.toString();
          }
          continue;
        }
        if (paragraph.length() > 0) {
          paragraph.append('\n');
        }
        paragraph.append(line);
      }
    }

    @Override
    protected void release() throws IOException {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }
}
