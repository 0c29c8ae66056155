package io.github.fairlora.spark;

import io.github.fairlora.model.Decoder;

/**
 * The decoder of a broadcast snapshot, restored once per executor thread: Spark reuses its task threads, so the
 * weights are copied out of the snapshot once, not per task, and no two concurrent tasks share a decoder (a forward
 * pass keeps state in the model).
 */
final class TaskModels {
  private TaskModels() {}

  private record Entry(ModelSnapshot snapshot, Decoder decoder) {}

  private static final ThreadLocal<Entry> LAST = new ThreadLocal<>();

  /** This thread's decoder of {@code snapshot}. */
  static Decoder get(ModelSnapshot snapshot) {
    Entry entry = LAST.get();
    if (entry == null || entry.snapshot() != snapshot) {
      entry = new Entry(snapshot, snapshot.restore());
      LAST.set(entry);
    }
    return entry.decoder();
  }
}
