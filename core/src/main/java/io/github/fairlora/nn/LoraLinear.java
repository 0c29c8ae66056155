package io.github.fairlora.nn;

import io.github.fairlora.tensor.Gemm;
import io.github.fairlora.tensor.Scratch;
import io.github.fairlora.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A low-rank adapter around a frozen {@link Linear}: y = base(x) + s · (dropout(x) · Aᵀ) · Bᵀ, with A [rank, in]
 * (Kaiming-uniform, bound 1/√in), B [out, rank] (zeros, so a fresh adapter changes nothing) and s = alpha / rank, or
 * alpha / √rank with rsLoRA.
 *
 * <p>B·A is never formed while training: the adapter costs two rank-r products beside the base product, accumulated
 * into the base output (gemm with beta = 1). Backward computes dA, dB and dx only:
 * dx = G·W + s·((G·B)·A) ⊙ mask, dB = s·Gᵀ·(x̃·Aᵀ), dA = s·(G·B)ᵀ·x̃, where x̃ is the dropped-out input.
 *
 * <p>Outside training (no dropout, nothing to save for backward), a call with enough rows forms W + s·B·A in a
 * per-thread buffer and runs one gemm: the two thin rank-r products are memory-bound and cost more than forming the
 * [out, in] sum once when rows·(in + out) ≥ 2·in·out (see {@link #mergesOnTheFly}). The base weight is not touched.
 *
 * <p>Not thread-safe: scratch buffers for the last forward live here, sized for the largest batch seen.
 */
public final class LoraLinear implements LinearLayer {
  private final Linear base;
  private final int rank;
  private final float alpha;
  private final boolean rankStabilized;
  private final float scale;
  private final float dropout;
  /** [rank, in]. */
  private final Parameter a;
  /** [out, rank]. */
  private final Parameter b;
  private final SplittableRandom random;
  /** Per thread, at least [out, in] of the largest layer seen: W + s·B·A formed by an evaluation forward. */
  private static final ThreadLocal<Tensor[]> SUMMED_WEIGHT = ThreadLocal.withInitial(() -> new Tensor[1]);

  private boolean training;
  private boolean reuseDropoutMask;
  private boolean merged;
  private int capacity;
  /** Whether {@link #hidden} holds x̃·Aᵀ of the last forward (false after a forward that summed the weights). */
  private boolean hiddenSaved;
  /** [capacity, rank]: x̃·Aᵀ saved by forward. */
  private Tensor hidden;
  /** [capacity, rank]: s·(G·B) during backward. */
  private Tensor hiddenGradient;
  /** [capacity, in]: the dropout mask, 0 or 1/(1−p) (only when dropout > 0; only Java loops read it). */
  private float[] mask;
  /** [capacity, in]: the dropped-out input x̃, reused as dx̃ during backward (only when dropout > 0). */
  private Tensor dropped;

  /**
   * Wraps {@code base}; the name prefixes the adapter's parameters ({@code name.lora_A}, {@code name.lora_B}).
   *
   * @throws IllegalArgumentException when rank is not in [1, min(in, out)], alpha is not positive and finite, or
   *     dropout is outside [0, 1)
   */
  public LoraLinear(String name, Linear base, int rank, float alpha, boolean rankStabilized, float dropout, long seed) {
    int limit = Math.min(base.inputSize(), base.outputSize());
    if (rank < 1 || rank > limit) {
      throw new IllegalArgumentException("rank (" + rank + ") must be in [1, " + limit + "] for " + name + " ("
          + base.inputSize() + " -> " + base.outputSize() + ")");
    }
    if (!(alpha > 0) || !Float.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha (" + alpha + ") must be positive and finite");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout (" + dropout + ") must be in [0, 1)");
    }
    this.base = base;
    this.rank = rank;
    this.alpha = alpha;
    this.rankStabilized = rankStabilized;
    this.scale = rankStabilized ? (float) (alpha / Math.sqrt(rank)) : alpha / rank;
    this.dropout = dropout;
    this.a = new Parameter(name + ".lora_A.weight", Tensor.zeros(rank, base.inputSize()));
    this.b = new Parameter(name + ".lora_B.weight", Tensor.zeros(base.outputSize(), rank));
    this.random = new SplittableRandom(seed);
    Initializers.uniform(a.value(), random, 1.0 / Math.sqrt(base.inputSize()));
  }

  public Linear base() {
    return base;
  }

  public int rank() {
    return rank;
  }

  public float alpha() {
    return alpha;
  }

  public boolean rankStabilized() {
    return rankStabilized;
  }

  /** s = alpha / rank, or alpha / √rank with rsLoRA. */
  public float scale() {
    return scale;
  }

  public float dropout() {
    return dropout;
  }

  /** A [rank, in]. */
  public Parameter loraA() {
    return a;
  }

  /** B [out, rank]. */
  public Parameter loraB() {
    return b;
  }

  public boolean merged() {
    return merged;
  }

  /** Dropout applies only in training mode. */
  public void setTraining(boolean training) {
    this.training = training;
  }

  /** Keeps the current dropout mask for later forwards (for gradient checks with a fixed mask). */
  public void setReuseDropoutMask(boolean reuse) {
    this.reuseDropoutMask = reuse;
  }

  @Override
  public int inputSize() {
    return base.inputSize();
  }

  @Override
  public int outputSize() {
    return base.outputSize();
  }

  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    capacity = rows;
    hidden = Tensor.zeros(rows, rank);
    hiddenGradient = Tensor.zeros(rows, rank);
    if (dropout > 0) {
      mask = new float[rows * base.inputSize()];
      dropped = Tensor.zeros(rows, base.inputSize());
      reuseDropoutMask = false;
    }
  }

  private boolean dropoutActive() {
    return training && dropout > 0;
  }

  /**
   * Whether an evaluation forward of {@code rows} rows through an in→out adapter forms W + s·B·A instead of running
   * two rank-r products: the thin products cost rows·r·(in + out) multiply-adds at a small fraction of gemm speed,
   * forming the sum costs in·out·r at full speed plus a copy of W. Summing wins once rows·(in + out) ≥ 2·in·out
   * (at 768 → 768 from 768 rows on); measured in the benchmark suite's "LoRA forward, unmerged" row.
   *
   * @throws IllegalArgumentException if rows is negative or a layer size is below 1
   */
  public static boolean mergesOnTheFly(int rows, int in, int out) {
    if (rows < 0 || in < 1 || out < 1) {
      throw new IllegalArgumentException("mergesOnTheFly needs rows >= 0 and in, out >= 1; got rows=" + rows + ", in="
          + in + ", out=" + out);
    }
    return (long) rows * (in + out) >= 2L * in * out;
  }

  @Override
  public void forward(Tensor x, int rows, Tensor out) {
    if (merged) {
      base.forward(x, rows, out);
      return;
    }
    ensureCapacity(rows);
    int in = base.inputSize();
    int outSize = base.outputSize();
    if (!training && mergesOnTheFly(rows, in, outSize)) {
      Tensor summed = summedWeight(in * outSize);
      summed.buffer().put(0, base.weight().value().buffer(), 0, in * outSize);
      Gemm.gemm(false, false, outSize, in, rank, scale, b.value(), 0, rank, a.value(), 0, in, 1f, summed, 0, in);
      base.accumulate(summed, x, rows, out, base.writeBias(out, rows) ? 1f : 0f);
      hiddenSaved = false;
      return;
    }
    Tensor input = x;
    if (dropoutActive()) {
      float keep = 1f / (1f - dropout);
      int count = rows * in;
      if (!reuseDropoutMask) {
        for (int i = 0; i < count; i++) {
          mask[i] = random.nextDouble() < dropout ? 0f : keep;
        }
      }
      // On heap copies: element-by-element access to the off-heap buffers costs several times more.
      float[] values = Scratch.read(0, x, 0, count);
      for (int i = 0; i < count; i++) {
        values[i] *= mask[i];
      }
      Scratch.write(values, dropped, 0, count);
      input = dropped;
    }
    // hidden[rows, r] = x̃ · Aᵀ ; out = bias ; out += s · hidden · Bᵀ ; out += x · Wᵀ. The thin rank-r product lands
    // on out before the base gemm accumulates onto it: adding it afterwards read and wrote all of out again for only
    // r multiply-adds per element.
    Gemm.rows(rows, input, a.value(), true, hidden, in, rank, 1f, 0f);
    hiddenSaved = true;
    float beta = base.writeBias(out, rows) ? 1f : 0f;
    Gemm.rows(rows, hidden, b.value(), true, out, rank, outSize, scale, beta);
    base.accumulate(base.weight().value(), x, rows, out, 1f);
  }

  /** This thread's buffer of at least {@code length} floats for W + s·B·A. */
  private static Tensor summedWeight(int length) {
    Tensor[] holder = SUMMED_WEIGHT.get();
    if (holder[0] == null || holder[0].length() < length) {
      holder[0] = Tensor.zeros(length);
    }
    return holder[0];
  }

  @Override
  public void backward(Tensor dOut, Tensor x, int rows, Tensor dx) {
    if (merged) {
      throw new IllegalStateException("cannot train a merged adapter (" + a.name() + "); unmerge() first");
    }
    int in = base.inputSize();
    int out = base.outputSize();
    base.backward(dOut, x, rows, dx);
    boolean dropping = dropoutActive();
    Tensor input = dropping ? dropped : x;
    ensureCapacity(rows);
    if (!hiddenSaved) {
      // The last forward summed the weights (evaluation mode) and kept no x̃·Aᵀ: form it now.
      Gemm.rows(rows, input, a.value(), true, hidden, in, rank, 1f, 0f);
    }
    // hiddenGradient[rows, r] = s · dOut · B
    Gemm.rows(rows, dOut, b.value(), false, hiddenGradient, out, rank, scale, 0f);
    if (b.trainable()) {
      // dB[out, r] += s · dOutᵀ · hidden
      Gemm.gemm(true, false, out, rank, rows, scale, dOut, 0, out, hidden, 0, rank, 1f, b.gradient(), 0, rank);
    }
    if (a.trainable()) {
      // dA[r, in] += hiddenGradientᵀ · x̃
      Gemm.gemm(true, false, rank, in, rows, 1f, hiddenGradient, 0, rank, input, 0, in, 1f, a.gradient(), 0, in);
    }
    if (dx != null) {
      if (dropping) {
        // dx̃ = hiddenGradient · A, then dx += dx̃ ⊙ mask (the dropped buffer is free again)
        Gemm.rows(rows, hiddenGradient, a.value(), false, dropped, rank, in, 1f, 0f);
        int count = rows * in;
        float[] sum = Scratch.read(0, dx, 0, count);
        float[] dDropped = Scratch.read(1, dropped, 0, count);
        for (int i = 0; i < count; i++) {
          sum[i] += dDropped[i] * mask[i];
        }
        Scratch.write(sum, dx, 0, count);
      } else {
        Gemm.rows(rows, hiddenGradient, a.value(), false, dx, rank, in, 1f, 1f);
      }
    }
  }

  /** The update this adapter makes to the base weight: s·B·A, [out, in]. Formed on request only. */
  public Tensor deltaWeight() {
    Tensor delta = Tensor.zeros(base.outputSize(), base.inputSize());
    Gemm.gemm(false, false, base.outputSize(), base.inputSize(), rank, scale, b.value(), 0, rank, a.value(), 0,
        base.inputSize(), 0f, delta, 0, base.inputSize());
    return delta;
  }

  /**
   * Folds the adapter into the base weight (W += s·B·A), so inference costs exactly the base layer.
   *
   * @throws IllegalStateException if already merged, or if A, B or the merged weight hold non-finite values (the
   *     base weight is then left unchanged)
   */
  public void merge() {
    if (merged) {
      throw new IllegalStateException("adapter " + a.name() + " is already merged");
    }
    if (!a.value().allFinite() || !b.value().allFinite()) {
      throw new IllegalStateException("refusing to merge " + a.name() + ": the adapter holds non-finite values");
    }
    Tensor delta = deltaWeight();
    Tensor weight = base.weight().value();
    for (int i = 0; i < delta.length(); i++) {
      if (!Float.isFinite(weight.get(i) + delta.get(i))) {
        throw new IllegalStateException("refusing to merge " + a.name() + ": merged weight would be non-finite at " + i);
      }
    }
    for (int i = 0; i < delta.length(); i++) {
      weight.add(i, delta.get(i));
    }
    merged = true;
  }

  /** Subtracts s·B·A from the base weight again (restores it up to float rounding). */
  public void unmerge() {
    if (!merged) {
      throw new IllegalStateException("adapter " + a.name() + " is not merged");
    }
    Tensor delta = deltaWeight();
    Tensor weight = base.weight().value();
    for (int i = 0; i < delta.length(); i++) {
      weight.add(i, -delta.get(i));
    }
    merged = false;
  }

  /** The adapter's own parameters: A and B. */
  public List<Parameter> adapterParameters() {
    return List.of(a, b);
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new java.util.ArrayList<>(base.parameters());
    all.add(a);
    all.add(b);
    return all;
  }
}
