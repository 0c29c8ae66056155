package io.github.fairlora.generate;

import io.github.fairlora.model.Block;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.model.Projection;
import io.github.fairlora.nn.Gelu;
import io.github.fairlora.nn.Relu;
import io.github.fairlora.nn.SwiGlu;
import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Tensor;
import java.util.Arrays;

/**
 * Incremental inference over a {@link Decoder}: each token fed costs one position of work, because the keys and
 * values of earlier positions are kept in a {@link KvCache} instead of being recomputed.
 *
 * <p>It runs the decoder's own layers (norms, projections including any LoRA adapters, RoPE or learned positions,
 * MLP) through their public forward methods on just the new rows, and attends each new row to its slot's cached
 * keys and values. So it computes what {@link Decoder#forward} computes for the last positions, up to float rounding.
 * Every family is supported (OPT's post-norm blocks, project_in/out and offset positions included). Adapter dropout is off while it runs (the decoder is put in inference mode and
 * restored afterwards).
 *
 * <p>The cache holds keys and values computed with the weights of the moment: after changing the weights (training,
 * merging, attaching adapters), {@link #reset} before reusing it. Not thread-safe, and it shares the decoder's layers
 * (some keep scratch buffers), so do not run the decoder elsewhere at the same time.
 */
public final class CachedDecoder {
  private final Decoder model;
  private final DecoderConfig config;
  private final KvCache cache;
  private final boolean gpt2;
  private final boolean opt;
  /** Added to a position to index the learned position table (OPT: 2). */
  private final int positionOffset;
  private Scratch scratch;

  /**
   * A cached decoder with {@code slots} independent sequences of up to {@code capacity} positions each.
   *
   * @throws IllegalArgumentException when slots is not positive or capacity is not in [1, contextLength]
   */
  public CachedDecoder(Decoder model, int slots, int capacity) {
    this.model = model;
    this.config = model.config();
    this.cache = new KvCache(config, slots, capacity);
    this.gpt2 = config.family() == DecoderConfig.Family.GPT2;
    this.opt = config.family() == DecoderConfig.Family.OPT;
    this.positionOffset = opt ? DecoderConfig.OPT_POSITION_OFFSET : 0;
  }

  /** One sequence of up to the model's whole context length. */
  public CachedDecoder(Decoder model) {
    this(model, 1, model.config().contextLength());
  }

  /** The decoder whose layers this runs. */
  public Decoder model() {
    return model;
  }

  /** The cache (its tensors are live). */
  public KvCache cache() {
    return cache;
  }

  /** Positions already processed in {@code slot}; the next token fed to it goes to this position. */
  public int length(int slot) {
    return cache.length(slot);
  }

  /** Empties {@code slot}. */
  public void reset(int slot) {
    cache.clear(slot);
  }

  /** Empties every slot. */
  public void reset() {
    cache.clear();
  }

  /** Makes slot {@code to} a copy of slot {@code from} (to continue one prefix several ways). */
  public void copySlot(int from, int to) {
    cache.copySlot(from, to);
  }

  /**
   * Feeds {@code tokens} (one or more, e.g. a whole prompt) to {@code slot} at its next positions and returns the
   * logits [vocabularySize] that follow the last of them. All tokens go through each layer together, one row each.
   *
   * @throws IllegalArgumentException for an empty token list, a token outside the vocabulary, a slot out of range,
   *     or more tokens than the slot has room for
   */
  public float[] append(int slot, int... tokens) {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("append needs at least one token");
    }
    int start = cache.length(slot);
    requireRoom(slot, start, tokens.length);
    int[] slots = new int[tokens.length];
    int[] positions = new int[tokens.length];
    Arrays.fill(slots, slot);
    for (int i = 0; i < tokens.length; i++) {
      positions[i] = start + i;
    }
    return run(slots, tokens, positions, new int[] {tokens.length - 1})[0];
  }

  /**
   * Feeds one token to each of several distinct slots in a single pass (the rows of all slots go through each
   * projection together) and returns, for each, the logits [vocabularySize] of the next token: out[i] for
   * {@code slots[i]}.
   *
   * @throws IllegalArgumentException when the arrays differ in length or are empty, a slot repeats or is out of
   *     range, a token is outside the vocabulary, or a slot is full
   */
  public float[][] step(int[] slots, int[] tokens) {
    if (slots.length != tokens.length || slots.length == 0) {
      throw new IllegalArgumentException("step needs one token per slot and at least one slot; got " + slots.length
          + " slots and " + tokens.length + " tokens");
    }
    int[] positions = new int[slots.length];
    int[] all = new int[slots.length];
    boolean[] seen = new boolean[cache.slots()];
    for (int i = 0; i < slots.length; i++) {
      positions[i] = cache.length(slots[i]);
      if (seen[slots[i]]) {
        throw new IllegalArgumentException("slot " + slots[i] + " appears twice in one step");
      }
      seen[slots[i]] = true;
      requireRoom(slots[i], positions[i], 1);
      all[i] = i;
    }
    return run(slots, tokens, positions, all);
  }

  private void requireRoom(int slot, int length, int count) {
    if (length + count > cache.capacity()) {
      throw new IllegalArgumentException("slot " + slot + " holds " + length + " positions; " + count
          + " more would exceed its capacity of " + cache.capacity());
    }
  }

  /**
   * Runs rows (slot, token, position) through the decoder, appending their keys and values to the cache, and returns
   * the logits of the rows listed in {@code logitRows}.
   */
  private float[][] run(int[] slots, int[] tokens, int[] positions, int[] logitRows) {
    int vocabulary = config.vocabularySize();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabulary) {
        throw new IllegalArgumentException("token " + tokens[i] + " (row " + i + ") is outside the vocabulary [0, "
            + vocabulary + ")");
      }
    }
    int rows = tokens.length;
    Scratch s = scratch(rows, logitRows.length);
    boolean wasTraining = model.training();
    if (wasTraining) {
      model.setTraining(false);
    }
    try {
      if (model.projectIn() != null) {
        model.tokenEmbedding().forward(tokens, rows, s.embedded);
        model.projectIn().forward(s.embedded, rows, s.residual);
      } else {
        model.tokenEmbedding().forward(tokens, rows, s.residual);
      }
      if (model.positionEmbedding() != null) {
        int[] tableRows = new int[rows];
        for (int i = 0; i < rows; i++) {
          tableRows[i] = positions[i] + positionOffset;
        }
        model.positionEmbedding().forwardAdd(tableRows, rows, s.residual);
      }
      for (Block block : model.blocks()) {
        blockForward(block, s, rows, slots, positions);
      }
      for (int i = 0; i < slots.length; i++) {
        cache.setLength(slots[i], Math.max(cache.length(slots[i]), positions[i] + 1));
      }
      int width = config.width();
      int selected = logitRows.length;
      for (int i = 0; i < selected; i++) {
        KvCache.copy(s.residual, logitRows[i] * width, s.selected, i * width, width);
      }
      Tensor headInput = s.normed;
      if (model.finalNorm() != null) {
        model.finalNorm().forward(s.selected, selected, s.normed, s.mean, s.inverseStd);
      } else {
        KvCache.copy(s.selected, 0, s.normed, 0, selected * width);
      }
      if (model.projectOut() != null) {
        model.projectOut().forward(s.normed, selected, s.headInput);
        headInput = s.headInput;
      }
      if (model.head() != null) {
        model.head().forward(headInput, selected, s.logits);
      } else {
        Gemm.rows(selected, headInput, model.tokenEmbedding().weight().value(), true, s.logits,
            config.embeddingWidth(), vocabulary, 1f, 0f);
      }
      float[][] out = new float[selected][vocabulary];
      for (int i = 0; i < selected; i++) {
        s.logits.get(i * vocabulary, out[i]);
      }
      return out;
    } finally {
      if (wasTraining) {
        model.setTraining(true);
      }
    }
  }

  private void blockForward(Block block, Scratch s, int rows, int[] slots, int[] positions) {
    int width = config.width();
    int kvWidth = config.kvWidth();
    int layer = block.index();
    boolean postNorm = config.variant().postNorm();
    if (postNorm) {
      // OPT-350m: attention reads the block input itself; the norms follow the residual adds.
      KvCache.copy(s.residual, 0, s.normed, 0, rows * width);
    } else {
      block.attentionNorm().forward(s.residual, rows, s.normed, s.mean, s.inverseStd);
    }
    if (gpt2) {
      block.projection(Projection.QKV).forward(s.normed, rows, s.qkv);
      for (int r = 0; r < rows; r++) {
        KvCache.copy(s.qkv, r * 3 * width, s.q, r * width, width);
        KvCache.copy(s.qkv, r * 3 * width + width, s.k, r * kvWidth, kvWidth);
        KvCache.copy(s.qkv, r * 3 * width + 2 * width, s.v, r * kvWidth, kvWidth);
      }
    } else {
      block.projection(Projection.Q).forward(s.normed, rows, s.q);
      block.projection(Projection.K).forward(s.normed, rows, s.k);
      block.projection(Projection.V).forward(s.normed, rows, s.v);
      if (model.rope() != null) {
        model.rope().forward(s.q, rows, config.numberOfHeads(), positions);
        model.rope().forward(s.k, rows, config.numberOfKvHeads(), positions);
      }
    }
    // Store every new row's key and value first: a row attends to its slot's positions up to its own, which may
    // include rows of this same call.
    Tensor keys = cache.keys(layer);
    Tensor values = cache.values(layer);
    for (int r = 0; r < rows; r++) {
      KvCache.copy(s.k, r * kvWidth, keys, cache.offset(slots[r], positions[r]), kvWidth);
      KvCache.copy(s.v, r * kvWidth, values, cache.offset(slots[r], positions[r]), kvWidth);
    }
    for (int r = 0; r < rows; r++) {
      attend(s, r, slots[r], positions[r] + 1, keys, values);
    }
    block.projection(Projection.O).forward(s.attention, rows, s.projected);
    addInPlace(s.residual, s.projected, rows * width);
    if (postNorm) {
      block.attentionNorm().forward(s.residual, rows, s.normed, s.mean, s.inverseStd);
      KvCache.copy(s.normed, 0, s.residual, 0, rows * width);
    } else {
      block.mlpNorm().forward(s.residual, rows, s.normed, s.mean, s.inverseStd);
    }
    int hidden = config.hiddenSize();
    if (gpt2) {
      block.projection(Projection.UP).forward(s.normed, rows, s.gate);
      Gelu.forward(s.gate, rows * hidden, s.activated);
    } else if (opt) {
      block.projection(Projection.UP).forward(s.normed, rows, s.gate);
      Relu.forward(s.gate, rows * hidden, s.activated);
    } else {
      block.projection(Projection.GATE).forward(s.normed, rows, s.gate);
      block.projection(Projection.UP).forward(s.normed, rows, s.up);
      SwiGlu.forward(s.gate, s.up, rows * hidden, s.activated);
    }
    block.projection(Projection.DOWN).forward(s.activated, rows, s.projected);
    addInPlace(s.residual, s.projected, rows * width);
    if (postNorm) {
      block.mlpNorm().forward(s.residual, rows, s.normed, s.mean, s.inverseStd);
      KvCache.copy(s.normed, 0, s.residual, 0, rows * width);
    }
  }

  /**
   * Attention of row {@code r} over its slot's first {@code length} cached positions. The query heads that share a
   * key/value head are adjacent in the row, so each group is one [group, headSize] block: two gemm calls per
   * key/value head.
   */
  private void attend(Scratch s, int r, int slot, int length, Tensor keys, Tensor values) {
    int headSize = config.headSize();
    int width = config.width();
    int kvWidth = config.kvWidth();
    int group = config.numberOfHeads() / config.numberOfKvHeads();
    float scale = (float) (1.0 / Math.sqrt(headSize));
    int base = cache.offset(slot, 0);
    for (int kvHead = 0; kvHead < config.numberOfKvHeads(); kvHead++) {
      int queryOffset = r * width + kvHead * group * headSize;
      // scores[group, length] = scale · Q_group · K[0..length)ᵀ
      Gemm.gemm(false, true, group, length, headSize, scale, s.q, queryOffset, headSize, keys,
          base + kvHead * headSize, kvWidth, 0f, s.scores, 0, length);
      for (int g = 0; g < group; g++) {
        softmax(s.scores, g * length, length);
      }
      // out[group, headSize] = P · V[0..length)
      Gemm.gemm(false, false, group, headSize, length, 1f, s.scores, 0, length, values, base + kvHead * headSize,
          kvWidth, 0f, s.attention, queryOffset, headSize);
    }
  }

  /** Softmax in place over {@code count} entries, computed as the decoder's causal softmax does. */
  private static void softmax(Tensor p, int offset, int count) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < count; j++) {
      max = Math.max(max, p.get(offset + j));
    }
    double sum = 0;
    for (int j = 0; j < count; j++) {
      float e = (float) Math.exp(p.get(offset + j) - max);
      p.set(offset + j, e);
      sum += e;
    }
    float inverse = (float) (1.0 / sum);
    for (int j = 0; j < count; j++) {
      p.set(offset + j, p.get(offset + j) * inverse);
    }
  }

  private static void addInPlace(Tensor target, Tensor addend, int count) {
    for (int i = 0; i < count; i++) {
      target.set(i, target.get(i) + addend.get(i));
    }
  }

  private Scratch scratch(int rows, int logitRows) {
    if (scratch == null || scratch.rows < rows || scratch.logitRows < logitRows) {
      int capacityRows = Math.max(rows, scratch == null ? 0 : scratch.rows);
      int capacityLogits = Math.max(logitRows, scratch == null ? 0 : scratch.logitRows);
      scratch = new Scratch(config, capacityRows, capacityLogits, cache.capacity());
    }
    return scratch;
  }

  /** Buffers for one pass over up to {@code rows} new rows, reused across calls. */
  private static final class Scratch {
    final int rows;
    final int logitRows;
    final Tensor residual; // [rows, width]
    final Tensor normed; // [rows, width]
    final Tensor mean; // [rows]
    final Tensor inverseStd; // [rows]
    final Tensor q; // [rows, width]
    final Tensor k; // [rows, kvWidth]
    final Tensor v; // [rows, kvWidth]
    final Tensor qkv; // [rows, 3·width], GPT-2 only
    final Tensor scores; // [heads / kvHeads, capacity]
    final Tensor attention; // [rows, width]
    final Tensor projected; // [rows, width]
    final Tensor gate; // [rows, hidden]
    final Tensor up; // [rows, hidden], Llama only
    final Tensor embedded; // [rows, embeddingWidth], OPT with project_in only
    final Tensor headInput; // [logitRows, embeddingWidth], OPT with project_out only
    final Tensor activated; // [rows, hidden]
    final Tensor selected; // [logitRows, width]
    final Tensor logits; // [logitRows, vocabulary]

    Scratch(DecoderConfig c, int rows, int logitRows, int capacity) {
      this.rows = rows;
      this.logitRows = logitRows;
      int width = c.width();
      boolean gpt2 = c.family() == DecoderConfig.Family.GPT2;
      residual = Tensor.zeros(rows, width);
      normed = Tensor.zeros(Math.max(rows, logitRows), width);
      mean = Tensor.zeros(Math.max(rows, logitRows));
      inverseStd = Tensor.zeros(Math.max(rows, logitRows));
      q = Tensor.zeros(rows, width);
      k = Tensor.zeros(rows, c.kvWidth());
      v = Tensor.zeros(rows, c.kvWidth());
      qkv = gpt2 ? Tensor.zeros(rows, 3 * width) : null;
      scores = Tensor.zeros(c.numberOfHeads() / c.numberOfKvHeads(), capacity);
      attention = Tensor.zeros(rows, width);
      projected = Tensor.zeros(rows, width);
      gate = Tensor.zeros(rows, c.hiddenSize());
      up = c.family() == DecoderConfig.Family.LLAMA ? Tensor.zeros(rows, c.hiddenSize()) : null;
      embedded = c.projectsEmbedding() ? Tensor.zeros(rows, c.embeddingWidth()) : null;
      headInput = c.projectsEmbedding() ? Tensor.zeros(logitRows, c.embeddingWidth()) : null;
      activated = Tensor.zeros(rows, c.hiddenSize());
      selected = Tensor.zeros(logitRows, width);
      logits = Tensor.zeros(logitRows, c.vocabularySize());
    }
  }
}
