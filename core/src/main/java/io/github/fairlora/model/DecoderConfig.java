package io.github.fairlora.model;

/**
 * Everything that fixes a decoder's shape, for both supported families. One flat record; use {@link #llama} or
 * {@link #gpt2} for the family defaults.
 *
 * @param family            LLAMA: RMSNorm, RoPE, SwiGLU MLP, no biases, grouped-query attention, optionally tied
 *                          head; GPT2: LayerNorm, learned positions, GELU MLP, biases, fused q/k/v, tied head
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
   */
  public record Variant(io.github.fairlora.nn.Rope.Layout ropeLayout, boolean qkvBias, boolean outputBias,
      boolean mlpBias, boolean classifierBias) {
    /** llama2.c's interleaved RoPE, no biases, a classifier with bias: the behaviour before Variant existed. */
    public static final Variant LLAMA2C =
        new Variant(io.github.fairlora.nn.Rope.Layout.INTERLEAVED, false, false, false, true);

    public Variant {
      if (ropeLayout == null) {
        throw new IllegalArgumentException("ropeLayout must be given");
      }
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

  /** The two architectures. */
  public enum Family {
    LLAMA,
    GPT2
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
