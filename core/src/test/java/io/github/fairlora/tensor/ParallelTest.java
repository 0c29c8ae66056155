package io.github.fairlora.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void everyIndexRunsExactlyOnce() {
    for (int count : new int[] {1, 2, 7, 1000, 100_003}) {
      for (int minChunk : new int[] {1, 3, 64, 1 << 20}) {
        AtomicIntegerArray seen = new AtomicIntegerArray(count);
        int chunks = Parallel.chunks(count, minChunk);
        AtomicIntegerArray chunkSeen = new AtomicIntegerArray(chunks);
        Parallel.forChunks(count, minChunk, (chunk, from, to) -> {
          chunkSeen.incrementAndGet(chunk);
          for (int i = from; i < to; i++) {
            seen.incrementAndGet(i);
          }
        });
        for (int i = 0; i < count; i++) {
          assertThat(seen.get(i)).as("index %d of %d (minChunk %d)", i, count, minChunk).isEqualTo(1);
        }
        for (int c = 0; c < chunks; c++) {
          assertThat(chunkSeen.get(c)).isEqualTo(1);
        }
        assertThat(chunks).isBetween(1, Parallel.threads());
      }
    }
  }

  @Test
  void aFailingChunkIsRethrown() {
    assertThatThrownBy(() -> Parallel.forRange(1000, 1, (from, to) -> {
      if (to == 1000) {
        throw new IllegalStateException("last chunk failed");
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("last chunk failed");
  }

  @Test
  void nestedCallsRunInline() {
    AtomicIntegerArray seen = new AtomicIntegerArray(64);
    Parallel.forRange(8, 1, (from, to) -> {
      for (int outer = from; outer < to; outer++) {
        int base = outer * 8;
        Parallel.forRange(8, 1, (f, t) -> {
          for (int i = f; i < t; i++) {
            seen.incrementAndGet(base + i);
          }
        });
      }
    });
    for (int i = 0; i < 64; i++) {
      assertThat(seen.get(i)).isEqualTo(1);
    }
  }
}
