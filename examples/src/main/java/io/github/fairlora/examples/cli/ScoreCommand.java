package io.github.fairlora.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fairlora.model.TextScores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fairlora score}: per-text log-likelihood, token count and perplexity for a file of texts. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Score each line of a text file under a model (optionally with a PEFT LoRA adapter applied): the natural-log "
            + "likelihood of its tokens after BOS, how many tokens were scored, and the perplexity. Output is TSV "
            + "(line, tokens, log_likelihood, perplexity, text) or, with --json, a JSON array of objects."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  fairlora score --model ../shared/models/tinystories-656k texts.txt",
        "  fairlora score --model models/gpt2 --adapter adapter --json texts.txt"})
final class ScoreCommand implements Callable<Integer> {
  @ParentCommand
  private FairloraCli cli;

  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelOptions model;

  @Option(names = "--adapter", paramLabel = "DIR",
      description = "A PEFT LoRA adapter directory (adapter_config.json + adapter_model.safetensors) to apply.")
  private Path adapter;

  @Option(names = "--json", description = "Print a JSON array of {line, text, tokens, log_likelihood, perplexity}.")
  private boolean json;

  @Parameters(index = "0", paramLabel = "FILE", description = "UTF-8 text file, one text a line (blank lines are "
      + "skipped).")
  private Path file;

  @Override
  public Integer call() throws IOException {
    model.validate(spec.commandLine(), true);
    InputFiles.requireFile("FILE", file);
    if (adapter != null) {
      InputFiles.requireDirectory("--adapter", adapter);
    }
    List<String> texts = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < all.size(); i++) {
      if (!all.get(i).isBlank()) {
        texts.add(all.get(i));
        lines.add(i + 1);
      }
    }
    if (texts.isEmpty()) {
      throw new InputException(file + ": no texts (every line is blank)");
    }
    ModelOptions.Loaded loaded = model.load(spec.commandLine(), cli.err());
    if (adapter != null) {
      ModelOptions.applyAdapter(loaded, adapter, cli.err());
      cli.err().println("applied adapter " + adapter);
    }
    List<TextScores.Score> scores;
    try {
      scores = TextScores.score(loaded.model(), texts);
    } catch (IllegalArgumentException e) {
      // "text i ..." → the line number in the file
      String message = e.getMessage();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^text (\\d+)").matcher(message);
      if (m.find()) {
        message = file + " line " + lines.get(Integer.parseInt(m.group(1))) + message.substring(m.end());
      }
      throw new InputException(message);
    }
    PrintStream out = cli.out();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode array = mapper.createArrayNode();
      for (int i = 0; i < scores.size(); i++) {
        TextScores.Score score = scores.get(i);
        ObjectNode node = array.addObject();
        node.put("line", lines.get(i));
        node.put("text", score.text());
        node.put("tokens", score.tokens());
        node.put("log_likelihood", score.logLikelihood());
        node.put("perplexity", score.perplexity());
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } else {
      out.println("line\ttokens\tlog_likelihood\tperplexity\ttext");
      for (int i = 0; i < scores.size(); i++) {
        TextScores.Score score = scores.get(i);
        out.println(String.format(Locale.ROOT, "%d\t%d\t%.6f\t%.6f\t%s", lines.get(i), score.tokens(),
            score.logLikelihood(), score.perplexity(), score.text().replace('\t', ' ')));
      }
    }
    return ExitCodes.SUCCESS;
  }
}
