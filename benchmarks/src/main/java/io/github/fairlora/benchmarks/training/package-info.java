/**
 * Training-step benchmarks (full fine-tuning and LoRA at several ranks), their FLOP counts, and a per-phase
 * breakdown with a sampling profiler.
 */
package io.github.fairlora.benchmarks.training;
