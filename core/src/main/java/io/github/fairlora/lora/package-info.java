/**
 * LoRA adapters: their settings ({@link io.github.fairlora.lora.LoraConfig}), which projections they target
 * ({@link io.github.fairlora.lora.Target}), attaching them to a decoder's projections, and the attached
 * {@link io.github.fairlora.lora.Adapter} with its tensors, merge and save.
 */
package io.github.fairlora.lora;
