/**
 * The PyTorch peer of the benchmarks: the LoRA linear layer and the GPT-2-shaped training step written with PyTorch
 * (libtorch through DJL), measured interleaved with fairlora's own in one JVM.
 */
package io.github.fairlora.benchmarks.pytorch;
