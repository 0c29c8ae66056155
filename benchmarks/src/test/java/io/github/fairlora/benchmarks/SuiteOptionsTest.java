package io.github.fairlora.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.benchmarks.SuiteOptions.Part;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {
  @Test
  void quickIsTheDefaultAndRunsEverything() {
    SuiteOptions options = SuiteOptions.parse(new String[0]);
    assertThat(options.plan().name()).isEqualTo("quick");
    assertThat(options.parts()).containsExactlyInAnyOrder(Part.values());
  }

  @Test
  void longPlanCoversTheWholeSweep() {
    SuiteOptions options = SuiteOptions.parse(new String[] {"--long", "--out", "x"});
    assertThat(options.plan().kernelTokens()).containsExactly("1", "16", "128", "512", "2048");
    assertThat(options.plan().kernelSizes()).containsExactly("256", "768", "2048");
    assertThat(options.plan().kernelRanks()).containsExactly("4", "8", "16", "64");
    assertThat(options.output()).isEqualTo(Path.of("x"));
  }

  @Test
  void partsCanBeChosenOrSkipped() {
    assertThat(SuiteOptions.parse(new String[] {"--only", "kernels,training"}).parts())
        .containsExactlyInAnyOrder(Part.KERNELS, Part.TRAINING);
    assertThat(SuiteOptions.parse(new String[] {"--skip", "pytorch"}).parts()).doesNotContain(Part.PYTORCH)
        .contains(Part.ND4J);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--fast"})).hasMessageContaining("unknown option '--fast'");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--only", "gpu"})).hasMessageContaining("unknown part 'gpu'");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--out"})).hasMessageContaining("--out needs a value");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--max-load", "high"}))
        .hasMessageContaining("--max-load expects a number");
  }
}
