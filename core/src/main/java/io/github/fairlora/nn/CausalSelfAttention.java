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
 * <p>Two implementations with the same results (within float rounding): with the Vector API, a fused pass per
 * (sequence, key/value head) that copies the head's blocks into heap arrays and computes only the causal lower
 * triangle of every product ({@link AttentionKernels}), the pairs split across cores; without it, BLAS gemm calls on
 * strided blocks of the [rows, heads·headSize] buffers (full [T, T] products, the reference the fused pass is tested
 * against).
 */
public final class CausalSelfAttention {
  private final int heads;
  private final int kvHeads;
  private final int headSize;
  private final float scale;
  /** True: the fused per-head pass ({@link AttentionKernels}); false: BLAS gemm per head. */
  private final boolean fused;
  /** Whether the fused pass uses the vector kernel bodies (false only in tests of the scalar references). */
  private final boolean vector;

  public CausalSelfAttention(int heads, int kvHeads, int headSize) {
    this(heads, kvHeads, headSize, SoftmaxKernels.VECTOR, SoftmaxKernels.VECTOR);
  }

  /** Chooses the implementation, for tests comparing them. */
  CausalSelfAttention(int heads, int kvHeads, int headSize, boolean fused, boolean vector) {
    if (heads < 1 || kvHeads < 1 || heads % kvHeads != 0) {
      throw new IllegalArgumentException("kv heads (" + kvHeads + ") must divide heads (" + heads + ")");
    }
    this.heads = heads;
    this.kvHeads = kvHeads;
    this.headSize = headSize;
    this.scale = (float) (1.0 / Math.sqrt(headSize));
    this.fused = fused;
    this.vector = vector;
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
   */
  public void forward(Tensor q, Tensor k, Tensor v, int batch, int time, Tensor probabilities, Tensor out) {
    if (fused) {
      forwardFused(q, k, v, batch, time, probabilities, out);
    } else {
      forwardWithGemm(q, k, v, batch, time, probabilities, out);
    }
  }

  /**
   * The gemm implementation, in three phases: every (sequence, head) score product, then the softmax of every block
   * split across cores, then every P·V product; the products are BLAS calls (threaded inside BLAS).
   */
  private void forwardWithGemm(Tensor q, Tensor k, Tensor v, int batch, int time, Tensor probabilities,
      Tensor out) {
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
    if (fused) {
      backwardFused(dOut, q, k, v, probabilities, batch, time, dq, dk, dv);
    } else {
      backwardWithGemm(dOut, q, k, v, probabilities, batch, time, dq, dk, dv);
    }
  }

  private void backwardWithGemm(Tensor dOut, Tensor q, Tensor k, Tensor v, Tensor probabilities, int batch,
      int time, Tensor dq, Tensor dk, Tensor dv) {
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

  // ---------------------------------------------------------------------------------------------------------------
  // Fused pass: one work item per (sequence, key/value head), covering the query heads that share it.

  /** Per-thread heap blocks of the fused pass, grown to the largest (time, headSize) seen. */
  private static final class Workspace {
    float[] key = new float[0]; // [T, hs]
    float[] value = new float[0]; // [T, hs]
    float[] transposed = new float[0]; // [hs, T]: Kᵀ (forward) or Vᵀ (backward)
    float[] query = new float[0]; // [T, hs]
    float[] outGradient = new float[0]; // [T, hs]
    float[] result = new float[0]; // [T, hs]: a head's output or its dQ
    float[] rows = new float[0]; // [T, hs]: rows read back from a tensor to accumulate into
    float[] keyGradient = new float[0]; // [T, hs]
    float[] valueGradient = new float[0]; // [T, hs]
    float[] probabilities = new float[0]; // [T, T]
    float[] scoreGradient = new float[0]; // [T, T]

    void ensure(int time, int headSize) {
      int block = time * headSize;
      if (key.length < block) {
        key = new float[block];
        value = new float[block];
        transposed = new float[block];
        query = new float[block];
        outGradient = new float[block];
        result = new float[block];
        rows = new float[block];
        keyGradient = new float[block];
        valueGradient = new float[block];
      }
      if (probabilities.length < time * time) {
        probabilities = new float[time * time];
        scoreGradient = new float[time * time];
      }
    }
  }

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  private void forwardFused(Tensor q, Tensor k, Tensor v, int batch, int time, Tensor probabilities, Tensor out) {
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    int group = heads / kvHeads;
    int block = time * time;
    Parallel.forRange(batch * kvHeads, 1, (from, to) -> {
      Workspace w = WORKSPACE.get();
      w.ensure(time, headSize);
      for (int item = from; item < to; item++) {
        int b = item / kvHeads;
        int kvHead = item % kvHeads;
        int kvOffset = b * time * kvWidth + kvHead * headSize;
        readRows(k, kvOffset, kvWidth, time, headSize, w.key);
        AttentionKernels.transpose(w.key, time, headSize, w.transposed);
        readRows(v, kvOffset, kvWidth, time, headSize, w.value);
        for (int h = kvHead * group; h < (kvHead + 1) * group; h++) {
          int qOffset = b * time * qWidth + h * headSize;
          readRows(q, qOffset, qWidth, time, headSize, w.query);
          AttentionKernels.causalScores(w.query, w.transposed, time, headSize, scale, w.probabilities, vector);
          SoftmaxKernels.causalSoftmax(w.probabilities, 0, time, vector);
          probabilities.buffer().put((b * heads + h) * block, w.probabilities, 0, block);
          AttentionKernels.lowerTimes(w.probabilities, w.value, time, headSize, w.result, vector);
          writeRows(w.result, out, qOffset, qWidth, time, headSize);
        }
      }
    });
  }

  private void backwardFused(Tensor dOut, Tensor q, Tensor k, Tensor v, Tensor probabilities, int batch, int time,
      Tensor dq, Tensor dk, Tensor dv) {
    int qWidth = heads * headSize;
    int kvWidth = kvHeads * headSize;
    int group = heads / kvHeads;
    int block = time * time;
    int headBlock = time * headSize;
    // Work items own their key/value head's rows of dk and dv, so no two threads write the same element.
    Parallel.forRange(batch * kvHeads, 1, (from, to) -> {
      Workspace w = WORKSPACE.get();
      w.ensure(time, headSize);
      for (int item = from; item < to; item++) {
        int b = item / kvHeads;
        int kvHead = item % kvHeads;
        int kvOffset = b * time * kvWidth + kvHead * headSize;
        readRows(k, kvOffset, kvWidth, time, headSize, w.key);
        readRows(v, kvOffset, kvWidth, time, headSize, w.value);
        AttentionKernels.transpose(w.value, time, headSize, w.transposed);
        java.util.Arrays.fill(w.keyGradient, 0, headBlock, 0f);
        java.util.Arrays.fill(w.valueGradient, 0, headBlock, 0f);
        for (int h = kvHead * group; h < (kvHead + 1) * group; h++) {
          int qOffset = b * time * qWidth + h * headSize;
          readRows(q, qOffset, qWidth, time, headSize, w.query);
          readRows(dOut, qOffset, qWidth, time, headSize, w.outGradient);
          probabilities.buffer().get((b * heads + h) * block, w.probabilities, 0, block);
          // dP = dOut·Vᵀ (causal part); dV += Pᵀ·dOut
          AttentionKernels.causalScores(w.outGradient, w.transposed, time, headSize, 1f, w.scoreGradient, vector);
          AttentionKernels.lowerTransposedTimes(w.probabilities, w.outGradient, time, headSize, w.valueGradient,
              vector);
          // dS = scale · P ⊙ (dP − rowsum(dP ⊙ P))
          SoftmaxKernels.causalSoftmaxBackward(w.scoreGradient, w.probabilities, 0, time, scale, vector);
          // dQ += dS·K ; dK += dSᵀ·Q
          AttentionKernels.lowerTimes(w.scoreGradient, w.key, time, headSize, w.result, vector);
          addRows(w.result, dq, qOffset, qWidth, time, headSize, w.rows);
          AttentionKernels.lowerTransposedTimes(w.scoreGradient, w.query, time, headSize, w.keyGradient, vector);
        }
        addRows(w.keyGradient, dk, kvOffset, kvWidth, time, headSize, w.rows);
        addRows(w.valueGradient, dv, kvOffset, kvWidth, time, headSize, w.rows);
      }
    });
  }

  /** block[t, 0..width) = tensor[offset + t·stride, +width) for t in [0, time). */
  private static void readRows(Tensor tensor, int offset, int stride, int time, int width, float[] block) {
    java.nio.FloatBuffer buffer = tensor.buffer();
    for (int t = 0; t < time; t++) {
      buffer.get(offset + t * stride, block, t * width, width);
    }
  }

  /** tensor[offset + t·stride, +width) = block[t, 0..width). */
  private static void writeRows(float[] block, Tensor tensor, int offset, int stride, int time, int width) {
    java.nio.FloatBuffer buffer = tensor.buffer();
    for (int t = 0; t < time; t++) {
      buffer.put(offset + t * stride, block, t * width, width);
    }
  }

  /** tensor[offset + t·stride, +width) += block[t, 0..width), through {@code rows} as scratch. */
  private static void addRows(float[] block, Tensor tensor, int offset, int stride, int time, int width,
      float[] rows) {
    readRows(tensor, offset, stride, time, width, rows);
    int count = time * width;
    for (int i = 0; i < count; i++) {
      rows[i] += block[i];
    }
    writeRows(rows, tensor, offset, stride, time, width);
  }
}
