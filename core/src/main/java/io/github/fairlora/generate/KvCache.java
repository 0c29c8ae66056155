package io.github.fairlora.generate;

import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.tensor.Tensor;
import java.nio.FloatBuffer;

/**
 * The keys and values of the positions a {@link CachedDecoder} has already processed, so each new token attends to
 * them without recomputing the prefix.
 *
 * <p>Per layer, keys and values are each a tensor [slots·capacity, kvWidth]: row {@code slot·capacity + position}
 * holds the key (after RoPE for Llama) or value of that position, kvWidth = kvHeads·headSize. A slot is one sequence
 * being generated; several slots let a batch of prompts advance together. Not thread-safe.
 */
public final class KvCache {
  private final int numberOfLayers;
  private final int slots;
  private final int capacity;
  private final int kvWidth;
  /** [layers] of [slots·capacity, kvWidth]. */
  private final Tensor[] keys;
  /** [layers] of [slots·capacity, kvWidth]. */
  private final Tensor[] values;
  /** [slots]: positions filled. */
  private final int[] lengths;

  /**
   * An empty cache for {@code slots} sequences of up to {@code capacity} positions each, shaped for {@code config}.
   *
   * @throws IllegalArgumentException when slots is not positive, or capacity is not in [1, contextLength]
   */
  public KvCache(DecoderConfig config, int slots, int capacity) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots (" + slots + ") must be positive");
    }
    if (capacity < 1 || capacity > config.contextLength()) {
      throw new IllegalArgumentException("capacity (" + capacity + ") must be in [1, " + config.contextLength()
          + "] (the context length)");
    }
    long elements = (long) slots * capacity * config.kvWidth();
    if (elements > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(slots + " slots of " + capacity + " positions need " + elements
          + " floats per layer, more than one tensor holds (2^31-1); use fewer slots");
    }
    this.numberOfLayers = config.numberOfLayers();
    this.slots = slots;
    this.capacity = capacity;
    this.kvWidth = config.kvWidth();
    this.keys = new Tensor[numberOfLayers];
    this.values = new Tensor[numberOfLayers];
    for (int l = 0; l < numberOfLayers; l++) {
      keys[l] = Tensor.zeros(slots * capacity, kvWidth);
      values[l] = Tensor.zeros(slots * capacity, kvWidth);
    }
    this.lengths = new int[slots];
  }

  /** Number of layers cached. */
  public int numberOfLayers() {
    return numberOfLayers;
  }

  /** Number of sequences the cache holds side by side. */
  public int slots() {
    return slots;
  }

  /** Most positions one slot can hold. */
  public int capacity() {
    return capacity;
  }

  /** Width of one cached key or value row: kvHeads·headSize. */
  public int kvWidth() {
    return kvWidth;
  }

  /** Positions filled in {@code slot}. */
  public int length(int slot) {
    checkSlot(slot);
    return lengths[slot];
  }

  /** Keys of {@code layer}: [slots·capacity, kvWidth] (the live tensor). */
  public Tensor keys(int layer) {
    checkLayer(layer);
    return keys[layer];
  }

  /** Values of {@code layer}: [slots·capacity, kvWidth] (the live tensor). */
  public Tensor values(int layer) {
    checkLayer(layer);
    return values[layer];
  }

  /** Element offset of the row for ({@code slot}, {@code position}) in {@link #keys} and {@link #values}. */
  public int offset(int slot, int position) {
    return (slot * capacity + position) * kvWidth;
  }

  /** Forgets what {@code slot} holds (the next token goes to position 0). */
  public void clear(int slot) {
    checkSlot(slot);
    lengths[slot] = 0;
  }

  /** Forgets every slot. */
  public void clear() {
    java.util.Arrays.fill(lengths, 0);
  }

  /** Makes {@code to} hold a copy of what {@code from} holds (e.g. one prompt continued several ways). */
  public void copySlot(int from, int to) {
    checkSlot(from);
    checkSlot(to);
    if (from == to) {
      return;
    }
    int count = lengths[from] * kvWidth;
    for (int l = 0; l < numberOfLayers; l++) {
      copy(keys[l], offset(from, 0), keys[l], offset(to, 0), count);
      copy(values[l], offset(from, 0), values[l], offset(to, 0), count);
    }
    lengths[to] = lengths[from];
  }

  /** Records that {@code slot} now holds {@code length} positions (the rows were written by the caller). */
  void setLength(int slot, int length) {
    lengths[slot] = length;
  }

  private void checkLayer(int layer) {
    if (layer < 0 || layer >= numberOfLayers) {
      throw new IllegalArgumentException("layer " + layer + " is outside [0, " + numberOfLayers + ")");
    }
  }

  private void checkSlot(int slot) {
    if (slot < 0 || slot >= slots) {
      throw new IllegalArgumentException("slot " + slot + " is outside [0, " + slots + ")");
    }
  }

  /** Bulk copy of {@code count} floats between tensors. */
  static void copy(Tensor from, int fromOffset, Tensor to, int toOffset, int count) {
    FloatBuffer source = from.buffer().duplicate();
    source.limit(fromOffset + count).position(fromOffset);
    FloatBuffer target = to.buffer().duplicate();
    target.position(toOffset);
    target.put(source);
  }
}
