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
    // Work is split over (sequence, kv head) pairs: the query heads sharing a kv head reuse its transposed keys and
    // values.
    int group = heads / kvHeads;
    int minPairs = Math.max(1, 4096 / Math.max(1, maxLength * maxLength * headSize * group));
    Parallel.forRange(sequences * kvHeads, minPairs, (from, to) -> {
      for (int pair = from; pair < to; pair++) {
        groupBlock(q, k, v, heads, kvHeads, headSize, starts[pair / kvHeads], lengths[pair / kvHeads],
            pair % kvHeads, out, vector);
      }
    });
  }

  /** Lanes the fused block pads the time axis to: the vector length when vectorised. */
  private static int lanes(boolean vector) {
    return vector ? SmallHeadAttentionVector.LANES : 1;
  }

  /**
   * The blocks of one sequence and one kv head: its keys and values are transposed once, then each query head of
   * the group runs its block. Laid out transposed so every inner loop runs along the time axis (vectorisable however
   * small the head): qT, kT, vT [headSize][tp] and scores [T][tp] with scores[j][t] = score of query t on key j
   * (t ≥ j). The causal softmax then runs column-wise: a running max and sum per query t, over keys j.
   */
  private static void groupBlock(float[] q, float[] k, float[] v, int heads, int kvHeads, int headSize, int start,
      int length, int kvHead, float[] out, boolean vector) {
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    int group = heads / kvHeads;
    int lanes = lanes(vector);
    int tp = (length + lanes - 1) / lanes * lanes; // padded time: whole vectors, padded queries are zeros
    float[] work = Scratch.array(3, workspace(headSize, tp));
    int qT = 0;
    int kT = qT + headSize * tp;
    int vT = kT + headSize * tp;
    int scores = vT + headSize * tp;
    int max = scores + length * tp;
    int sum = max + tp;
    int outT = sum + tp;
    if (vector) {
      // The vector body overwrites scores and outT; only the padded query columns must be defined (zeros).
      for (int d = 0; d < headSize; d++) {
        java.util.Arrays.fill(work, qT + d * tp + length, qT + (d + 1) * tp, 0f);
      }
    }
    for (int t = 0; t < length; t++) {
      int kvRow = (start + t) * kvWidth + kvHead * headSize;
      for (int d = 0; d < headSize; d++) {
        work[kT + d * tp + t] = k[kvRow + d];
        work[vT + d * tp + t] = v[kvRow + d];
      }
    }
    float scale = (float) (1.0 / Math.sqrt(headSize));
    for (int head = kvHead * group; head < (kvHead + 1) * group; head++) {
      if (!vector) {
        java.util.Arrays.fill(work, qT, qT + headSize * tp, 0f);
        java.util.Arrays.fill(work, scores, outT + headSize * tp, 0f);
      }
      for (int t = 0; t < length; t++) {
        int qRow = (start + t) * qWidth + head * headSize;
        for (int d = 0; d < headSize; d++) {
          work[qT + d * tp + t] = q[qRow + d];
        }
      }
      if (vector) {
        SmallHeadAttentionVector.block(work, qT, kT, vT, scores, max, sum, outT, headSize, length, tp, scale);
      } else {
        blockScalar(work, qT, kT, vT, scores, max, sum, outT, headSize, length, tp, scale);
      }
      for (int t = 0; t < length; t++) {
        int qRow = (start + t) * qWidth + head * headSize;
        float inverse = 1f / work[sum + t];
        for (int d = 0; d < headSize; d++) {
          out[qRow + d] = work[outT + d * tp + t] * inverse;
        }
      }
    }
  }

  static int workspace(int headSize, int tp) {
    return 4 * headSize * tp + tp * tp + 2 * tp;
  }

  /**
   * The scalar body of the transposed block (the path without the Vector API). Key j touches queries [j, tp); on
   * exit outT[d][t] = Σ_j exp(s[j][t] − max[t])·v[j][d] and sum[t] = Σ_j exp(s[j][t] − max[t]).
   */
  static void blockScalar(float[] w, int qT, int kT, int vT, int scores, int max, int sum, int outT, int headSize,
      int length, int tp, float scale) {
    java.util.Arrays.fill(w, max, max + tp, Float.NEGATIVE_INFINITY);
    for (int j = 0; j < length; j++) {
      int row = scores + j * tp;
      for (int d = 0; d < headSize; d++) {
        float kjd = scale * w[kT + d * tp + j];
        int qd = qT + d * tp;
        for (int t = j; t < tp; t++) {
          w[row + t] += kjd * w[qd + t];
        }
      }
      for (int t = j; t < tp; t++) {
        w[max + t] = Math.max(w[max + t], w[row + t]);
      }
    }
    for (int j = 0; j < length; j++) {
      int row = scores + j * tp;
      for (int t = j; t < tp; t++) {
        float e = (float) Math.exp(w[row + t] - w[max + t]);
        w[sum + t] += e;
        for (int d = 0; d < headSize; d++) {
          w[outT + d * tp + t] += e * w[vT + d * tp + j];
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
