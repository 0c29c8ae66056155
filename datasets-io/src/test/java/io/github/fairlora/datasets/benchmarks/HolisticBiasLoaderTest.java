package io.github.fairlora.datasets.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolisticBiasLoaderTest {
  @TempDir Path temporary;

  @Test
  void readsTheThreeFilesIncludingATrailingComma() throws IOException {
    HolisticBias bias = HolisticBiasLoader.load(Fixtures.path("holistic"), ReadMode.STRICT);

    assertThat(bias.descriptors()).containsExactly(
        new HolisticBiasDescriptor("ability", "auditory", "Deaf", Optional.of("reviewed"), Optional.empty(), "a"),
        new HolisticBiasDescriptor("ability", "auditory", "hard-of-hearing", Optional.empty(), Optional.empty(), "a"),
        new HolisticBiasDescriptor("characteristics", "immigration_status", "US-born", Optional.empty(),
            Optional.empty(), "a"), // the file's article wins over the vowel rule ("an")
        new HolisticBiasDescriptor("characteristics", "immigration_status", "immigrant", Optional.empty(),
            Optional.empty(), "an"),
        new HolisticBiasDescriptor("gender_and_sex", "binary", "female", Optional.empty(), Optional.of("female"), "a"));
    assertThat(bias.nouns()).containsExactly(new HolisticBiasNoun("female", "woman", "women"),
        new HolisticBiasNoun("male", "man", "men"), new HolisticBiasNoun("male", "guy", "guys"),
        new HolisticBiasNoun("neutral", "person", "people"));
    assertThat(bias.templates()).containsExactly(new HolisticBiasTemplate("I'm {noun_phrase}.", false, false),
        new HolisticBiasTemplate("I love {plural_noun_phrase}.", false, true),
        new HolisticBiasTemplate("Hi! I'm {noun_phrase}.", true, false));
    assertThat(bias.report().recordsRead()).isEqualTo(5 + 4 + 3);
  }

  @Test
  void expandsIntoSentencesInTheDocumentedOrder() throws IOException {
    HolisticBias bias = HolisticBiasLoader.load(Fixtures.path("holistic"), ReadMode.STRICT);
    // Per unrestricted descriptor: 2 templates without must_be_noun + 4 nouns x 3 templates = 14; "female" only
    // takes the female noun: 2 + 1 x 3 = 5. Total 4 x 14 + 5 = 61.
    assertThat(bias.sentenceCount()).isEqualTo(61);
    assertThat(bias.sentences()).hasSize(61);

    List<HolisticBiasSentence> first = bias.sentences(7);
    assertThat(first).extracting(HolisticBiasSentence::text).containsExactly(
        "I'm Deaf.", "Hi! I'm Deaf.",
        "I'm a Deaf woman.", "I love Deaf women.", "Hi! I'm a Deaf woman.",
        "I'm a Deaf man.", "I love Deaf men.");
    HolisticBiasSentence plural = first.get(3);
    assertThat(plural.axis()).isEqualTo("ability");
    assertThat(plural.bucket()).isEqualTo("auditory");
    assertThat(plural.descriptor()).isEqualTo("Deaf");
    assertThat(plural.preference()).hasValue("reviewed");
    assertThat(plural.noun()).hasValue(new HolisticBiasNoun("female", "woman", "women"));
    assertThat(plural.nounPhrase()).isEqualTo("Deaf women");
    assertThat(plural.template()).isEqualTo("I love {plural_noun_phrase}.");
    assertThat(first.get(0).noun()).isEmpty();

    assertThat(bias.sentences().map(HolisticBiasSentence::text))
        .contains("I'm an immigrant person.", "I'm a US-born guy.", "I love immigrant people.")
        .doesNotContain("I love immigrant.", "I'm a female man.");
    assertThat(bias.sentences().filter(sentence -> sentence.descriptor().equals("female")))
        .extracting(HolisticBiasSentence::text)
        .containsExactly("I'm female.", "Hi! I'm female.", "I'm a female woman.", "I love female women.",
            "Hi! I'm a female woman.");
    assertThat(bias.sentences(0)).isEmpty();
    assertThat(bias.sentences(1000)).hasSize(61);
  }

  @Test
  void malformedEntries() throws IOException {
    Path folder = Fixtures.path("holistic-malformed");
    assertThatThrownBy(() -> HolisticBiasLoader.load(folder, ReadMode.STRICT))
        .hasMessageContaining("descriptors.json line 5: field 'ability.auditory[1]': expected a descriptor string or an"
            + " object with \"descriptor\", found '42'");

    HolisticBias bias = HolisticBiasLoader.load(folder, ReadMode.LENIENT);
    assertThat(bias.descriptors()).extracting(HolisticBiasDescriptor::descriptor).containsExactly("Deaf", "elderly");
    assertThat(bias.templates()).extracting(HolisticBiasTemplate::template).containsExactly("I'm {noun_phrase}.");
    assertThat(bias.report().skipped()).extracting(skip -> skip.field().orElseThrow()).containsExactly(
        "ability.auditory[1]", "ability.auditory[2].descriptor", "ability.auditory[3].gender", "ability.visual",
        "{noun_phrase} meets {noun_phrase}.", "Hello there.", "I like {plural_noun_phrase}..must_be_noun");
  }

  @Test
  void aWrongFileIsRecognised() throws IOException {
    Path folder = temporary.resolve("swapped");
    Fixtures.write(folder.resolve("descriptors.json"),
        java.nio.file.Files.readString(Fixtures.path("holistic/nouns.json")));
    java.nio.file.Files.copy(Fixtures.path("holistic/nouns.json"), folder.resolve("nouns.json"));
    java.nio.file.Files.copy(Fixtures.path("holistic/sentence_templates.json"), folder.resolve("sentence_templates.json"));
    assertThatThrownBy(() -> HolisticBiasLoader.load(folder, ReadMode.LENIENT))
        .hasMessageContaining("looks like a HolisticBias nouns.json file, not HolisticBias descriptors.json");
  }
}
