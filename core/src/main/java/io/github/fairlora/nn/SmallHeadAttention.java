package io.github.fairlora.nn;

import io.github.fairlora.tensor.Parallel;
import io.github.fairlora.tensor.Scratch;

/**
 * Inference-only causal attention over packed sequences, for the small heads (head size 8-64) of the models the bias
 * probes score. {@link CausalSelfAttention} issues two BLAS calls per (sequence, head) on a padded [B·T] layout and
 * keeps every probability block for backward; at head size 8 and ~20 tokens those calls are mostly dispatch overhead.
 * Here each (sequence, head) pair is one fused loop on heap arrays (scores, softmax, weighted sum of values), the
 * pairs are split across cores, nothing is saved, and no padded position is ever computed.
 *
 * <p>Layout: sequence s occupies rows [starts[s], starts[s] + lengths[s]) of q [rows, heads·headSize] and of k, v
 * [rows, kvHeads·headSize]; query head h reads key/value head h / (heads / kvHeads), as in
 * {@link CausalSelfAttention}. The output rows [rows, heads·headSize] of each sequence are overwritten.
 */
public final class SmallHeadAttention {
  private SmallHeadAttention() {}

  /** Whether {@link #forward} takes the vectorised softmax (the same kernels as the training attention). */
  static final boolean VECTOR = SoftmaxKernels.VECTOR;

  /** Fast path: the fused loop, split across cores over (sequence, head) pairs. */
  public static void forward(float[] q, float[] k, float[] v, int heads, int kvHeads, int headSize, int[] starts,
      int[] lengths, int sequences, float[] out) {
    forward(q, k, v, heads, kvHeads, headSize, starts, lengths, sequences, out, VECTOR);
  }

  static void forward(float[] q, float[] k, float[] v, int heads, int kvHeads, int headSize, int[] starts,
      int[] lengths, int sequences, float[] out, boolean vector) {
    checkShapes(q, k, v, heads, kvHeads, headSize, starts, lengths, sequences, out);
    int longest = 0;
    for (int s = 0; s < sequences; s++) {
      longest = Math.max(longest, lengths[s]);
    }
    int maxLength = longest;
    // ~T²·headSize multiply-adds per pair; keep a few thousand per task so short batches stay on one thread.
    int minPairs = Math.max(1, 4096 / Math.max(1, maxLength * maxLength * headSize));
    Parallel.forRange(sequences * heads, minPairs, (from, to) -> {
      float[] scores = Scratch.array(3, maxLength);
      for (int pair = from; pair < to; pair++) {
        headBlock(q, k, v, heads, kvHeads, headSize, starts[pair / heads], lengths[pair / heads], pair % heads,
            out, scores, vector);
      }
    });
  }

  /** One (sequence, head) block: for each query t, softmax over keys 0..t, then the weighted sum of values. */
  private static void headBlock(float[] q, float[] k, float[] v, int heads, int kvHeads, int headSize, int start,
      int length, int head, float[] out, float[] scores, boolean vector) {
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    int kvHead = head / (heads / kvHeads);
    float scale = (float) (1.0 / Math.sqrt(headSize));
    for (int t = 0; t < length; t++) {
      int qRow = (start + t) * qWidth + head * headSize;
      for (int j = 0; j <= t; j++) {
        int kRow = (start + j) * kvWidth + kvHead * headSize;
        float dot = 0f;
        for (int d = 0; d < headSize; d++) {
          dot += q[qRow + d] * k[kRow + d];
        }
        scores[j] = scale * dot;
      }
      double sum;
      if (vector) {
        float max = VectorKernels.max(scores, 0, t + 1);
        sum = VectorKernels.expShiftSum(scores, 0, t + 1, max, true);
      } else {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
          max = Math.max(max, scores[j]);
        }
        sum = 0;
        for (int j = 0; j <= t; j++) {
          float e = (float) Math.exp(scores[j] - max);
          scores[j] = e;
          sum += e;
        }
      }
      float inverse = (float) (1.0 / sum);
      java.util.Arrays.fill(out, qRow, qRow + headSize, 0f);
      for (int j = 0; j <= t; j++) {
        float p = scores[j] * inverse;
        int vRow = (start + j) * kvWidth + kvHead * headSize;
        for (int d = 0; d < headSize; d++) {
          out[qRow + d] += p * v[vRow + d];
        }
      }
    }
  }

  /** The reference: the textbook formula per (sequence, head, query), in double, on one thread. */
  static void forwardReference(float[] q, float[] k, float[] v, int heads, int kvHeads, int headSize, int[] starts,
      int[] lengths, int sequences, float[] out) {
    checkShapes(q, k, v, heads, kvHeads, headSize, starts, lengths, sequences, out);
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    double scale = 1.0 / Math.sqrt(headSize);
    for (int s = 0; s < sequences; s++) {
      for (int h = 0; h < heads; h++) {
        int g = h / (heads / kvHeads);
        for (int t = 0; t < lengths[s]; t++) {
          double[] weights = new double[t + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= t; j++) {
            double dot = 0;
            for (int d = 0; d < headSize; d++) {
              dot += (double) q[(starts[s] + t) * qWidth + h * headSize + d] * k[(starts[s] + j) * kvWidth
                  + g * headSize + d];
            }
            weights[j] = scale * dot;
            max = Math.max(max, weights[j]);
          }
          double sum = 0;
          for (int j = 0; j <= t; j++) {
            weights[j] = Math.exp(weights[j] - max);
            sum += weights[j];
          }
          for (int d = 0; d < headSize; d++) {
            double value = 0;
            for (int j = 0; j <= t; j++) {
              value += weights[j] / sum * v[(starts[s] + j) * kvWidth + g * headSize + d];
            }
            out[(starts[s] + t) * qWidth + h * headSize + d] = (float) value;
          }
        }
      }
    }
  }

  private static void checkShapes(float[] q, float[] k, float[] v, int heads, int kvHeads, int headSize,
      int[] starts, int[] lengths, int sequences, float[] out) {
    if (heads < 1 || kvHeads < 1 || heads % kvHeads != 0 || headSize < 1) {
      throw new IllegalArgumentException("heads (" + heads + ") must be a positive multiple of kv heads (" + kvHeads
          + ") and head size (" + headSize + ") positive");
    }
    if (starts.length < sequences || lengths.length < sequences) {
      throw new IllegalArgumentException(sequences + " sequences but " + starts.length + " starts and "
          + lengths.length + " lengths");
    }
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    for (int s = 0; s < sequences; s++) {
      long end = (long) starts[s] + lengths[s];
      if (starts[s] < 0 || lengths[s] < 0 || end * qWidth > q.length || end * qWidth > out.length
          || end * kvWidth > k.length || end * kvWidth > v.length) {
        throw new IllegalArgumentException("sequence " + s + " (rows " + starts[s] + ".." + end
            + ") runs past the q/k/v/out arrays");
      }
    }
  }
}
