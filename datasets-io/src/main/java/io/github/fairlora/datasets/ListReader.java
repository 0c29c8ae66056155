package io.github.fairlora.datasets;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link RecordReader} over elements already parsed from a whole-document format (StereoSet, BOLD, HolisticBias
 * files, which are small), converting each on demand; a malformed element goes through {@link #skipOrThrow}.
 *
 * @param <E> the parsed element type
 * @param <T> the record type
 */
public final class ListReader<E, T> extends RecordReader<T> {
  private final Iterator<E> elements;
  private final Function<E, T> convert;

  /**
   * @param format display name of the format
   * @param mode what to do with malformed elements
   * @param files the files the elements came from (for the report)
   * @param elements the elements, in file order
   * @param convert turns an element into a record (never null), throwing {@link DatasetFormatException} when it is malformed
   */
  public ListReader(
      String format, ReadMode mode, List<java.nio.file.Path> files, List<E> elements, Function<E, T> convert) {
    super(format, mode);
    files.forEach(this::fileOpened);
    this.elements = List.copyOf(elements).iterator();
    this.convert = convert;
  }

  @Override
  protected T readNext() {
    while (elements.hasNext()) {
      E element = elements.next();
      try {
        return convert.apply(element);
      } catch (DatasetFormatException problem) {
        skipOrThrow(problem);
      }
    }
    return null;
  }

  @Override
  protected void release() {}
}
