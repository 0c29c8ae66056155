package io.github.fairlora;

import io.github.fairlora.lora.Target;
import io.github.fairlora.train.LearningRateSchedule;
import java.util.Locale;
import java.util.Set;

/**
 * The fine-tuning defaults, defined once: {@link LoRA} and {@link FineTune} start from them, the rank sweep's variants
 * use them unless told otherwise, and {@code fairlora fit} prints them, so that {@code fit --rank 8} trains exactly the
 * sweep's r=8 variant. Every value can be overridden on the builder that uses it.
 */
public final class FitDefaults {
  /** LoRA rank r. */
  public static final int RANK = 8;
  /** LoRA alpha as a multiple of the rank: alpha = 2·r, so the scale alpha / r is 2 at every rank. */
  public static final double ALPHA_PER_RANK = 2.0;
  /** The projections that get adapters, by name (see {@link Target#parse}). */
  public static final String TARGET_NAME = "all_linear";
  /** {@link #TARGET_NAME} as targets: every linear projection of attention and MLP. */
  public static final Set<Target> TARGETS = Set.of(Target.parse(TARGET_NAME));
  /** Passes over the data. */
  public static final int EPOCHS = 2;
  /** Peak learning rate. */
  public static final double LEARNING_RATE = 1e-3;
  /** Sequences per optimizer step. */
  public static final int BATCH_SIZE = 32;
  /** Learning-rate decay after warmup. */
  public static final LearningRateSchedule.Shape SCHEDULE = LearningRateSchedule.Shape.COSINE;

  private FitDefaults() {}

  /** The defaults in one line, e.g. for a command's help or log. */
  public static String describe() {
    return String.format(Locale.ROOT, "rank %d, alpha %s x rank, targets %s, %d epochs, learning rate %s, batch size "
        + "%d, %s schedule", RANK, trim(ALPHA_PER_RANK), TARGET_NAME, EPOCHS, trim(LEARNING_RATE), BATCH_SIZE,
        SCHEDULE.name().toLowerCase(Locale.ROOT));
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
