package io.github.fairlora.text;

/**
 * A fixed-capacity open-addressing map from a pair of non-negative ints to a non-negative long, without boxing. BPE
 * merge tables are looked up for every adjacent pair of every word; {@code HashMap<Long, Long>} both boxes and hashes
 * {@code left << 32 | right} to {@code left ^ right}, which collides heavily for token-id pairs.
 */
final class PairTable {
  private static final long EMPTY = -1L;

  private final long[] keys;
  private final long[] values;
  private final int mask;
  private int size;

  /** A table for at most {@code capacity} entries (kept at most half full). */
  PairTable(int capacity) {
    int slots = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
    keys = new long[slots];
    values = new long[slots];
    java.util.Arrays.fill(keys, EMPTY);
    mask = slots - 1;
  }

  /** The value stored for (left, right), or -1 when there is none. */
  long get(int left, int right) {
    long key = key(left, right);
    for (int slot = slot(key); ; slot = (slot + 1) & mask) {
      long stored = keys[slot];
      if (stored == key) {
        return values[slot];
      }
      if (stored == EMPTY) {
        return -1L;
      }
    }
  }

  /** Stores {@code value} for (left, right) unless a value is already there; returns the earlier value or -1. */
  long putIfAbsent(int left, int right, long value) {
    if (left < 0 || right < 0 || value < 0) {
      throw new IllegalArgumentException("pair (" + left + ", " + right + ") -> " + value + " must be non-negative");
    }
    long key = key(left, right);
    for (int slot = slot(key); ; slot = (slot + 1) & mask) {
      long stored = keys[slot];
      if (stored == key) {
        return values[slot];
      }
      if (stored == EMPTY) {
        if (2 * (size + 1) > keys.length) {
          throw new IllegalStateException("PairTable is full (" + size + " entries)");
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
        return -1L;
      }
    }
  }

  /** Number of entries. */
  /**
   * Byte-pair merging of {@code symbols[0, length)} in place: repeatedly replaces every occurrence of the adjacent pair
   * with the lowest stored value (rank in the high 32 bits, merged id in the low 32) by its merged id, until no pair
   * has an entry. Returns the new length.
   */
  int mergeByRank(int[] symbols, int length) {
    while (length > 1) {
      long best = Long.MAX_VALUE; // (rank << 32 | merged id) of the best pair
      int bestLeft = -1;
      int bestRight = -1;
      for (int i = 0; i + 1 < length; i++) {
        long merge = get(symbols[i], symbols[i + 1]);
        if (merge >= 0 && merge < best) {
          best = merge;
          bestLeft = symbols[i];
          bestRight = symbols[i + 1];
        }
      }
      if (bestLeft < 0) {
        break;
      }
      int merged = (int) best;
      int written = 0;
      for (int i = 0; i < length; ) {
        if (i + 1 < length && symbols[i] == bestLeft && symbols[i + 1] == bestRight) {
          symbols[written++] = merged;
          i += 2;
        } else {
          symbols[written++] = symbols[i++];
        }
      }
      length = written;
    }
    return length;
  }

  int size() {
    return size;
  }

  private static long key(int left, int right) {
    return ((long) left << 32) | right;
  }

  private int slot(long key) {
    long mixed = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: the high bits mix every bit of the key
    return (int) (mixed >>> 32) & mask;
  }
}
