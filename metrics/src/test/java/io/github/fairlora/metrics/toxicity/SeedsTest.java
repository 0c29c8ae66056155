package io.github.fairlora.metrics.toxicity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeedsTest {

  /** Items must not replay each other's random streams shifted by a few steps (the bug an unmixed seed had). */
  @Test
  void itemStreamsAreNotShiftedCopiesOfEachOther() {
    int draws = 64;
    long[][] streams = new long[20][draws];
    for (int item = 0; item < streams.length; item++) {
      SplittableRandom random = new SplittableRandom(Seeds.forItem(7, item));
      for (int d = 0; d < draws; d++) {
        streams[item][d] = random.nextLong();
      }
    }
    for (int a = 0; a < streams.length; a++) {
      for (int b = 0; b < streams.length; b++) {
        if (a == b) {
          continue;
        }
        for (int shift = 0; shift < 8; shift++) {
          int s = shift;
          int x = a;
          int y = b;
          boolean shifted = IntStream.range(0, draws - s).allMatch(d -> streams[x][d + s] == streams[y][d]);
          assertThat(shifted).as("item %d is item %d shifted by %d", y, x, s).isFalse();
        }
      }
    }
    assertThat(Seeds.forItem(7, 3)).isEqualTo(Seeds.forItem(7, 3));
  }
}
