package io.github.fairlora.benchmarks.pytorch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the PyTorch peer measures, from its command line (the fairlora benchmark suite passes its own shapes, so both
 * sides measure the same thing). Every option is {@code --name value}.
 *
 * @param tokens         n of the LoRA linear layer
 * @param size           in = out of the layer
 * @param rank           adapter rank of the layer
 * @param scale          adapter scale s
 * @param vocabulary     training model: vocabulary
 * @param context        training model: context length (positions)
 * @param width          training model: width
 * @param layers         training model: blocks
 * @param heads          training model: heads
 * @param batch          training step: sequences
 * @param time           training step: tokens per sequence
 * @param trainingRanks  training step: LoRA ranks to measure (full fine-tuning is always measured)
 * @param warmup         unmeasured iterations (linear) or steps (training)
 * @param repeats        measured iterations or steps
 * @param iterationMillis minimum time of one linear-layer iteration
 * @param json           where the results go
 */
public record PeerOptions(int tokens, int size, int rank, float scale, int vocabulary, int context, int width,
    int layers, int heads, int batch, int time, List<Integer> trainingRanks, int warmup, int repeats,
    long iterationMillis, Path json) {

  /** The usage text. */
  public static final String USAGE = """
      java -Dai.djl.offline=true -jar benchmarks-pytorch.jar --json FILE [options]
        --tokens 2048 --size 768 --rank 16 --scale 2        the LoRA linear layer
        --vocabulary 50257 --context 256 --width 768 --layers 2 --heads 12 --batch 2 --time 256
                                                            the GPT-2-family training step
        --training-ranks 16                                 LoRA ranks of the step (comma list; full always runs)
        --warmup 2 --repeats 5 --iteration-millis 500       how long to measure""";

  /**
   * Parses {@code --name value} pairs.
   *
   * @throws IllegalArgumentException naming an unknown option, a missing value or a value that is not a number
   */
  public static PeerOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException("expected an option --name, got '" + name + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
      }
      values.put(name.substring(2), args[++i]);
    }
    List<String> known = List.of("tokens", "size", "rank", "scale", "vocabulary", "context", "width", "layers",
        "heads", "batch", "time", "training-ranks", "warmup", "repeats", "iteration-millis", "json");
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "\n" + USAGE);
      }
    }
    if (!values.containsKey("json")) {
      throw new IllegalArgumentException("--json FILE is required\n" + USAGE);
    }
    List<Integer> ranks = new ArrayList<>();
    for (String part : values.getOrDefault("training-ranks", "16").split(",")) {
      ranks.add(positive("training-ranks", part.trim()));
    }
    return new PeerOptions(
        positive("tokens", values.getOrDefault("tokens", "2048")),
        positive("size", values.getOrDefault("size", "768")),
        positive("rank", values.getOrDefault("rank", "16")),
        (float) Double.parseDouble(values.getOrDefault("scale", "2")),
        positive("vocabulary", values.getOrDefault("vocabulary", "50257")),
        positive("context", values.getOrDefault("context", "256")),
        positive("width", values.getOrDefault("width", "768")),
        positive("layers", values.getOrDefault("layers", "2")),
        positive("heads", values.getOrDefault("heads", "12")),
        positive("batch", values.getOrDefault("batch", "2")),
        positive("time", values.getOrDefault("time", "256")),
        List.copyOf(ranks),
        Integer.parseInt(values.getOrDefault("warmup", "2")),
        positive("repeats", values.getOrDefault("repeats", "5")),
        positive("iteration-millis", values.getOrDefault("iteration-millis", "500")),
        Path.of(values.get("json")));
  }

  private static int positive(String name, String value) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " expects a whole number, got '" + value + "'");
    }
    if (parsed < 1) {
      throw new IllegalArgumentException("--" + name + " must be positive, got " + parsed);
    }
    return parsed;
  }
}
