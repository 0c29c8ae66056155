package io.github.fairlora.sweep;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model in a rank sweep: the base model, a LoRA variant of a given rank, or the full fine-tune. Variants order as
 * a sweep lists them: base first, then LoRA by ascending rank, then full.
 *
 * @param kind how the variant was made
 * @param rank the LoRA rank (at least 1) for {@link VariantKind#LORA}; 0 for the base model and the full fine-tune,
 *     which have no rank
 */
public record Variant(VariantKind kind, int rank) implements Comparable<Variant> {
  private static final Pattern LORA_NAME = Pattern.compile("lora r=([1-9][0-9]{0,9})");

  /** Checks that only LoRA variants carry a rank, and that it is positive. */
  public Variant {
    Objects.requireNonNull(kind, "kind");
    if (kind == VariantKind.LORA && rank < 1) {
      throw new IllegalArgumentException("LoRA rank (" + rank + ") must be positive");
    }
    if (kind != VariantKind.LORA && rank != 0) {
      throw new IllegalArgumentException("a " + kind + " variant has no rank, so rank must be 0 (was " + rank + ")");
    }
  }

  /** The base model. */
  public static Variant base() {
    return new Variant(VariantKind.BASE, 0);
  }

  /** A LoRA variant of the given rank (at least 1). */
  public static Variant lora(int rank) {
    return new Variant(VariantKind.LORA, rank);
  }

  /** The full fine-tune. */
  public static Variant full() {
    return new Variant(VariantKind.FULL, 0);
  }

  /** Whether this is a LoRA variant. */
  public boolean isLora() {
    return kind == VariantKind.LORA;
  }

  /** The name shown in reports and used in the JSON and CSV files: "base", "lora r=4" or "full". */
  public String displayName() {
    return switch (kind) {
      case BASE -> "base";
      case LORA -> "lora r=" + rank;
      case FULL -> "full";
    };
  }

  /** A name safe in file names: "base", "lora-r4" or "full". */
  public String fileStem() {
    return switch (kind) {
      case BASE -> "base";
      case LORA -> "lora-r" + rank;
      case FULL -> "full";
    };
  }

  /**
   * The variant whose {@link #displayName()} is {@code name}.
   *
   * @throws IllegalArgumentException when {@code name} is not "base", "full" or "lora r=N" with N a positive integer
   */
  public static Variant parse(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals("base")) {
      return base();
    }
    if (name.equals("full")) {
      return full();
    }
    Matcher matcher = LORA_NAME.matcher(name);
    if (matcher.matches()) {
      long rank = Long.parseLong(matcher.group(1));
      if (rank <= Integer.MAX_VALUE) {
        return lora((int) rank);
      }
    }
    throw new IllegalArgumentException(
        "unknown variant name \"" + name + "\"; expected \"base\", \"full\" or \"lora r=N\" with N a positive integer");
  }

  /** Base first, then LoRA by ascending rank, then full. */
  @Override
  public int compareTo(Variant other) {
    int byKind = Integer.compare(kind.ordinal(), other.kind.ordinal());
    return byKind != 0 ? byKind : Integer.compare(rank, other.rank);
  }

  /** The {@link #displayName()}. */
  @Override
  public String toString() {
    return displayName();
  }
}
