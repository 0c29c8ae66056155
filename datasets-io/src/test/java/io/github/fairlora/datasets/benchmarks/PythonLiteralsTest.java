package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonLiteralsTest {
  @Test
  void parsesNestedListsOfEitherQuoteWithEscapesAndTrailingCommas() {
    assertThat(PythonLiterals.stringListList("[['a-b'], [], [\"c\", 'd\\'e'],]"))
        .containsExactly(List.of("a-b"), List.of(), List.of("c", "d'e"));
    assertThat(PythonLiterals.stringList(" [ 'a77' , 'a78' ] ")).containsExactly("a77", "a78");
    assertThat(PythonLiterals.stringList("[]")).isEmpty();
  }

  @Test
  void rejectsWhatIsNotAListOfStrings() {
    assertThatThrownBy(() -> PythonLiterals.stringList("['a', b]")).hasMessageContaining("character 6");
    assertThatThrownBy(() -> PythonLiterals.stringList("['a'")).hasMessageContaining("ends early");
    assertThatThrownBy(() -> PythonLiterals.stringList("['a'] x")).hasMessageContaining("after the list");
    assertThatThrownBy(() -> PythonLiterals.stringList("[['a']]")).hasMessageContaining("expected a string");
    assertThatThrownBy(() -> PythonLiterals.stringListList("['a']")).hasMessageContaining("expected a list");
    assertThatThrownBy(() -> PythonLiterals.stringList("['open")).hasMessageContaining("unterminated");
  }
}
