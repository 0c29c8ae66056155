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
  private final java.util.function.Predicate<E> publishedGap;

  /**
   * @param format display name of the format
   * @param mode what to do with malformed elements
   * @param files the files the elements came from (for the report)
   * @param elements the elements, in file order
   * @param convert turns an element into a record (never null), throwing {@link DatasetFormatException} when it is malformed
   */
  public ListReader(
      String format, ReadMode mode, List<java.nio.file.Path> files, List<E> elements, Function<E, T> convert) {
    this(format, mode, files, elements, convert, element -> false);
  }

  /**
   * As above; a malformed element for which {@code publishedGap} holds is skipped and counted in every mode (see
   * {@link RecordReader#skipPublishedGap}).
   */
  public ListReader(String format, ReadMode mode, List<java.nio.file.Path> files, List<E> elements,
      Function<E, T> convert, java.util.function.Predicate<E> publishedGap) {
    super(format, mode);
    files.forEach(this::fileOpened);
    this.elements = List.copyOf(elements).iterator();
    this.convert = convert;
    this.publishedGap = publishedGap;
  }

  @Override
  protected T readNext() {
    while (elements.hasNext()) {
      E element = elements.next();
      try {
        return convert.apply(element);
      } catch (DatasetFormatException problem) {
        if (publishedGap.test(element)) {
          skipPublishedGap(problem);
        } else {
          skipOrThrow(problem);
        }
      }
    }
    return null;
  }

  @Override
  protected void release() {}
}
