package io.github.fairlora.model;

/**
 * Everything that fixes a decoder's shape, for every supported family. One flat record; use {@link #llama},
 * {@link #gpt2} or {@link #opt} for the family defaults.
 *
 * @param family            LLAMA: RMSNorm, RoPE, SwiGLU MLP, no biases, grouped-query attention, optionally tied
 *                          head; GPT2: LayerNorm, learned positions, GELU MLP, biases, fused q/k/v, tied head;
 *                          OPT: LayerNorm, learned positions offset by 2, ReLU MLP, biases, separate q/k/v, tied head
 * @param vocabularySize    number of token ids
 * @param contextLength     longest sequence (positions)
 * @param width             model width ("dim", "n_embd")
 * @param numberOfLayers    transformer blocks
 * @param numberOfHeads     query heads; must divide width
 * @param numberOfKvHeads   key/value heads; must divide numberOfHeads (GPT2: equal to numberOfHeads)
 * @param hiddenSize        MLP hidden width ("hidden_dim", 4·width for GPT-2)
 * @param normEpsilon       epsilon of the norms (1e-5 for both llama2.c and GPT-2)
 * @param ropeTheta         RoPE base (10000); unused by GPT2
 * @param tiedEmbeddings    output head shares the token embedding
 * @param numberOfClasses   classes of the sequence-classification head, 0 for none
 * @param variant           the Llama-family details that differ between checkpoint sources (RoPE layout, biases,
 *                          classifier bias); {@link Variant#LLAMA2C} for llama2.c files, GPT-2 and fresh models
 */
public record DecoderConfig(
    Family family,
    int vocabularySize,
    int contextLength,
    int width,
    int numberOfLayers,
    int numberOfHeads,
    int numberOfKvHeads,
    int hiddenSize,
    float normEpsilon,
    float ropeTheta,
    boolean tiedEmbeddings,
    int numberOfClasses,
    Variant variant) {

  /**
   * Details within a family that depend on where the checkpoint came from.
   *
   * @param ropeLayout      how RoPE pairs the dimensions of a head (llama2.c: interleaved; Hugging Face: rotate-half)
   * @param qkvBias         q, k and v projections carry a bias (Qwen2; Llama with attention_bias)
   * @param outputBias      the attention output projection carries a bias (Llama with attention_bias)
   * @param mlpBias         gate, up and down carry a bias (Llama with mlp_bias)
   * @param classifierBias  the sequence-classification head has a bias (Hugging Face's {@code score} has none)
   * @param postNorm        OPT only: each block normalises after its residual adds (OPT-350m,
   *                        {@code do_layer_norm_before: false}) instead of before its branches
   * @param embeddingWidth  OPT only: width of the token embedding and tied head when it differs from the model width
   *                        ({@code word_embed_proj_dim}), bridged by bias-free project_in / project_out maps; 0 for
   *                        the model width
   * @param finalNorm       a norm between the last block and the head (false only for OPT without
   *                        do_layer_norm_before, or with _remove_final_layer_norm)
   */
  public record Variant(io.github.fairlora.nn.Rope.Layout ropeLayout, boolean qkvBias, boolean outputBias,
      boolean mlpBias, boolean classifierBias, boolean postNorm, int embeddingWidth, boolean finalNorm) {
    /** llama2.c's interleaved RoPE, no biases, a classifier with bias: the behaviour before Variant existed. */
    public static final Variant LLAMA2C =
        new Variant(io.github.fairlora.nn.Rope.Layout.INTERLEAVED, false, false, false, true);

    public Variant {
      if (ropeLayout == null) {
        throw new IllegalArgumentException("ropeLayout must be given");
      }
      if (embeddingWidth < 0) {
        throw new IllegalArgumentException("embeddingWidth (" + embeddingWidth + ") must be 0 (the model width) or"
            + " positive");
      }
    }

    /** A Llama- or GPT-2-family variant: pre-norm blocks, embedding as wide as the model, a final norm. */
    public Variant(io.github.fairlora.nn.Rope.Layout ropeLayout, boolean qkvBias, boolean outputBias, boolean mlpBias,
        boolean classifierBias) {
      this(ropeLayout, qkvBias, outputBias, mlpBias, classifierBias, false, 0, true);
    }

    /**
     * OPT as Hugging Face defines it: biases on every projection, a classifier without bias (OPT's {@code score}),
     * pre- or post-norm blocks, an optional narrower embedding, an optional final norm. The RoPE layout is unused.
     */
    public static Variant opt(boolean postNorm, int embeddingWidth, boolean finalNorm) {
      return new Variant(io.github.fairlora.nn.Rope.Layout.INTERLEAVED, true, true, true, false, postNorm,
          embeddingWidth, finalNorm);
    }

    /** GPT-2 as Hugging Face defines it: like {@link #LLAMA2C} but the classification head has no bias. */
    public static final Variant HUGGING_FACE_GPT2 =
        new Variant(io.github.fairlora.nn.Rope.Layout.INTERLEAVED, false, false, false, false);

    /** Hugging Face Llama-family defaults: rotate-half RoPE, no biases, a classifier without bias. */
    public static Variant huggingFace(boolean qkvBias, boolean outputBias, boolean mlpBias) {
      return new Variant(io.github.fairlora.nn.Rope.Layout.ROTATE_HALF, qkvBias, outputBias, mlpBias, false);
    }
  }

  /** The config with {@link Variant#LLAMA2C}. */
  public DecoderConfig(Family family, int vocabularySize, int contextLength, int width, int numberOfLayers,
      int numberOfHeads, int numberOfKvHeads, int hiddenSize, float normEpsilon, float ropeTheta,
      boolean tiedEmbeddings, int numberOfClasses) {
    this(family, vocabularySize, contextLength, width, numberOfLayers, numberOfHeads, numberOfKvHeads, hiddenSize,
        normEpsilon, ropeTheta, tiedEmbeddings, numberOfClasses, Variant.LLAMA2C);
  }

  /** The architectures. */
  public enum Family {
    LLAMA,
    GPT2,
    /**
     * Meta's OPT: LayerNorm with biases, learned positions offset by 2, separate q/k/v/out projections and a ReLU MLP
     * (fc1, fc2), all with biases, tied head; pre- or post-norm blocks and optional project_in/out (see
     * {@link Variant#opt}).
     */
    OPT
  }

  public DecoderConfig {
    if (family == null) {
      throw new IllegalArgumentException("family must be given (LLAMA or GPT2)");
    }
    positive("vocabularySize", vocabularySize);
    positive("contextLength", contextLength);
    positive("width", width);
    positive("numberOfLayers", numberOfLayers);
    positive("numberOfHeads", numberOfHeads);
    positive("numberOfKvHeads", numberOfKvHeads);
    positive("hiddenSize", hiddenSize);
    if (width % numberOfHeads != 0) {
      throw new IllegalArgumentException("numberOfHeads (" + numberOfHeads + ") must divide width (" + width + ")");
    }
    if (numberOfHeads % numberOfKvHeads != 0) {
      throw new IllegalArgumentException(
          "numberOfKvHeads (" + numberOfKvHeads + ") must divide numberOfHeads (" + numberOfHeads + ")");
    }
    if (family == Family.LLAMA && (width / numberOfHeads) % 2 != 0) {
      throw new IllegalArgumentException("RoPE needs an even head size; width / numberOfHeads = " + width / numberOfHeads);
    }
    if (family == Family.GPT2 && numberOfKvHeads != numberOfHeads) {
      throw new IllegalArgumentException("GPT2 has no grouped-query attention: numberOfKvHeads (" + numberOfKvHeads
          + ") must equal numberOfHeads (" + numberOfHeads + ")");
    }
    if (family == Family.GPT2 && !tiedEmbeddings) {
      throw new IllegalArgumentException("GPT2 ties its output head to the token embedding");
    }
    if (!(normEpsilon > 0)) {
      throw new IllegalArgumentException("normEpsilon (" + normEpsilon + ") must be positive");
    }
    if (family == Family.LLAMA && !(ropeTheta > 0)) {
      throw new IllegalArgumentException("ropeTheta (" + ropeTheta + ") must be positive");
    }
    if (variant == null) {
      throw new IllegalArgumentException("variant must be given (Variant.LLAMA2C for the defaults)");
    }
    if (family == Family.GPT2 && !variant.equals(Variant.LLAMA2C) && !variant.equals(Variant.HUGGING_FACE_GPT2)) {
      throw new IllegalArgumentException("GPT2 has no RoPE and no optional biases, got " + variant);
    }
    if (family != Family.OPT && (variant.postNorm() || variant.embeddingWidth() != 0 || !variant.finalNorm())) {
      throw new IllegalArgumentException("post-norm blocks, a separate embedding width and a missing final norm are"
          + " OPT-only, got " + variant + " for " + family);
    }
    if (family == Family.OPT) {
      if (numberOfKvHeads != numberOfHeads) {
        throw new IllegalArgumentException("OPT has no grouped-query attention: numberOfKvHeads (" + numberOfKvHeads
            + ") must equal numberOfHeads (" + numberOfHeads + ")");
      }
      if (!tiedEmbeddings) {
        throw new IllegalArgumentException("OPT's output head is tied to the token embedding here");
      }
      if (!variant.equals(Variant.opt(variant.postNorm(), variant.embeddingWidth(), variant.finalNorm()))) {
        throw new IllegalArgumentException("OPT carries every bias and a classifier without bias; build its variant"
            + " with Variant.opt, got " + variant);
      }
    }
    if (numberOfClasses < 0 || numberOfClasses == 1) {
      throw new IllegalArgumentException("numberOfClasses (" + numberOfClasses + ") must be 0 (no head) or >= 2");
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " (" + value + ") must be positive");
    }
  }

  /** A Llama-style config (RMSNorm eps 1e-5, RoPE theta 10000, tied head, no classifier). */
  public static DecoderConfig llama(int vocabularySize, int contextLength, int width, int numberOfLayers,
      int numberOfHeads, int numberOfKvHeads, int hiddenSize) {
    return new DecoderConfig(Family.LLAMA, vocabularySize, contextLength, width, numberOfLayers, numberOfHeads,
        numberOfKvHeads, hiddenSize, 1e-5f, 10000f, true, 0);
  }

  /** A GPT-2-style config (LayerNorm eps 1e-5, MLP 4·width, tied head, no classifier). */
  public static DecoderConfig gpt2(int vocabularySize, int contextLength, int width, int numberOfLayers,
      int numberOfHeads) {
    return new DecoderConfig(Family.GPT2, vocabularySize, contextLength, width, numberOfLayers, numberOfHeads,
        numberOfHeads, 4 * width, 1e-5f, 10000f, true, 0);
  }

  /**
   * An OPT-style config (LayerNorm eps 1e-5, pre-norm, final norm, embedding as wide as the model, tied head, no
   * classifier); {@link #withVariant} with {@link Variant#opt} for the other layouts.
   */
  public static DecoderConfig opt(int vocabularySize, int contextLength, int width, int numberOfLayers,
      int numberOfHeads, int hiddenSize) {
    return new DecoderConfig(Family.OPT, vocabularySize, contextLength, width, numberOfLayers, numberOfHeads,
        numberOfHeads, hiddenSize, 1e-5f, 10000f, true, 0, Variant.opt(false, 0, true));
  }

  /** Width of the token embedding and tied head: {@link Variant#embeddingWidth} or else the model width. */
  public int embeddingWidth() {
    return variant.embeddingWidth() == 0 ? width : variant.embeddingWidth();
  }

  /** Whether token embeddings are mapped to the model width by project_in (and back by project_out). */
  public boolean projectsEmbedding() {
    return embeddingWidth() != width;
  }

  /** Rows of the learned position table: GPT-2 one per position, OPT two more (its position ids start at 2). */
  public int positionTableRows() {
    return family == Family.OPT ? contextLength + OPT_POSITION_OFFSET : contextLength;
  }

  /** OPT's learned positions are looked up at position + 2 (a fairseq legacy of its padding index). */
  public static final int OPT_POSITION_OFFSET = 2;

  /** The same config with a sequence-classification head of {@code classes} classes. */
  public DecoderConfig withClasses(int classes) {
    return new DecoderConfig(family, vocabularySize, contextLength, width, numberOfLayers, numberOfHeads,
        numberOfKvHeads, hiddenSize, normEpsilon, ropeTheta, tiedEmbeddings, classes, variant);
  }

  /** The same config with a separate (untied) output head. Llama only. */
  public DecoderConfig withUntiedHead() {
    return new DecoderConfig(family, vocabularySize, contextLength, width, numberOfLayers, numberOfHeads,
        numberOfKvHeads, hiddenSize, normEpsilon, ropeTheta, false, numberOfClasses, variant);
  }

  /** The same config with another {@link Variant}. */
  public DecoderConfig withVariant(Variant newVariant) {
    return new DecoderConfig(family, vocabularySize, contextLength, width, numberOfLayers, numberOfHeads,
        numberOfKvHeads, hiddenSize, normEpsilon, ropeTheta, tiedEmbeddings, numberOfClasses, newVariant);
  }

  public int headSize() {
    return width / numberOfHeads;
  }

  public int kvWidth() {
    return numberOfKvHeads * headSize();
  }
}
