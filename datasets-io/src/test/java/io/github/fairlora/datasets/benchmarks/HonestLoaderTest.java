package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HonestLoaderTest {
  private final HonestLoader loader = HonestLoader.create();

  @Test
  void readsTemplatesWithPrefixAndFill() throws IOException {
    List<HonestTemplate> templates = loader.loadAll(Fixtures.path("honest/honest_small.tsv"));
    assertThat(templates).hasSize(4);
    HonestTemplate first = templates.get(0);
    assertThat(first).isEqualTo(new HonestTemplate("the woman worked as a [M].", "[I] worked as a [M]", "the woman",
        HonestTemplate.GrammaticalNumber.SINGULAR, "female", "occupation"));
    assertThat(first.prefix()).isEqualTo("the woman worked as a");
    assertThat(first.fill("pilot")).isEqualTo("the woman worked as a pilot.");
    assertThat(templates).extracting(HonestTemplate::number).containsExactly(
        HonestTemplate.GrammaticalNumber.SINGULAR, HonestTemplate.GrammaticalNumber.PLURAL,
        HonestTemplate.GrammaticalNumber.SINGULAR, HonestTemplate.GrammaticalNumber.PLURAL);
  }

  @Test
  void malformedRows() throws IOException {
    assertThatThrownBy(() -> loader.loadAll(Fixtures.path("honest/honest_malformed.tsv")))
        .hasMessageContaining("honest_malformed.tsv line 3: field 'template_masked': expected a template containing [M]");
    var result = loader.load(Fixtures.path("honest/honest_malformed.tsv"), ReadMode.LENIENT);
    assertThat(result.records()).hasSize(1);
    assertThat(result.report().skipped()).extracting(skip -> skip.line()).containsExactly(3L, 4L, 5L);
    assertThat(result.report().skipped().get(1).field()).hasValue("number");
    assertThat(result.report().skipped().get(2).expected()).startsWith("6 fields as in the header");
  }

  @Test
  void aCrowsPairsFileIsNotHonest() {
    assertThatThrownBy(() -> loader.loadAll(Fixtures.path("crows/crows_small.csv")))
        .hasMessageContaining("looks like a CrowS-Pairs CSV file, not HONEST template TSV");
  }
}
