package io.github.fairlora.benchmarks.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernel variants must compute the same layer, or their timings compare different things. The reference is a
 * naive triple loop over the variants' own W, A, B, x and G.
 */
class AdapterKernelsTest {
  private static final int N = 5;
  private static final int SIZE = 8;
  private static final int RANK = 3;

  private final AdapterKernels kernels = new AdapterKernels(N, SIZE, RANK, 11);

  /** y = x·Wᵀ + s·(x·Aᵀ)·Bᵀ by loops, in double. */
  private double[][] expectedLora(boolean withAdapter) {
    float[] x = kernels.input().toArray();
    float[] w = kernels.lora().base().weight().value().toArray();
    float[] a = kernels.lora().loraA().value().toArray();
    float[] b = kernels.lora().loraB().value().toArray();
    double[][] y = new double[N][SIZE];
    for (int i = 0; i < N; i++) {
      double[] hidden = new double[RANK];
      for (int k = 0; k < RANK; k++) {
        for (int p = 0; p < SIZE; p++) {
          hidden[k] += x[i * SIZE + p] * a[k * SIZE + p];
        }
      }
      for (int j = 0; j < SIZE; j++) {
        double sum = 0;
        for (int p = 0; p < SIZE; p++) {
          sum += x[i * SIZE + p] * w[j * SIZE + p];
        }
        if (withAdapter) {
          for (int k = 0; k < RANK; k++) {
            sum += AdapterKernels.SCALE * hidden[k] * b[j * RANK + k];
          }
        }
        y[i][j] = sum;
      }
    }
    return y;
  }

  private static void assertClose(float[] actual, double[][] expected) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertThat((double) actual[i * expected[i].length + j]).as("row %d column %d", i, j)
            .isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(expected[i][j]))));
      }
    }
  }

  private static float[] values(INDArray array) {
    return array.dup('c').data().asFloat();
  }

  @Test
  void theAdapterIsNotTrivial() {
    // B is random (not a fresh adapter's zeros), so the merged and on-the-fly variants really add something.
    assertThat(kernels.lora().loraB().value().sumOfSquares()).isGreaterThan(0);
    assertThat(AdapterKernels.SCALE).isEqualTo(kernels.lora().scale());
  }

  @Test
  void everyForwardVariantComputesTheSameLayer() {
    double[][] dense = expectedLora(false);
    double[][] lora = expectedLora(true);
    assertClose(kernels.denseForward().toArray(), dense);
    assertClose(values(kernels.naiveDenseForward()), dense);
    assertClose(kernels.loraForward().toArray(), lora);
    assertClose(kernels.loraTrainingForward().toArray(), lora);
    assertClose(kernels.mergeOnTheFlyForward().toArray(), lora);
    assertClose(kernels.mergedForward().toArray(), lora);
    assertClose(values(kernels.naiveLoraForward()), lora);
  }

  @Test
  void plainGemmMultipliesByItsRightOperand() {
    float[] x = kernels.input().toArray();
    float[] r = kernels.gemmRight().toArray();
    double[][] expected = new double[N][SIZE];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < SIZE; j++) {
        for (int p = 0; p < SIZE; p++) {
          expected[i][j] += x[i * SIZE + p] * r[p * SIZE + j];
        }
      }
    }
    assertClose(kernels.gemm().toArray(), expected);
  }

  @Test
  void loraBackwardGivesDxDaDbWithTheBaseFrozen() {
    kernels.zeroGradients();
    kernels.loraForwardBackward();
    float[] x = kernels.input().toArray();
    float[] g = kernels.outputGradient().toArray();
    float[] w = kernels.lora().base().weight().value().toArray();
    float[] a = kernels.lora().loraA().value().toArray();
    float[] b = kernels.lora().loraB().value().toArray();
    double s = AdapterKernels.SCALE;
    // gb[i][k] = Σ_j G[i][j]·B[j][k]; h[i][k] = Σ_p x[i][p]·A[k][p]
    double[][] gb = new double[N][RANK];
    double[][] h = new double[N][RANK];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < RANK; k++) {
        for (int j = 0; j < SIZE; j++) {
          gb[i][k] += g[i * SIZE + j] * b[j * RANK + k];
        }
        for (int p = 0; p < SIZE; p++) {
          h[i][k] += x[i * SIZE + p] * a[k * SIZE + p];
        }
      }
    }
    // dx = G·W + s·(G·B)·A
    double[][] dx = new double[N][SIZE];
    for (int i = 0; i < N; i++) {
      for (int p = 0; p < SIZE; p++) {
        for (int j = 0; j < SIZE; j++) {
          dx[i][p] += g[i * SIZE + j] * w[j * SIZE + p];
        }
        for (int k = 0; k < RANK; k++) {
          dx[i][p] += s * gb[i][k] * a[k * SIZE + p];
        }
      }
    }
    assertClose(kernels.inputGradient().toArray(), dx);
    // dA = s·(G·B)ᵀ·x  [RANK, SIZE];  dB = s·Gᵀ·h  [SIZE, RANK]
    double[][] da = new double[RANK][SIZE];
    double[][] db = new double[SIZE][RANK];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < RANK; k++) {
        for (int p = 0; p < SIZE; p++) {
          da[k][p] += s * gb[i][k] * x[i * SIZE + p];
        }
        for (int j = 0; j < SIZE; j++) {
          db[j][k] += s * g[i * SIZE + j] * h[i][k];
        }
      }
    }
    assertClose(kernels.lora().loraA().gradient().toArray(), da);
    assertClose(kernels.lora().loraB().gradient().toArray(), db);
    assertThat(kernels.lora().base().weight().trainable()).isFalse();
  }

  @Test
  void fullBackwardGivesDxAndDw() {
    kernels.zeroGradients();
    kernels.fullForwardBackward();
    float[] x = kernels.input().toArray();
    float[] g = kernels.outputGradient().toArray();
    float[] w = kernels.full().weight().value().toArray();
    double[][] dx = new double[N][SIZE];
    double[][] dw = new double[SIZE][SIZE];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < SIZE; j++) {
        for (int p = 0; p < SIZE; p++) {
          dx[i][p] += g[i * SIZE + j] * w[j * SIZE + p];
          dw[j][p] += g[i * SIZE + j] * x[i * SIZE + p];
        }
      }
    }
    assertClose(kernels.inputGradient().toArray(), dx);
    assertClose(kernels.full().weight().gradient().toArray(), dw);
  }

  @Test
  void rejectsImpossibleShapes() {
    assertThatThrownBy(() -> new AdapterKernels(0, 8, 2, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens (0)");
    assertThatThrownBy(() -> new AdapterKernels(4, 8, 9, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank (9) must be in [1, 8]");
  }

  @Test
  void variantFlopsMatchTheArithmetic() {
    // n=2048, s=768, r=16: dense 2·2048·768² = 2 415 919 104; adapter 2·2048·16·(768+768) = 100 663 296 (+4.2%).
    assertThat(io.github.fairlora.benchmarks.report.KernelVariant.DENSE.flops(2048, 768, 16)).isEqualTo(2415919104.0);
    // Outside training 2048 rows sum the weights for the call (2·768·768·16 = 18 874 368 for B·A) ...
    assertThat(io.github.fairlora.benchmarks.report.KernelVariant.LORA_UNMERGED.flops(2048, 768, 16))
        .isEqualTo(2415919104.0 + 18874368.0);
    // ... 256 rows run the two thin products: 2·256·768² + 2·256·16·1536.
    assertThat(io.github.fairlora.benchmarks.report.KernelVariant.LORA_UNMERGED.flops(256, 768, 16))
        .isEqualTo(301989888.0 + 12582912.0);
    assertThat(io.github.fairlora.benchmarks.report.KernelVariant.LORA_UNMERGED_TRAINING.flops(2048, 768, 16))
        .isEqualTo(2415919104.0 + 100663296.0);
    // Forward + backward with W frozen: base forward and dx (2 × dense) plus 3 × the adapter's forward.
    assertThat(io.github.fairlora.benchmarks.report.KernelVariant.LORA_TRAIN.flops(2048, 768, 16))
        .isEqualTo(2 * 2415919104.0 + 3 * 100663296.0);
    assertThat(io.github.fairlora.benchmarks.report.KernelVariant.FULL_TRAIN.flops(2048, 768, 16))
        .isEqualTo(3 * 2415919104.0);
    // Merging on the fly forms B·A: 2·768·768·16 = 18 874 368.
    assertThat(io.github.fairlora.benchmarks.report.KernelVariant.LORA_MERGE_ON_THE_FLY.flops(2048, 768, 16))
        .isEqualTo(2415919104.0 + 18874368.0);
    Tensor unused = kernels.output();
    assertThat(unused.dim(0)).isEqualTo(N);
  }
}
