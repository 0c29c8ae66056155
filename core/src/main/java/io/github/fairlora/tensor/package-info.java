/**
 * Float32 row-major tensors in ND4J's off-heap memory ({@link io.github.fairlora.tensor.Tensor}) and
 * {@link io.github.fairlora.tensor.Gemm}, the single place matrix products go to BLAS sgemm into preallocated buffers.
 */
package io.github.fairlora.tensor;
