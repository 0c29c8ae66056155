package io.github.fairlora.datasets.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.datasets.Fixtures;
import io.github.fairlora.datasets.ReadMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusLoaderTest {
  @TempDir Path temporary;

  @Test
  void oneDocumentPerNonBlankLine() throws IOException {
    assertThat(TextCorpusLoader.lines().loadAll(Fixtures.path("corpus/docs.txt"))).containsExactly(
        "The first document.", "The second document, after blank lines.", "The third document.");
  }

  @Test
  void paragraphsSeparatedByBlankLines() throws IOException {
    assertThat(TextCorpusLoader.paragraphs().loadAll(Fixtures.path("corpus/paragraphs.txt"))).containsExactly(
        "Paragraph one, line one.\nParagraph one, line two.",
        "Paragraph two.",
        "Paragraph three, line one.\nParagraph three, line two.");
  }

  @Test
  void aFolderOfTextFilesSomeGzippedNeverJoinsParagraphsAcrossFiles() throws IOException {
    Path folder = temporary.resolve("texts");
    Fixtures.write(folder.resolve("a.txt"), "last paragraph of a, no final newline");
    Fixtures.gzip(Fixtures.write(temporary.resolve("b-source.txt"), "first of b\n\nsecond of b\n"),
        folder.resolve("b.txt.gz"));
    Fixtures.write(folder.resolve("ignored.md"), "not a text file\n");
    var result = TextCorpusLoader.paragraphs().load(folder, ReadMode.STRICT);
    assertThat(result.records()).containsExactly("last paragraph of a, no final newline", "first of b", "second of b");
    assertThat(result.report().files()).hasSize(2);
    assertThat(TextCorpusLoader.lines().loadAll(folder)).hasSize(3);
    assertThat(Files.exists(folder.resolve("ignored.md"))).isTrue();
  }
}
