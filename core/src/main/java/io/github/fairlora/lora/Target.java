package io.github.fairlora.lora;

import io.github.fairlora.model.DecoderConfig.Family;
import io.github.fairlora.model.Projection;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which projections get adapters: a single projection by name, or a group. Names accepted by {@link #parse} are the
 * enum names in lower case plus PEFT's module names (q_proj, c_attn, ...; OPT's out_proj, fc1 and fc2 name o, up and
 * down).
 */
public enum Target {
  Q(EnumSet.of(Projection.Q), "q_proj"),
  K(EnumSet.of(Projection.K), "k_proj"),
  V(EnumSet.of(Projection.V), "v_proj"),
  /** GPT-2's fused query/key/value projection (c_attn). */
  QKV(EnumSet.of(Projection.QKV), "c_attn"),
  O(EnumSet.of(Projection.O), "o_proj"),
  GATE(EnumSet.of(Projection.GATE), "gate_proj"),
  UP(EnumSet.of(Projection.UP), "up_proj"),
  DOWN(EnumSet.of(Projection.DOWN), "down_proj"),
  /** Every attention projection the family has. */
  ATTENTION(EnumSet.of(Projection.Q, Projection.K, Projection.V, Projection.QKV, Projection.O), "attn"),
  /** Every MLP projection the family has. */
  MLP(EnumSet.of(Projection.GATE, Projection.UP, Projection.DOWN), "mlp"),
  /** Every linear projection of every block. */
  ALL_LINEAR(EnumSet.allOf(Projection.class), "all-linear");

  private final Set<Projection> projections;
  private final String alias;

  Target(Set<Projection> projections, String alias) {
    this.projections = projections;
    this.alias = alias;
  }

  /** The projections of {@code family} this target selects. */
  public Set<Projection> resolve(Family family) {
    Set<Projection> available = available(family);
    Set<Projection> chosen = EnumSet.noneOf(Projection.class);
    for (Projection p : projections) {
      if (available.contains(p)) {
        chosen.add(p);
      }
    }
    if (chosen.isEmpty()) {
      String hint = family == Family.GPT2 && (this == Q || this == K || this == V)
          ? "GPT-2 fuses q, k and v into one projection (c_attn): target qkv or attention; "
          : "";
      throw new IllegalArgumentException(hint + "target " + name().toLowerCase(Locale.ROOT) + " selects nothing in a "
          + family + " decoder; valid targets for it: " + validNames(family));
    }
    return chosen;
  }

  /** The projections a family's blocks have. */
  public static Set<Projection> available(Family family) {
    return switch (family) {
      case GPT2 -> EnumSet.of(Projection.QKV, Projection.O, Projection.UP, Projection.DOWN);
      // OPT: q_proj, k_proj, v_proj, out_proj, fc1, fc2.
      case OPT -> EnumSet.of(Projection.Q, Projection.K, Projection.V, Projection.O, Projection.UP, Projection.DOWN);
      case LLAMA -> EnumSet.of(Projection.Q, Projection.K, Projection.V, Projection.O, Projection.GATE,
          Projection.UP, Projection.DOWN);
    };
  }

  /** The target names valid for a family. */
  public static String validNames(Family family) {
    Set<Projection> available = available(family);
    return Arrays.stream(values())
        .filter(t -> t.projections.stream().anyMatch(available::contains))
        .map(t -> t.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  /**
   * A target from its name ("q", "attention", "all_linear", "all-linear", or a PEFT module name such as "q_proj").
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Target parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Target t : values()) {
      if (t.name().toLowerCase(Locale.ROOT).equals(key) || t.alias.replace('-', '_').equals(key)) {
        return t;
      }
    }
    if (key.equals("attention_only") || key.equals("self_attn")) {
      return ATTENTION;
    }
    // OPT's module names.
    switch (key) {
      case "out_proj":
        return O;
      case "fc1":
        return UP;
      case "fc2":
        return DOWN;
      default:
        break;
    }
    throw new IllegalArgumentException("unknown LoRA target '" + name + "'; valid targets: "
        + Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
        + " (or PEFT names q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, c_attn,"
        + " out_proj, fc1, fc2)");
  }
}
