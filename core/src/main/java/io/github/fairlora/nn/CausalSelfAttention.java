package io.github.fairlora.nn;

import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;

/**
 * Causal multi-head scaled dot-product attention with grouped-query attention: query head h reads key/value head
 * h / (heads / kvHeads). It has no parameters (the projections around it are {@link LinearLayer}s).
 *
 * <p>Batches are right-padded: row b·T + t holds position t of sequence b. Because attention is causal, a real
 * position never sees a padded one, so padding needs no extra mask; outputs at padded positions are computed and
 * ignored by the loss.
 *
 * <p>Each (sequence, head) pair is two gemm calls on strided blocks of the [rows, heads·headSize] buffers, so no head
 * is copied out.
 */
public final class CausalSelfAttention {
  private final int heads;
  private final int kvHeads;
  private final int headSize;
  private final float scale;

  public CausalSelfAttention(int heads, int kvHeads, int headSize) {
    if (heads < 1 || kvHeads < 1 || heads % kvHeads != 0) {
      throw new IllegalArgumentException("kv heads (" + kvHeads + ") must divide heads (" + heads + ")");
    }
    this.heads = heads;
    this.kvHeads = kvHeads;
    this.headSize = headSize;
    this.scale = (float) (1.0 / Math.sqrt(headSize));
  }

  public int heads() {
    return heads;
  }

  public int kvHeads() {
    return kvHeads;
  }

  public int headSize() {
    return headSize;
  }

  /**
   * q [B·T, heads·hs], k and v [B·T, kvHeads·hs] → out [B·T, heads·hs]; saves the attention probabilities into
   * {@code probabilities} [B, heads, T, T] (entries above the diagonal are 0).
   */
  public void forward(Tensor q, Tensor k, Tensor v, int batch, int time, Tensor probabilities, Tensor out) {
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    int group = heads / kvHeads;
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int kvHead = h / group;
        int qOffset = b * time * qWidth + h * headSize;
        int kvOffset = b * time * kvWidth + kvHead * headSize;
        int pOffset = (b * heads + h) * time * time;
        // scores[T, T] = scale · Q_bh · K_bgᵀ
        Gemm.gemm(false, true, time, time, headSize, scale, q, qOffset, qWidth, k, kvOffset, kvWidth, 0f,
            probabilities, pOffset, time);
        causalSoftmax(probabilities, pOffset, time);
        // out_bh[T, hs] = P · V_bg
        Gemm.gemm(false, false, time, headSize, time, 1f, probabilities, pOffset, time, v, kvOffset, kvWidth, 0f,
            out, qOffset, qWidth);
      }
    }
  }

  private static void causalSoftmax(Tensor tensor, int offset, int time) {
    float[] p = Scratch.read(0, tensor, offset, time * time);
    for (int t = 0; t < time; t++) {
      int row = t * time;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j <= t; j++) {
        max = Math.max(max, p[row + j]);
      }
      double sum = 0;
      for (int j = 0; j <= t; j++) {
        float e = (float) Math.exp(p[row + j] - max);
        p[row + j] = e;
        sum += e;
      }
      float inverse = (float) (1.0 / sum);
      for (int j = 0; j <= t; j++) {
        p[row + j] *= inverse;
      }
      for (int j = t + 1; j < time; j++) {
        p[row + j] = 0f;
      }
    }
    Scratch.write(p, tensor, offset, time * time);
  }

  /**
   * Given dOut [B·T, heads·hs] and what forward saved, accumulates (+=) into dq, dk, dv. {@code scratch} holds at
   * least T·T floats.
   */
  public void backward(Tensor dOut, Tensor q, Tensor k, Tensor v, Tensor probabilities, int batch, int time,
      Tensor dq, Tensor dk, Tensor dv, Tensor scratch) {
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    int group = heads / kvHeads;
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int kvHead = h / group;
        int qOffset = b * time * qWidth + h * headSize;
        int kvOffset = b * time * kvWidth + kvHead * headSize;
        int pOffset = (b * heads + h) * time * time;
        // dP[T, T] = dOut_bh · V_bgᵀ
        Gemm.gemm(false, true, time, time, headSize, 1f, dOut, qOffset, qWidth, v, kvOffset, kvWidth, 0f,
            scratch, 0, time);
        // dV_bg += Pᵀ · dOut_bh
        Gemm.gemm(true, false, time, headSize, time, 1f, probabilities, pOffset, time, dOut, qOffset, qWidth, 1f,
            dv, kvOffset, kvWidth);
        // dS = scale · P ⊙ (dP − rowsum(dP ⊙ P)), causal part only
        float[] dP = Scratch.read(0, scratch, 0, time * time);
        float[] p = Scratch.read(1, probabilities, pOffset, time * time);
        for (int t = 0; t < time; t++) {
          int row = t * time;
          double dot = 0;
          for (int j = 0; j <= t; j++) {
            dot += (double) dP[row + j] * p[row + j];
          }
          for (int j = 0; j <= t; j++) {
            dP[row + j] = (float) (scale * p[row + j] * (dP[row + j] - dot));
          }
          for (int j = t + 1; j < time; j++) {
            dP[row + j] = 0f;
          }
        }
        Scratch.write(dP, scratch, 0, time * time);
        // dQ_bh += dS · K_bg ; dK_bg += dSᵀ · Q_bh
        Gemm.gemm(false, false, time, headSize, time, 1f, scratch, 0, time, k, kvOffset, kvWidth, 1f,
            dq, qOffset, qWidth);
        Gemm.gemm(true, false, time, headSize, time, 1f, scratch, 0, time, q, qOffset, qWidth, 1f,
            dk, kvOffset, kvWidth);
      }
    }
  }
}
