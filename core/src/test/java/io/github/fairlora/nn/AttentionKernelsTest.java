package io.github.fairlora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.tensor.Tensor;
import io.github.fairlora.testing.VectorPaths;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The causal attention products against their references on every path, at sizes below, at and past the vector
 * length and the 4-row tile; and the fused attention pass against the gemm pass, forward and backward.
 */
class AttentionKernelsTest {
  private static final int[] TIMES = {1, 3, 4, 5, 17, 33, 130};
  private static final int[] HEAD_SIZES = {1, 3, 16, 17, 32, 64};

  private static float[] random(SplittableRandom random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return a;
  }

  /** A [time, time] block with random values on and below the diagonal and 0 above it. */
  private static float[] lowerTriangular(SplittableRandom random, int time) {
    float[] p = random(random, time * time);
    for (int i = 0; i < time; i++) {
      for (int j = i + 1; j < time; j++) {
        p[i * time + j] = 0f;
      }
    }
    return p;
  }

  private static void assertClose(float[] actual, float[] expected, int count, double tolerance, String what) {
    for (int i = 0; i < count; i++) {
      assertThat(actual[i]).as("%s at %d", what, i).isCloseTo(expected[i], within((float) tolerance));
    }
  }

  @Test
  void causalScoresMatchTheReferenceOnAndBelowTheDiagonal() {
    SplittableRandom random = new SplittableRandom(21);
    for (boolean vector : VectorPaths.available()) {
      for (int time : TIMES) {
        for (int n : HEAD_SIZES) {
          float[] x = random(random, time * n);
          float[] yt = random(random, n * time);
          float[] expected = new float[time * time];
          AttentionKernels.causalScoresReference(x, yt, time, n, 0.37f, expected);
          float[] actual = new float[time * time];
          AttentionKernels.causalScores(x, yt, time, n, 0.37f, actual, vector);
          for (int i = 0; i < time; i++) {
            for (int j = 0; j <= i; j++) {
              assertThat(actual[i * time + j]).as("T=%d n=%d vector %s at (%d, %d)", time, n, vector, i, j)
                  .isCloseTo(expected[i * time + j], within(1e-5f * n));
            }
          }
        }
      }
    }
  }

  @Test
  void lowerTimesMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(22);
    for (boolean vector : VectorPaths.available()) {
      for (int time : TIMES) {
        for (int n : HEAD_SIZES) {
          float[] p = lowerTriangular(random, time);
          float[] y = random(random, time * n);
          float[] expected = new float[time * n];
          AttentionKernels.lowerTimesReference(p, y, time, n, expected);
          float[] actual = random(random, time * n); // overwritten, whatever it held
          AttentionKernels.lowerTimes(p, y, time, n, actual, vector);
          assertClose(actual, expected, time * n, 1e-5 * time, "P·Y T=" + time + " n=" + n + " vector " + vector);
        }
      }
    }
  }

  @Test
  void lowerTransposedTimesAccumulatesLikeTheReference() {
    SplittableRandom random = new SplittableRandom(23);
    for (boolean vector : VectorPaths.available()) {
      for (int time : TIMES) {
        for (int n : HEAD_SIZES) {
          float[] p = lowerTriangular(random, time);
          float[] y = random(random, time * n);
          float[] start = random(random, time * n);
          float[] expected = start.clone();
          AttentionKernels.lowerTransposedTimesReference(p, y, time, n, expected);
          float[] actual = start.clone();
          AttentionKernels.lowerTransposedTimes(p, y, time, n, actual, vector);
          assertClose(actual, expected, time * n, 1e-5 * time, "PᵀY T=" + time + " n=" + n + " vector " + vector);
        }
      }
    }
  }

  @Test
  void referencesAgreeWithAPlainMatrixProduct() {
    // The references themselves, against the full product restricted by hand to the causal part.
    SplittableRandom random = new SplittableRandom(24);
    int time = 6;
    int n = 5;
    float[] p = lowerTriangular(random, time);
    float[] y = random(random, time * n);
    float[] viaReference = new float[time * n];
    AttentionKernels.lowerTransposedTimesReference(p, y, time, n, viaReference);
    for (int j = 0; j < time; j++) {
      for (int d = 0; d < n; d++) {
        double full = 0;
        for (int i = 0; i < time; i++) {
          full += (double) p[i * time + j] * y[i * n + d];
        }
        assertThat(viaReference[j * n + d]).isCloseTo((float) full, within(1e-5f));
      }
    }
    float[] yt = new float[n * time];
    AttentionKernels.transpose(y, time, n, yt);
    assertThat(yt[3 * time + 4]).isEqualTo(y[4 * n + 3]);
  }

  @Test
  void fusedAttentionMatchesTheGemmPass() {
    SplittableRandom random = new SplittableRandom(25);
    int[][] shapes = {{2, 5, 4, 2, 3}, {1, 1, 2, 1, 4}, {3, 17, 2, 2, 17}, {2, 130, 4, 2, 32}, {1, 33, 3, 1, 64}};
    for (int[] shape : shapes) {
      int batch = shape[0];
      int time = shape[1];
      int heads = shape[2];
      int kvHeads = shape[3];
      int headSize = shape[4];
      int rows = batch * time;
      Tensor q = tensor(random, rows * heads * headSize);
      Tensor k = tensor(random, rows * kvHeads * headSize);
      Tensor v = tensor(random, rows * kvHeads * headSize);
      Tensor dOut = tensor(random, rows * heads * headSize);
      Tensor[] expected = run(new CausalSelfAttention(heads, kvHeads, headSize, false, false), q, k, v, dOut, batch,
          time);
      for (boolean vector : VectorPaths.available()) {
        Tensor[] actual = run(new CausalSelfAttention(heads, kvHeads, headSize, true, vector), q, k, v, dOut, batch,
            time);
        String[] names = {"out", "probabilities", "dq", "dk", "dv"};
        for (int t = 0; t < names.length; t++) {
          assertClose(actual[t].toArray(), expected[t].toArray(), expected[t].length(), 2e-5 * Math.sqrt(time),
              names[t] + " shape " + java.util.Arrays.toString(shape) + " vector " + vector);
        }
      }
    }
  }

  private static Tensor tensor(SplittableRandom random, int n) {
    return Tensor.of(random(random, n), n);
  }

  /** Forward and backward from the same non-zero starting gradients; returns {out, probabilities, dq, dk, dv}. */
  private static Tensor[] run(CausalSelfAttention attention, Tensor q, Tensor k, Tensor v, Tensor dOut, int batch,
      int time) {
    int rows = batch * time;
    Tensor probabilities = Tensor.zeros(batch * attention.heads() * time * time);
    Tensor out = Tensor.zeros(rows * attention.heads() * attention.headSize());
    attention.forward(q, k, v, batch, time, probabilities, out);
    Tensor dq = filled(q.length(), 0.5f);
    Tensor dk = filled(k.length(), -0.25f);
    Tensor dv = filled(v.length(), 0.125f);
    attention.backward(dOut, q, k, v, probabilities, batch, time, dq, dk, dv, Tensor.zeros(time, time));
    return new Tensor[] {out, probabilities, dq, dk, dv};
  }

  private static Tensor filled(int n, float value) {
    Tensor t = Tensor.zeros(n);
    t.fill(value);
    return t;
  }
}
