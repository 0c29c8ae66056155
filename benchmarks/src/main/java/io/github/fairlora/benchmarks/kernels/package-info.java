/**
 * Kernel benchmarks of one adapted linear layer: the gemm ceiling, the dense layer, and the LoRA variants at each
 * rank.
 */
package io.github.fairlora.benchmarks.kernels;
