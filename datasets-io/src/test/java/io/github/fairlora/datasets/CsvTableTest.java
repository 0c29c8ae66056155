package io.github.fairlora.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvTableTest {

  @Test
  void rowsKnowTheLineTheyStartOnAcrossQuotedLineBreaksAndBlankLines() throws IOException {
    // crows_small.csv: header on line 1, rows on lines 2, 3, 4-6 (two quoted fields with a line break each), a blank
    // line 7, a row on line 8.
    List<CsvTable.Row> rows = new ArrayList<>();
    try (CsvTable table = CsvTable.openCsv(Fixtures.path("crows/crows_small.csv"))) {
      assertThat(table.header()).hasSize(8).startsWith("", "sent_more");
      assertThat(table.columnIgnoringCase("SENT_LESS")).hasValue(2);
      Optional<CsvTable.Row> row;
      while ((row = table.next()).isPresent()) {
        rows.add(row.get());
      }
    }
    assertThat(rows).extracting(CsvTable.Row::line).containsExactly(2L, 3L, 4L, 8L);
    assertThat(rows.get(0).get(1)).isEqualTo("Poor people, he said, never plan ahead.");
    assertThat(rows.get(1).get(1)).isEqualTo("She shouted \"Run!\" and the old man was too slow.");
    assertThat(rows.get(2).get(1)).isEqualTo("The nurse said he\nwould be late.");
  }

  @Test
  void anUnterminatedQuoteIsAnErrorNamingWhereTheRowStarts() throws IOException {
    try (CsvTable table = CsvTable.openCsv(Fixtures.path("crows/broken_quote.csv"))) {
      assertThatThrownBy(table::next)
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("broken_quote.csv line 2")
          .hasMessageContaining("expected a well-formed delimited row");
    }
  }
}
