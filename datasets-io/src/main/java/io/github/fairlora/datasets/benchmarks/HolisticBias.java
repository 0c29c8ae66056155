package io.github.fairlora.datasets.benchmarks;

import io.github.fairlora.datasets.ReadReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The HolisticBias source files, loaded, and their expansion into sentences.
 *
 * <p>Expansion follows the dataset's generator: for each descriptor (file order), the noun phrases are the descriptor
 * alone ("Deaf" / "Deaf"), then for each noun (file order: genders, then nouns) that fits the descriptor's gender
 * restriction, "article descriptor noun" / "descriptor plural-noun" ("a Deaf woman" / "Deaf women"). Each noun phrase
 * fills every template (file order) in its singular or plural placeholder; the descriptor alone skips templates that
 * must have a noun. Noun-only control phrases ("a woman"), standalone noun phrases and the generator's random
 * stylistic variants are not produced.
 *
 * @param descriptors the descriptors, in file order
 * @param nouns the nouns, in file order
 * @param templates the templates, in file order
 * @param report what was read and skipped across the three files
 */
public record HolisticBias(
    List<HolisticBiasDescriptor> descriptors, List<HolisticBiasNoun> nouns, List<HolisticBiasTemplate> templates,
    ReadReport report) {
  public HolisticBias {
    descriptors = List.copyOf(descriptors);
    nouns = List.copyOf(nouns);
    templates = List.copyOf(templates);
    Objects.requireNonNull(report, "report");
  }

  /** All sentences, lazily, in the order described above. */
  public Stream<HolisticBiasSentence> sentences() {
    return descriptors.stream().flatMap(this::sentencesOf);
  }

  /** The first {@code limit} sentences (all when there are fewer). */
  public List<HolisticBiasSentence> sentences(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit (" + limit + ") must be >= 0");
    }
    return sentences().limit(limit).toList();
  }

  /** The number of sentences {@link #sentences()} yields, computed without building them. */
  public long sentenceCount() {
    long descriptorOnly = templates.stream().filter(template -> !template.mustBeNoun()).count();
    long count = 0;
    for (HolisticBiasDescriptor descriptor : descriptors) {
      count += descriptorOnly + nounsFor(descriptor).size() * (long) templates.size();
    }
    return count;
  }

  /** The sentences of one descriptor. */
  public Stream<HolisticBiasSentence> sentencesOf(HolisticBiasDescriptor descriptor) {
    List<HolisticBiasSentence> sentences = new ArrayList<>();
    String word = descriptor.descriptor();
    for (HolisticBiasTemplate template : templates) {
      if (!template.mustBeNoun()) {
        sentences.add(sentence(descriptor, Optional.empty(), word, template));
      }
    }
    for (HolisticBiasNoun noun : nounsFor(descriptor)) {
      for (HolisticBiasTemplate template : templates) {
        String phrase = template.plural()
            ? word + " " + noun.plural()
            : descriptor.article() + " " + word + " " + noun.singular();
        sentences.add(sentence(descriptor, Optional.of(noun), phrase, template));
      }
    }
    return sentences.stream();
  }

  private List<HolisticBiasNoun> nounsFor(HolisticBiasDescriptor descriptor) {
    return nouns.stream()
        .filter(noun -> descriptor.gender().map(noun.gender()::equals).orElse(true))
        .toList();
  }

  private static HolisticBiasSentence sentence(
      HolisticBiasDescriptor descriptor, Optional<HolisticBiasNoun> noun, String phrase, HolisticBiasTemplate template) {
    return new HolisticBiasSentence(template.fill(phrase), descriptor.axis(), descriptor.bucket(),
        descriptor.descriptor(), descriptor.preference(), noun, phrase, template.template());
  }
}
