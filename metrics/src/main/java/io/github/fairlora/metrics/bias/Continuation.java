package io.github.fairlora.metrics.bias;

import java.util.Objects;

/**
 * A text to score given a context: the score is {@code log p(continuation | context)}. The caller chooses the
 * separator, typically a leading space in {@code continuation} (e.g. {@code " Paris"} after {@code "The capital is"}).
 *
 * @param context text the model conditions on (may be empty)
 * @param continuation text whose tokens are scored; must encode to at least one token after the context
 */
public record Continuation(String context, String continuation) {

  /** Validates that both parts are present. */
  public Continuation {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(continuation, "continuation");
  }
}
