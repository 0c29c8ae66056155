package io.github.fairlora.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles against the library as built, so the quick-start API shown to
 * users cannot drift from the code. A block that is not a whole class is compiled as the body of a method that may
 * throw, with every library package and {@code java.nio.file}/{@code java.util} imported; its own {@code import}
 * lines are honoured. Compile errors are reported at their README line.
 */
class ReadmeSnippetsTest {
  /** The library modules whose packages a snippet sees without importing them. */
  private static final List<String> LIBRARY_MODULES = List.of("core", "datasets-io", "metrics", "sweep");

  @TempDir
  Path classes;

  /** One {@code ```java} block: its text and the README line of its first code line (1-based). */
  record Snippet(String code, int firstLine) {}

  @Test
  void everyJavaBlockOfTheReadmeCompiles() throws IOException {
    Path readme = projectRoot().resolve("README.md");
    List<Snippet> snippets = javaBlocks(Files.readString(readme, StandardCharsets.UTF_8));
    // The README shows the library API in (at least) the quick start and the rank sweep in code.
    assertThat(snippets).as("```java blocks in " + readme).hasSizeGreaterThanOrEqualTo(2);
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      errors.addAll(compile(snippets.get(i), "ReadmeSnippet" + i, classes.resolve("snippet" + i)));
    }
    assertThat(errors).as("compile errors in README.md's java blocks").isEmpty();
  }

  /** The check can fail: a block calling a method the library lacks is reported at its README line. */
  @Test
  void aBlockThatDoesNotCompileIsReportedAtItsReadmeLine() {
    String readme = "intro\n\n```java\nDecoder model = null;\nmodel.noSuchMethod();\n```\n";
    List<Snippet> snippets = javaBlocks(readme);
    assertThat(snippets).containsExactly(new Snippet("Decoder model = null;\nmodel.noSuchMethod();\n", 4));
    List<String> errors = compile(snippets.get(0), "BrokenSnippet", classes.resolve("broken"));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("README.md:5:").contains("noSuchMethod");
  }

  @Test
  void aWholeClassBlockIsCompiledAsItIs() {
    String readme = "```java\nimport io.github.fairlora.model.Decoder;\n\nclass Mine {\n  Decoder model;\n}\n```\n";
    List<Snippet> snippets = javaBlocks(readme);
    assertThat(compile(snippets.get(0), "Unused", classes.resolve("whole"))).isEmpty();
    assertThat(classes.resolve("whole").resolve("Mine.class")).exists();
  }

  /** The {@code ```java} blocks of a Markdown text, in order. */
  static List<Snippet> javaBlocks(String markdown) {
    List<Snippet> snippets = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    StringBuilder code = null;
    int firstLine = 0;
    for (int i = 0; i < lines.length; i++) {
      String trimmed = lines[i].strip();
      if (code == null) {
        if (trimmed.equals("```java")) {
          code = new StringBuilder();
          firstLine = i + 2;
        }
      } else if (trimmed.equals("```")) {
        snippets.add(new Snippet(code.toString(), firstLine));
        code = null;
      } else {
        code.append(lines[i]).append('\n');
      }
    }
    assertThat(code).as("a ```java block opened at line " + (firstLine - 1) + " is never closed").isNull();
    return snippets;
  }

  /** Compiles one snippet into {@code output}; returns its errors as "README.md:LINE: message". */
  private static List<String> compile(Snippet snippet, String wrapperName, Path output) {
    boolean wholeClass = snippet.code().lines().anyMatch(
        line -> line.matches("(public |final |abstract )*(class|record|interface|enum) \\w+.*"));
    String source;
    String className;
    int lineOffset; // README line of the source's line 1
    if (wholeClass) {
      source = snippet.code();
      className = snippet.code().lines().map(String::strip)
          .filter(line -> line.matches("(public |final |abstract )*(class|record|interface|enum) \\w+.*"))
          .findFirst().orElseThrow().replaceFirst("^(public |final |abstract )*(class|record|interface|enum) (\\w+).*",
              "$3");
      lineOffset = snippet.firstLine();
    } else {
      // Import lines move to the top; blank lines keep the body's lines where they were in the README.
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String line : snippet.code().split("\n", -1)) {
        if (line.strip().startsWith("import ")) {
          imports.append(line.strip()).append(' ');
          body.append('\n');
        } else {
          body.append(line).append('\n');
        }
      }
      String header = libraryPackages().stream().map(name -> "import " + name + ".*; ")
          .collect(Collectors.joining("", "import java.nio.file.*; import java.util.*; ", ""))
          + imports + "\nclass " + wrapperName + " {\n  void run() throws Exception {\n";
      source = header + body + "  }\n}\n";
      className = wrapperName;
      lineOffset = snippet.firstLine() - (int) header.lines().count();
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK compiler (the tests need a JDK, not a JRE)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      Files.createDirectories(output);
      JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
      List<String> options = List.of("-proc:none", "-classpath", testClassPath(), "-d", output.toString());
      compiler.getTask(null, files, diagnostics, options, null, List.of(file)).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> "README.md:" + (d.getLineNumber() + lineOffset - 1) + ": " + d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
  }

  /** Every package with a class in the library modules' main sources. */
  private static TreeSet<String> libraryPackages() {
    TreeSet<String> packages = new TreeSet<>();
    for (String module : LIBRARY_MODULES) {
      Path sources = projectRoot().resolve(module).resolve("src/main/java");
      try (Stream<Path> walk = Files.walk(sources)) {
        walk.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().contains("-"))
            .map(p -> sources.relativize(p.getParent()).toString().replace(p.getFileSystem().getSeparator(), "."))
            .forEach(packages::add);
      } catch (IOException e) {
        throw new UncheckedIOException("reading the sources of module " + module + " at " + sources, e);
      }
    }
    return packages;
  }

  /** The repository root: the tests run in the examples module's directory. */
  private static Path projectRoot() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("README.md")).as("README.md above the examples module").exists();
    return root;
  }

  /**
   * The test class path, with Surefire's manifest-only booter jar expanded into the entries of its Class-Path.
   */
  private static String testClassPath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      entries.add(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
        try (JarFile jar = new JarFile(entry)) {
          Manifest manifest = jar.getManifest();
          String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
          if (classPath != null) {
            URI base = Path.of(entry).toUri();
            for (String element : classPath.trim().split("\\s+")) {
              URI resolved = base.resolve(element);
              if ("file".equals(resolved.getScheme())) {
                entries.add(Path.of(resolved).toString());
              }
            }
          }
        }
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}
