package io.github.fairlora.benchmarks.pytorch;

import io.github.fairlora.benchmarks.training.TrainingMode;
import io.github.fairlora.benchmarks.training.TrainingShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the PyTorch peer measures, from its command line. Shapes come from the fairlora benchmarks themselves (the
 * LoRA linear layer at the report's target shape, a {@link TrainingShape}), so both sides measure the same thing.
 *
 * @param shape          the training shape (GPT-2 family)
 * @param trainingModes  LoRA modes of the training step (full fine-tuning always runs)
 * @param warmup         unmeasured iterations (linear) or steps (training)
 * @param repeats        measured iterations or steps
 * @param iterationMillis minimum time of one linear-layer iteration
 * @param pairedRounds   interleaved fairlora/PyTorch rounds of the linear layer (the steps use {@code repeats})
 * @param json           where the results go
 */
public record PeerOptions(TrainingShape shape, List<TrainingMode> trainingModes, int warmup, int repeats,
    long iterationMillis, int pairedRounds, Path json) {

  /** The usage text. */
  public static final String USAGE = """
      java -Dai.djl.offline=true -jar benchmarks-pytorch.jar --json FILE [options]
        --shape GPT2_SMALL          the training shape (a GPT-2-family fairlora TrainingShape)
        --training-ranks 16         LoRA ranks of the step, comma list of 4, 16, 64 (full always runs)
        --warmup 2 --repeats 5      unmeasured and measured iterations or steps
        --iteration-millis 500      minimum time of one linear-layer iteration
        --paired-rounds 20          interleaved fairlora/PyTorch rounds of the linear layer""";

  /**
   * Parses {@code --name value} pairs.
   *
   * @throws IllegalArgumentException naming an unknown option, a missing value or a bad value
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
    List<String> known = List.of("shape", "training-ranks", "warmup", "repeats", "iteration-millis", "paired-rounds",
        "json");
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "\n" + USAGE);
      }
    }
    if (!values.containsKey("json")) {
      throw new IllegalArgumentException("--json FILE is required\n" + USAGE);
    }
    TrainingShape shape;
    try {
      shape = TrainingShape.valueOf(values.getOrDefault("shape", "GPT2_SMALL"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--shape must be one of " + List.of(TrainingShape.values()));
    }
    if (shape.config().family() != io.github.fairlora.model.DecoderConfig.Family.GPT2) {
      throw new IllegalArgumentException("--shape " + shape + " is not GPT-2 family; the peer writes GPT-2 blocks");
    }
    List<TrainingMode> modes = new ArrayList<>();
    for (String part : values.getOrDefault("training-ranks", "16").split(",")) {
      int rank = whole("training-ranks", part.trim(), 1);
      TrainingMode mode = java.util.Arrays.stream(TrainingMode.values()).filter(m -> m.rank() == rank).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--training-ranks: no training mode of rank " + rank
              + " (ranks: 4, 16, 64)"));
      modes.add(mode);
    }
    return new PeerOptions(shape, List.copyOf(modes),
        whole("warmup", values.getOrDefault("warmup", "2"), 0),
        whole("repeats", values.getOrDefault("repeats", "5"), 1),
        whole("iteration-millis", values.getOrDefault("iteration-millis", "500"), 1),
        whole("paired-rounds", values.getOrDefault("paired-rounds", "20"), 1),
        Path.of(values.get("json")));
  }

  private static int whole(String name, String value, int minimum) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " expects a whole number, got '" + value + "'");
    }
    if (parsed < minimum) {
      throw new IllegalArgumentException("--" + name + " must be >= " + minimum + ", got " + parsed);
    }
    return parsed;
  }
}
