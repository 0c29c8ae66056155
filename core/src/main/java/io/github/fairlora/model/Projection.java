package io.github.fairlora.model;

/**
 * The linear projections of a block, by the names users target with LoRA. Llama has Q, K, V, O, GATE, UP, DOWN;
 * GPT-2 has the fused QKV ({@code c_attn}), O ({@code attn.c_proj}), UP ({@code mlp.c_fc}) and DOWN
 * ({@code mlp.c_proj}).
 */
public enum Projection {
  Q("q"),
  K("k"),
  V("v"),
  QKV("qkv"),
  O("o"),
  GATE("gate"),
  UP("up"),
  DOWN("down");

  private final String shortName;

  Projection(String shortName) {
    this.shortName = shortName;
  }

  /** The name used in targets and parameter names. */
  public String shortName() {
    return shortName;
  }

  public boolean isAttention() {
    return this == Q || this == K || this == V || this == QKV || this == O;
  }
}
