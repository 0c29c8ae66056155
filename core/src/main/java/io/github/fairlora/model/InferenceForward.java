package io.github.fairlora.model;

import io.github.fairlora.nn.Gelu;
import io.github.fairlora.nn.LinearLayer;
import io.github.fairlora.nn.SmallHeadAttention;
import io.github.fairlora.nn.SwiGlu;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import java.util.List;

/**
 * The decoder's forward pass for scoring and inspection, without the training pass's bookkeeping: sequences are
 * packed back to back (row starts[s] + t is position t of sequence s, so no padded row is ever computed), the
 * residual stream is updated in place, only one layer's intermediate values exist at a time, nothing is kept for
 * backward and no loss is computed. Attention runs through {@link SmallHeadAttention}. The layers' own forward
 * methods (projections with any LoRA adapters, norms, RoPE, activations) are the ones training uses, so the numbers
 * agree with {@link Decoder#forward} up to float summation order in attention.
 *
 * <p>Buffers grow to the largest pack seen and are reused. Not thread-safe (like the decoder).
 */
final class InferenceForward {
  /** Sees the residual stream [rows, width] after the embedding (layer 0) and after each block l (layer l + 1). */
  interface LayerObserver {
    void observe(int layer, Tensor residual);
  }

  private final Decoder model;
  private final DecoderConfig config;
  private int capacity;
  int rows;
  int sequences;
  int[] inputs = new int[0]; // [rows]: token ids
  int[] positions = new int[0]; // [rows]: position of each row inside its sequence
  int[] starts = new int[0]; // [sequences]: first row of each sequence
  int[] lengths = new int[0]; // [sequences]
  Tensor residual; // [rows, width]: the stream, updated in place block by block
  Tensor normed; // [rows, width]: norm output feeding the projections
  Tensor branch; // [rows, width]: output of the O or down projection before it joins the stream
  private Tensor mean; // [rows]: norm statistics (required by the Norm API, unused afterwards)
  private Tensor inverseStd; // [rows]
  private Tensor q; // [rows, heads·hs] (Llama; after RoPE)
  private Tensor k; // [rows, kvHeads·hs]
  private Tensor v; // [rows, kvHeads·hs]
  private Tensor qkv; // [rows, 3·width] (GPT-2's fused projection)
  private Tensor attention; // [rows, width]: attention output
  private Tensor gate; // [rows, hidden]
  private Tensor up; // [rows, hidden] (Llama)
  private Tensor activated; // [rows, hidden]
  private Tensor headInput; // [headBlockRows, width]: one block of the normed stream, the LM head's input
  private Tensor logits; // [headBlockRows, vocabulary]
  private int[] blockTargets = new int[0]; // [headBlockRows]
  /** Rows per LM-head block ({@link #headBlockRows(int)}; tests set it small to cross block boundaries). */
  int headBlockRows;
  private float[] qHeap = new float[0]; // heap copies of q, k, v and the attention output for the fused kernel
  private float[] kHeap = new float[0];
  private float[] vHeap = new float[0];
  private float[] outHeap = new float[0];

  InferenceForward(Decoder model) {
    if (!supports(model.config())) {
      throw new IllegalArgumentException("the inference pass does not run " + model.config().family() + " decoders");
    }
    this.model = model;
    this.config = model.config();
    this.headBlockRows = headBlockRows(config.vocabularySize());
  }

  /**
   * Whether this pass computes {@code config}'s decoder: GPT-2 and the Llama family. OPT (offset positions, post-norm
   * blocks, project_in/out, optional final norm) is scored by the training forward instead.
   */
  static boolean supports(DecoderConfig config) {
    return config.family() == DecoderConfig.Family.GPT2 || config.family() == DecoderConfig.Family.LLAMA;
  }

  /**
   * Packs sequences [from, to) of {@code all}, in that order, and runs the embedding and every block; the final
   * residual stream is left in {@link #residual}. Lengths must already be checked against the context length.
   */
  void run(List<int[]> all, int from, int to, LayerObserver observer) {
    pack(all, from, to);
    int width = config.width();
    model.tokenEmbedding().forward(inputs, rows, residual);
    if (model.positionEmbedding() != null) {
      model.positionEmbedding().forwardAdd(positions, rows, residual);
    }
    if (observer != null) {
      observer.observe(0, residual);
    }
    List<Block> blocks = model.blocks();
    for (int l = 0; l < blocks.size(); l++) {
      block(blocks.get(l), width);
      if (observer != null) {
        observer.observe(l + 1, residual);
      }
    }
  }

  /**
   * Final norm of the stream, then out[outOffset + r] = log softmax(logits of row r)[targets[r]] for every packed
   * row. The LM head runs over blocks of {@link #headBlockRows} rows, each block's logits reduced to logit − logsumexp
   * while they are still in cache: [rows, vocabulary] logits never exist at once (411 MB for a 2048-row GPT-2 pack
   * before; a block is at most a few MB).
   *
   * @param targets [rows]: the token each row predicts (any valid id for rows whose result is dropped)
   */
  void targetLogProbabilities(int[] targets, float[] out, int outOffset) {
    model.finalNorm().forward(residual, rows, normed, mean, inverseStd);
    int width = config.width();
    int vocabulary = config.vocabularySize();
    if (logits == null || blockTargets.length != headBlockRows) {
      headInput = Tensor.zeros(headBlockRows, width);
      logits = Tensor.zeros(headBlockRows, vocabulary);
      blockTargets = new int[headBlockRows];
    }
    for (int first = 0; first < rows; first += headBlockRows) {
      int count = Math.min(headBlockRows, rows - first);
      headInput.buffer().put(0, normed.buffer(), first * width, count * width);
      if (model.head() != null) {
        model.head().forward(headInput, count, logits);
      } else {
        io.github.fairlora.tensor.Gemm.rows(count, headInput, model.tokenEmbedding().weight().value(), true, logits,
            width, vocabulary, 1f, 0f);
      }
      System.arraycopy(targets, first, blockTargets, 0, count);
      io.github.fairlora.nn.CrossEntropy.targetLogProbabilities(logits, count, vocabulary, blockTargets, out,
          outOffset + first);
    }
  }

  /** Rows per LM-head block: about a million logits (4 MB), at least 64 rows so the head's gemm stays efficient. */
  static int headBlockRows(int vocabulary) {
    return Math.max(64, (1 << 20) / vocabulary);
  }

  private void block(Block block, int width) {
    block.attentionNorm().forward(residual, rows, normed, mean, inverseStd);
    int qWidth = width;
    int kvWidth = config.kvWidth();
    if (config.family() == DecoderConfig.Family.GPT2) {
      block.projection(Projection.QKV).forward(normed, rows, qkv);
      float[] fused = Scratch.read(0, qkv, 0, rows * 3 * width);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(fused, r * 3 * width, qHeap, r * width, width);
        System.arraycopy(fused, r * 3 * width + width, kHeap, r * width, width);
        System.arraycopy(fused, r * 3 * width + 2 * width, vHeap, r * width, width);
      }
    } else {
      block.projection(Projection.Q).forward(normed, rows, q);
      block.projection(Projection.K).forward(normed, rows, k);
      block.projection(Projection.V).forward(normed, rows, v);
      model.rope().forward(q, rows, config.numberOfHeads(), positions);
      model.rope().forward(k, rows, config.numberOfKvHeads(), positions);
      q.buffer().get(0, qHeap, 0, rows * qWidth);
      k.buffer().get(0, kHeap, 0, rows * kvWidth);
      v.buffer().get(0, vHeap, 0, rows * kvWidth);
    }
    SmallHeadAttention.forward(qHeap, kHeap, vHeap, config.numberOfHeads(), config.numberOfKvHeads(),
        width / config.numberOfHeads(), starts, lengths, sequences, outHeap);
    attention.buffer().put(0, outHeap, 0, rows * width);
    block.projection(Projection.O).forward(attention, rows, branch);
    addInto(residual, branch, rows * width);
    block.mlpNorm().forward(residual, rows, normed, mean, inverseStd);
    int hidden = config.hiddenSize();
    if (config.family() == DecoderConfig.Family.GPT2) {
      block.projection(Projection.UP).forward(normed, rows, gate);
      Gelu.forward(gate, rows * hidden, activated);
    } else {
      LinearLayer gateProjection = block.projection(Projection.GATE);
      gateProjection.forward(normed, rows, gate);
      block.projection(Projection.UP).forward(normed, rows, up);
      SwiGlu.forward(gate, up, rows * hidden, activated);
    }
    block.projection(Projection.DOWN).forward(activated, rows, branch);
    addInto(residual, branch, rows * width);
  }

  /** stream += branch over the first count floats (the same sum, in the same order, as the training forward). */
  private static void addInto(Tensor stream, Tensor branch, int count) {
    float[] a = Scratch.read(0, branch, 0, count);
    float[] b = Scratch.read(1, stream, 0, count);
    for (int i = 0; i < count; i++) {
      a[i] += b[i];
    }
    Scratch.write(a, stream, 0, count);
  }

  private void pack(List<int[]> all, int from, int to) {
    sequences = to - from;
    if (starts.length < sequences) {
      starts = new int[sequences];
      lengths = new int[sequences];
    }
    int total = 0;
    for (int s = 0; s < sequences; s++) {
      starts[s] = total;
      lengths[s] = all.get(from + s).length;
      total += lengths[s];
    }
    rows = total;
    ensureCapacity(total);
    for (int s = 0; s < sequences; s++) {
      int[] tokens = all.get(from + s);
      System.arraycopy(tokens, 0, inputs, starts[s], tokens.length);
      for (int t = 0; t < tokens.length; t++) {
        positions[starts[s] + t] = t;
      }
    }
  }

  private void ensureCapacity(int needed) {
    if (needed <= capacity) {
      return;
    }
    int rowsCapacity = Math.max(needed, capacity * 3 / 2);
    int width = config.width();
    int kvWidth = config.kvWidth();
    int hidden = config.hiddenSize();
    boolean gpt2 = config.family() == DecoderConfig.Family.GPT2;
    inputs = new int[rowsCapacity];
    positions = new int[rowsCapacity];
    residual = Tensor.zeros(rowsCapacity, width);
    normed = Tensor.zeros(rowsCapacity, width);
    branch = Tensor.zeros(rowsCapacity, width);
    mean = Tensor.zeros(rowsCapacity);
    inverseStd = Tensor.zeros(rowsCapacity);
    q = gpt2 ? null : Tensor.zeros(rowsCapacity, width);
    k = gpt2 ? null : Tensor.zeros(rowsCapacity, kvWidth);
    v = gpt2 ? null : Tensor.zeros(rowsCapacity, kvWidth);
    qkv = gpt2 ? Tensor.zeros(rowsCapacity, 3 * width) : null;
    attention = Tensor.zeros(rowsCapacity, width);
    gate = Tensor.zeros(rowsCapacity, hidden);
    up = gpt2 ? null : Tensor.zeros(rowsCapacity, hidden);
    activated = Tensor.zeros(rowsCapacity, hidden);
    qHeap = new float[rowsCapacity * width];
    kHeap = new float[rowsCapacity * kvWidth];
    vHeap = new float[rowsCapacity * kvWidth];
    outHeap = new float[rowsCapacity * width];
    capacity = rowsCapacity;
  }
}
