package io.github.fairlora.benchmarks.training;

import io.github.fairlora.lora.Target;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.Projection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Matrix-product FLOPs of one training step, counted the way this engine executes it (2 FLOPs per multiply-add),
 * so that step time can be compared with the gemm ceiling. Elementwise work (norms, softmax, GELU/SwiGLU,
 * cross-entropy, the optimizer) is not counted: it is what the comparison exposes.
 *
 * <p>Per projection [in → out] over n = batch·time rows: forward 2·n·in·out; backward dx 2·n·in·out (every block's
 * input gradient is computed); dW 2·n·in·out when the weight trains. An adapter of rank r adds 2·n·r·(in+out)
 * forward and 4·n·r·(in+out) backward. Attention per sequence and head: 4·T²·hs forward and 8·T²·hs backward (the
 * engine multiplies the whole T×T block; causality is applied in the softmax). The tied head: 2·n·width·vocabulary
 * forward, the same for its input gradient, and again for the embedding gradient when it trains. Full fine-tuning
 * comes to about 6·(layer parameters)·n plus attention and head, the usual estimate.
 */
public final class TrainingFlops {
  private TrainingFlops() {}

  /** FLOPs per step, split by where they are spent. */
  public record Count(double projections, double adapters, double attention, double head) {
    /** The sum. */
    public double total() {
      return projections + adapters + attention + head;
    }
  }

  /** The count for one step of {@code shape} in {@code mode}. */
  public static Count perStep(TrainingShape shape, TrainingMode mode) {
    return perStep(shape.config(), shape.batchSize(), shape.timeSteps(), mode.rank());
  }

  /**
   * The count for one step of a model of {@code config} on batch × time tokens, with LoRA of the given rank on the
   * attention projections (rank 0: full fine-tuning, everything trains).
   */
  public static Count perStep(DecoderConfig config, int batch, int time, int rank) {
    double n = (double) batch * time;
    boolean full = rank == 0;
    Set<Projection> adapted = full ? Set.of() : Target.ATTENTION.resolve(config.family());
    double projections = 0;
    double adapters = 0;
    for (Map.Entry<Projection, int[]> entry : projectionShapes(config).entrySet()) {
      double in = entry.getValue()[0];
      double out = entry.getValue()[1];
      double perLayer = (full ? 6 : 4) * n * in * out;
      projections += perLayer * config.numberOfLayers();
      if (adapted.contains(entry.getKey())) {
        adapters += 6 * n * rank * (in + out) * config.numberOfLayers();
      }
    }
    double attention = 12.0 * batch * config.numberOfHeads() * (double) time * time * config.headSize()
        * config.numberOfLayers();
    double head = (full ? 6 : 4) * n * config.width() * config.vocabularySize();
    return new Count(projections, adapters, attention, head);
  }

  /** [in, out] of every projection of one block, by projection. */
  public static Map<Projection, int[]> projectionShapes(DecoderConfig config) {
    Map<Projection, int[]> shapes = new LinkedHashMap<>();
    int width = config.width();
    int hidden = config.hiddenSize();
    if (config.family() == DecoderConfig.Family.GPT2) {
      shapes.put(Projection.QKV, new int[] {width, 3 * width});
      shapes.put(Projection.O, new int[] {width, width});
      shapes.put(Projection.UP, new int[] {width, hidden});
      shapes.put(Projection.DOWN, new int[] {hidden, width});
    } else {
      int kv = config.kvWidth();
      shapes.put(Projection.Q, new int[] {width, width});
      shapes.put(Projection.K, new int[] {width, kv});
      shapes.put(Projection.V, new int[] {width, kv});
      shapes.put(Projection.O, new int[] {width, width});
      shapes.put(Projection.GATE, new int[] {width, hidden});
      shapes.put(Projection.UP, new int[] {width, hidden});
      shapes.put(Projection.DOWN, new int[] {hidden, width});
    }
    return shapes;
  }
}
