package io.github.fairlora.datasets.corpus;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Rows of a corpus file (or files), with text, label value and groups extracted but not yet mapped. */
abstract class RowSource implements Closeable {
  private final List<Path> opened = new ArrayList<>();
  private Consumer<Path> listener = file -> { };

  /**
   * The next row (possibly a malformed one, see {@link RawRow#problem()}), or null at the end.
   *
   * @throws io.github.fairlora.datasets.DatasetFormatException for a problem that ends the read (wrong file kind,
   *     broken CSV quoting, bytes that are not UTF-8)
   */
  abstract RawRow next() throws IOException;

  /** Subclasses call this when they open a file. */
  final void opened(Path file) {
    opened.add(file);
    listener.accept(file);
  }

  /** Tells {@code newListener} about the files opened so far and every later one. */
  final void listen(Consumer<Path> newListener) {
    opened.forEach(newListener);
    listener = newListener;
  }
}
