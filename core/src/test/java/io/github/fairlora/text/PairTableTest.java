package io.github.fairlora.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairTableTest {
  @Test
  void agreesWithAHashMapOnRandomPairs() {
    Random random = new Random(5);
    PairTable table = new PairTable(20_000);
    Map<String, Long> reference = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      // Small ids collide often under left ^ right hashing; the table must still keep them apart.
      int left = random.nextInt(300);
      int right = random.nextInt(300);
      long value = random.nextInt(1_000_000);
      Long earlier = reference.putIfAbsent(left + "," + right, value);
      assertThat(table.putIfAbsent(left, right, value)).isEqualTo(earlier == null ? -1L : earlier);
    }
    assertThat(table.size()).isEqualTo(reference.size());
    for (int left = 0; left < 300; left++) {
      for (int right = 0; right < 300; right++) {
        Long expected = reference.get(left + "," + right);
        assertThat(table.get(left, right)).isEqualTo(expected == null ? -1L : expected);
      }
    }
  }

  @Test
  void refusesNegativeEntriesAndOverfilling() {
    PairTable table = new PairTable(2);
    assertThatThrownBy(() -> table.putIfAbsent(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> table.putIfAbsent(0, 0, -5)).isInstanceOf(IllegalArgumentException.class);
    table.putIfAbsent(0, 1, 7);
    table.putIfAbsent(1, 0, 8);
    assertThat(table.get(0, 1)).isEqualTo(7);
    assertThat(table.get(1, 0)).isEqualTo(8);
    assertThat(table.get(1, 1)).isEqualTo(-1);
    assertThatThrownBy(() -> {
      for (int i = 2; i < 100; i++) {
        table.putIfAbsent(i, i, i);
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
  }
}
