/**
 * The training loop ({@link io.github.fairlora.train.Trainer}) with AdamW, learning-rate schedules, clipping,
 * evaluation split and early stopping; its options and training data; and
 * {@link io.github.fairlora.train.TrainingListener}, through which progress reaches the caller (the library itself
 * prints nothing).
 */
package io.github.fairlora.train;
