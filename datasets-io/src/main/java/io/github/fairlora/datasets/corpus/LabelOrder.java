package io.github.fairlora.datasets.corpus;

/** How the values of a label column become class indices. */
public enum LabelOrder {
  /** Values are class indices already: non-negative integers ("0", "1", ...); there are max + 1 classes. */
  NUMERIC,
  /** Distinct values get 0, 1, 2, ... in the order they first appear in the file (one pass, streaming). */
  FIRST_SEEN,
  /**
   * Distinct values get 0, 1, 2, ... in sorted order (by {@link String#compareTo}, so "10" sorts before "2"); the file
   * is read twice, first to collect the values.
   */
  SORTED
}
