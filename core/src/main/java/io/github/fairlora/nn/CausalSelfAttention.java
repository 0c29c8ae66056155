package io.github.fairlora.nn;

import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Parallel;
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
   *
   * <p>Three phases: every (sequence, head) score product, then the softmax of every block split across cores, then
   * every P·V product; the products are BLAS calls (threaded inside BLAS), the softmax is the vectorised kernel.
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
      }
    }
    int block = time * time;
    Parallel.forRange(batch * heads, 1, (from, to) -> {
      for (int bh = from; bh < to; bh++) {
        float[] p = Scratch.read(0, probabilities, bh * block, block);
        SoftmaxKernels.causalSoftmax(p, 0, time, SoftmaxKernels.VECTOR);
        Scratch.write(p, probabilities, bh * block, block);
      }
    });
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int kvHead = h / group;
        int qOffset = b * time * qWidth + h * headSize;
        int kvOffset = b * time * kvWidth + kvHead * headSize;
        int pOffset = (b * heads + h) * time * time;
        // out_bh[T, hs] = P · V_bg
        Gemm.gemm(false, false, time, headSize, time, 1f, probabilities, pOffset, time, v, kvOffset, kvWidth, 0f,
            out, qOffset, qWidth);
      }
    }
  }

  /** Per thread: the [B, heads, T, T] score gradients of a backward pass (grown to the largest seen, then reused). */
  private static final ThreadLocal<Tensor[]> SCORE_GRADIENTS = ThreadLocal.withInitial(() -> new Tensor[1]);

  private static Tensor scoreGradients(int length) {
    Tensor[] holder = SCORE_GRADIENTS.get();
    if (holder[0] == null || holder[0].length() < length) {
      holder[0] = Tensor.zeros(length);
    }
    return holder[0];
  }

  /**
   * Given dOut [B·T, heads·hs] and what forward saved, accumulates (+=) into dq, dk, dv. {@code scratch} (at least
   * T·T floats) is no longer used: the score gradients of all heads are kept in a per-thread buffer so that their
   * softmax backward can run across cores between the products.
   */
  public void backward(Tensor dOut, Tensor q, Tensor k, Tensor v, Tensor probabilities, int batch, int time,
      Tensor dq, Tensor dk, Tensor dv, Tensor scratch) {
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    int group = heads / kvHeads;
    int block = time * time;
    Tensor dScores = scoreGradients(batch * heads * block);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int kvHead = h / group;
        int qOffset = b * time * qWidth + h * headSize;
        int kvOffset = b * time * kvWidth + kvHead * headSize;
        int pOffset = (b * heads + h) * block;
        // dP[T, T] = dOut_bh · V_bgᵀ
        Gemm.gemm(false, true, time, time, headSize, 1f, dOut, qOffset, qWidth, v, kvOffset, kvWidth, 0f,
            dScores, pOffset, time);
        // dV_bg += Pᵀ · dOut_bh
        Gemm.gemm(true, false, time, headSize, time, 1f, probabilities, pOffset, time, dOut, qOffset, qWidth, 1f,
            dv, kvOffset, kvWidth);
      }
    }
    // dS = scale · P ⊙ (dP − rowsum(dP ⊙ P)), causal part only
    Parallel.forRange(batch * heads, 1, (from, to) -> {
      for (int bh = from; bh < to; bh++) {
        float[] dP = Scratch.read(0, dScores, bh * block, block);
        float[] p = Scratch.read(1, probabilities, bh * block, block);
        SoftmaxKernels.causalSoftmaxBackward(dP, p, 0, time, scale, SoftmaxKernels.VECTOR);
        Scratch.write(dP, dScores, bh * block, block);
      }
    });
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        int kvHead = h / group;
        int qOffset = b * time * qWidth + h * headSize;
        int kvOffset = b * time * kvWidth + kvHead * headSize;
        int pOffset = (b * heads + h) * block;
        // dQ_bh += dS · K_bg ; dK_bg += dSᵀ · Q_bh
        Gemm.gemm(false, false, time, headSize, time, 1f, dScores, pOffset, time, k, kvOffset, kvWidth, 1f,
            dq, qOffset, qWidth);
        Gemm.gemm(true, false, time, headSize, time, 1f, dScores, pOffset, time, q, qOffset, qWidth, 1f,
            dk, kvOffset, kvWidth);
      }
    }
  }
}
