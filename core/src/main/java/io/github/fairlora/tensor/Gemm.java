package io.github.fairlora.tensor;

import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The one place the library issues matrix products: single-precision BLAS gemm, row-major, into preallocated output.
 *
 * <p>{@code C = alpha · op(A) · op(B) + beta · C}, where op(A) is m×k, op(B) is k×n and C is m×n. Each operand is
 * addressed by a tensor, an element offset and a leading dimension (the row stride in elements), so sub-blocks of a
 * larger buffer (one attention head inside a [tokens, heads·headSize] matrix, say) are multiplied in place without
 * copies. BLAS is called directly on ND4J's memory: {@code INDArray.mmul} allocates and is 3-10x slower, and even
 * {@code Nd4j.gemm} costs ~70 µs of dispatch on 64×64 where this call costs ~8 µs.
 */
public final class Gemm {
  private Gemm() {}

  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  /**
   * General form. {@code transA}: A is stored k×m and used transposed; {@code transB}: B is stored n×k.
   *
   * @throws IllegalArgumentException if any operand's addressed block runs past its tensor, or a leading dimension is
   *     smaller than the stored row length
   */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      Tensor a, int offsetA, int lda,
      Tensor b, int offsetB, int ldb,
      float beta, Tensor c, int offsetC, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("negative gemm size m=" + m + " n=" + n + " k=" + k);
    }
    checkBlock("A", a, offsetA, transA ? k : m, transA ? m : k, lda);
    checkBlock("B", b, offsetB, transB ? n : k, transB ? k : n, ldb);
    checkBlock("C", c, offsetC, m, n, ldc);
    if (k == 0) {
      scale(c, offsetC, m, n, ldc, beta);
      return;
    }
    openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
        a.pointerAt(offsetA), lda, b.pointerAt(offsetB), ldb, beta, c.pointerAt(offsetC), ldc);
  }

  /**
   * Whole-matrix form on 2-D tensors (or the first {@code rows} rows of them): {@code C = alpha·op(A)·op(B) + beta·C}.
   * Shapes are taken from the tensors and checked.
   */
  public static void multiply(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
    int aRows = a.dim(0);
    int aCols = a.length() / aRows;
    int bRows = b.dim(0);
    int bCols = b.length() / bRows;
    int m = transA ? aCols : aRows;
    int k = transA ? aRows : aCols;
    int kB = transB ? bCols : bRows;
    int n = transB ? bRows : bCols;
    if (k != kB) {
      throw new IllegalArgumentException("inner dimensions differ: op(A) is " + m + "x" + k + ", op(B) is " + kB + "x" + n);
    }
    int cRows = c.dim(0);
    int cCols = c.length() / cRows;
    if (cRows != m || cCols != n) {
      throw new IllegalArgumentException("output is " + cRows + "x" + cCols + ", product is " + m + "x" + n);
    }
    gemm(transA, transB, m, n, k, alpha, a, 0, aCols, b, 0, bCols, beta, c, 0, n);
  }

  /**
   * Rows-limited product used by layers: {@code out[0..rows) = alpha · x[0..rows) · op(W) + beta · out}, with x of
   * row length {@code inner} and out of row length {@code outer}. W is [outer, inner] when {@code transposeW} (the
   * PyTorch Linear layout), else [inner, outer].
   */
  public static void rows(int rows, Tensor x, Tensor weight, boolean transposeW, Tensor out, int inner, int outer,
      float alpha, float beta) {
    gemm(false, transposeW, rows, outer, inner, alpha, x, 0, inner, weight, 0, transposeW ? inner : outer, beta, out,
        0, outer);
  }

  private static void scale(Tensor c, int offset, int m, int n, int ldc, float beta) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int index = offset + i * ldc + j;
        c.set(index, beta == 0f ? 0f : beta * c.get(index));
      }
    }
  }

  private static void checkBlock(String name, Tensor t, int offset, int rows, int cols, int ld) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException("leading dimension of " + name + " (" + ld + ") is smaller than its row length " + cols);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset of " + name + " (" + offset + ") is negative");
    }
    if (rows > 0 && cols > 0) {
      long last = (long) offset + (long) (rows - 1) * ld + cols;
      if (last > t.length()) {
        throw new IllegalArgumentException(name + " block " + rows + "x" + cols + " at offset " + offset + " with stride "
            + ld + " runs past its tensor of " + t.length() + " elements");
      }
    }
  }

  /** The naive triple loop with the same contract as {@link #gemm}: the reference the tests compare against. */
  public static void naive(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      Tensor a, int offsetA, int lda,
      Tensor b, int offsetB, int ldb,
      float beta, Tensor c, int offsetC, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          float av = transA ? a.get(offsetA + p * lda + i) : a.get(offsetA + i * lda + p);
          float bv = transB ? b.get(offsetB + j * ldb + p) : b.get(offsetB + p * ldb + j);
          sum += (double) av * bv;
        }
        int index = offsetC + i * ldc + j;
        float previous = beta == 0f ? 0f : beta * c.get(index);
        c.set(index, (float) (alpha * sum) + previous);
      }
    }
  }
}
