/**
 * The entry points for fine-tuning: {@link io.github.fairlora.LoRA#adapt} and {@link io.github.fairlora.FineTune#full}
 * configure a fit through the shared {@link io.github.fairlora.FitBuilder} settings and return an
 * {@link io.github.fairlora.AdaptedModel} (the trained copy, its adapter and its training history).
 */
package io.github.fairlora;
