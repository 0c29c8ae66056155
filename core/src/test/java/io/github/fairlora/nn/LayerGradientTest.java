package io.github.fairlora.nn;

import static io.github.fairlora.testing.GradientCheck.check;
import static io.github.fairlora.testing.GradientCheck.randomTensor;
import static io.github.fairlora.testing.GradientCheck.weightedSum;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.fairlora.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every layer's backward against central finite differences (see GradientCheck for the float tolerance). The loss is
 * L = Σ R ⊙ layer(x) with a fixed random R, so dL/d(out) = R is what backward receives.
 */
class LayerGradientTest {
  private final SplittableRandom random = new SplittableRandom(2024);

  @Test
  void linearWithAndWithoutBias() {
    for (boolean withBias : new boolean[] {true, false}) {
      int rows = 5;
      int in = 7;
      int out = 3;
      Linear linear = new Linear("lin", in, out, withBias);
      linear.weight().value().copyFrom(randomTensor(random, out, in));
      linear.parameters().forEach(p -> p.setTrainable(true));
      if (withBias) {
        linear.bias().value().copyFrom(randomTensor(random, out));
      }
      Tensor x = randomTensor(random, rows, in);
      Tensor r = randomTensor(random, rows, out);
      Tensor y = Tensor.zeros(rows, out);
      Tensor dx = Tensor.zeros(rows, in);
      linear.backward(r, x, rows, dx);
      java.util.function.DoubleSupplier loss = () -> {
        linear.forward(x, rows, y);
        return weightedSum(y, r, rows * out);
      };
      check("dx", x, dx, loss, 100, 1);
      check("dW", linear.weight().value(), linear.weight().gradient(), loss, 100, 2);
      if (withBias) {
        check("db", linear.bias().value(), linear.bias().gradient(), loss, 100, 3);
      }
    }
  }

  @Test
  void linearBackwardAccumulatesIntoDx() {
    Linear linear = new Linear("lin", 3, 2, false);
    linear.weight().value().copyFrom(randomTensor(random, 2, 3));
    Tensor x = randomTensor(random, 4, 3);
    Tensor r = randomTensor(random, 4, 2);
    Tensor once = Tensor.zeros(4, 3);
    linear.backward(r, x, 4, once);
    Tensor twice = Tensor.zeros(4, 3);
    linear.backward(r, x, 4, twice);
    linear.backward(r, x, 4, twice);
    for (int i = 0; i < once.length(); i++) {
      assertThat(twice.get(i)).isCloseTo(2 * once.get(i), org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void norms() {
    int rows = 4;
    int width = 9;
    for (Norm norm : new Norm[] {new RmsNorm("rms", width, 1e-5f), new LayerNorm("ln", width, 1e-5f)}) {
      for (Parameter p : norm.parameters()) {
        p.value().copyFrom(randomTensor(random, width));
        p.setTrainable(true);
      }
      Tensor x = randomTensor(random, rows, width);
      Tensor r = randomTensor(random, rows, width);
      Tensor y = Tensor.zeros(rows, width);
      Tensor mean = Tensor.zeros(rows);
      Tensor rstd = Tensor.zeros(rows);
      norm.forward(x, rows, y, mean, rstd);
      Tensor dx = Tensor.zeros(rows, width);
      norm.backward(r, x, rows, mean, rstd, dx);
      java.util.function.DoubleSupplier loss = () -> {
        norm.forward(x, rows, y, mean, rstd);
        return weightedSum(y, r, rows * width);
      };
      check(norm.getClass().getSimpleName() + " dx", x, dx, loss, 100, 4);
      for (Parameter p : norm.parameters()) {
        check(p.name(), p.value(), p.gradient(), loss, 100, 5);
      }
    }
  }

  @Test
  void embeddingAccumulatesRepeatedIds() {
    Embedding embedding = new Embedding("emb", 6, 5);
    embedding.weight().value().copyFrom(randomTensor(random, 6, 5));
    embedding.weight().setTrainable(true);
    int[] ids = {3, 1, 3, 0};
    Tensor r = randomTensor(random, 4, 5);
    Tensor y = Tensor.zeros(4, 5);
    embedding.backward(ids, 4, r);
    check("dEmbedding", embedding.weight().value(), embedding.weight().gradient(), () -> {
      embedding.forward(ids, 4, y);
      return weightedSum(y, r, 20);
    }, 100, 6);
  }

  @Test
  void ropeBackwardIsTheAdjointRotation() {
    int rows = 6;
    int heads = 3;
    int headSize = 4;
    Rope rope = new Rope(headSize, 8, 10000f);
    int[] positions = {0, 1, 2, 5, 7, 3};
    Tensor x = randomTensor(random, rows, heads * headSize);
    Tensor r = randomTensor(random, rows, heads * headSize);
    Tensor dx = r.copy();
    rope.backward(dx, rows, heads, positions);
    Tensor work = Tensor.zeros(rows, heads * headSize);
    check("rope dx", x, dx, () -> {
      work.copyFrom(x);
      rope.forward(work, rows, heads, positions);
      return weightedSum(work, r, work.length());
    }, 100, 7);
    // Position 0 is the identity.
    Tensor once = x.copy();
    rope.forward(once, rows, heads, positions);
    for (int j = 0; j < heads * headSize; j++) {
      assertThat(once.get(j)).isEqualTo(x.get(j));
    }
  }

  @Test
  void ropeSplitAcrossCoresMatchesRowByRow() {
    // Enough rows for Rope to split them across cores; each row rotated alone (no split) must give the same values.
    int rows = 300;
    int heads = 3;
    int headSize = 8;
    int width = heads * headSize;
    for (Rope.Layout layout : Rope.Layout.values()) {
      Rope rope = new Rope(headSize, 64, 10000f, layout);
      Tensor x = randomTensor(random, rows, width);
      int[] positions = new int[rows];
      for (int r = 0; r < rows; r++) {
        positions[r] = (r * 7) % 64;
      }
      Tensor all = x.copy();
      rope.forward(all, rows, heads, positions);
      for (int r = 0; r < rows; r++) {
        Tensor row = Tensor.zeros(width);
        for (int j = 0; j < width; j++) {
          row.set(j, x.get(r * width + j));
        }
        rope.forward(row, 1, heads, new int[] {positions[r]});
        for (int j = 0; j < width; j++) {
          assertThat(all.get(r * width + j)).as("%s row %d dim %d", layout, r, j).isEqualTo(row.get(j));
        }
      }
      rope.backward(all, rows, heads, positions);
      for (int i = 0; i < rows * width; i++) {
        assertThat(all.get(i)).isCloseTo(x.get(i), org.assertj.core.api.Assertions.within(1e-5f));
      }
    }
  }

  @Test
  void groupedQueryAttention() {
    // The default pass, and explicitly the gemm pass and the fused pass on every kernel path.
    groupedQueryAttention(null, false);
    groupedQueryAttention(false, false);
    for (boolean vector : io.github.fairlora.testing.VectorPaths.available()) {
      groupedQueryAttention(true, vector);
    }
  }

  private void groupedQueryAttention(Boolean fused, boolean vector) {
    int batch = 2;
    int time = 5;
    int heads = 4;
    int kvHeads = 2;
    int headSize = 3;
    int rows = batch * time;
    CausalSelfAttention attention = fused == null ? new CausalSelfAttention(heads, kvHeads, headSize)
        : new CausalSelfAttention(heads, kvHeads, headSize, fused, vector);
    Tensor q = randomTensor(random, rows, heads * headSize);
    Tensor k = randomTensor(random, rows, kvHeads * headSize);
    Tensor v = randomTensor(random, rows, kvHeads * headSize);
    Tensor r = randomTensor(random, rows, heads * headSize);
    Tensor probabilities = Tensor.zeros(batch * heads * time * time);
    Tensor out = Tensor.zeros(rows, heads * headSize);
    attention.forward(q, k, v, batch, time, probabilities, out);
    Tensor dq = Tensor.zeros(rows, heads * headSize);
    Tensor dk = Tensor.zeros(rows, kvHeads * headSize);
    Tensor dv = Tensor.zeros(rows, kvHeads * headSize);
    attention.backward(r, q, k, v, probabilities, batch, time, dq, dk, dv, Tensor.zeros(time, time));
    java.util.function.DoubleSupplier loss = () -> {
      attention.forward(q, k, v, batch, time, probabilities, out);
      return weightedSum(out, r, out.length());
    };
    check("dq", q, dq, loss, 200, 8);
    check("dk", k, dk, loss, 200, 9);
    check("dv", v, dv, loss, 200, 10);
  }

  @Test
  void attentionIsCausal() {
    // Changing the last position's key and value must not change any earlier output.
    int time = 4;
    CausalSelfAttention attention = new CausalSelfAttention(2, 1, 2);
    Tensor q = randomTensor(random, time, 4);
    Tensor k = randomTensor(random, time, 2);
    Tensor v = randomTensor(random, time, 2);
    Tensor probabilities = Tensor.zeros(2 * time * time);
    Tensor before = Tensor.zeros(time, 4);
    attention.forward(q, k, v, 1, time, probabilities, before);
    k.set(6, 100f);
    v.set(7, -100f);
    Tensor after = Tensor.zeros(time, 4);
    attention.forward(q, k, v, 1, time, probabilities, after);
    for (int i = 0; i < 3 * 4; i++) {
      assertThat(after.get(i)).isEqualTo(before.get(i));
    }
  }

  @Test
  void swiGluAndGelu() {
    int count = 17;
    Tensor gate = randomTensor(random, count);
    Tensor up = randomTensor(random, count);
    Tensor r = randomTensor(random, count);
    Tensor y = Tensor.zeros(count);
    Tensor dGate = Tensor.zeros(count);
    Tensor dUp = Tensor.zeros(count);
    SwiGlu.backward(r, gate, up, count, dGate, dUp);
    java.util.function.DoubleSupplier swigluLoss = () -> {
      SwiGlu.forward(gate, up, count, y);
      return weightedSum(y, r, count);
    };
    check("swiglu dGate", gate, dGate, swigluLoss, 100, 11);
    check("swiglu dUp", up, dUp, swigluLoss, 100, 12);

    Tensor x = randomTensor(random, count);
    Tensor dx = Tensor.zeros(count);
    Gelu.backward(r, x, count, dx);
    check("gelu dx", x, dx, () -> {
      Gelu.forward(x, count, y);
      return weightedSum(y, r, count);
    }, 100, 13);
    // Known values of the tanh approximation: gelu(0) = 0, gelu(1) = 0.841192.
    Tensor probe = Tensor.of(new float[] {0f, 1f}, 2);
    Tensor probeOut = Tensor.zeros(2);
    Gelu.forward(probe, 2, probeOut);
    assertThat(probeOut.get(0)).isEqualTo(0f);
    assertThat(probeOut.get(1)).isCloseTo(0.841192f, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void relu() {
    int count = 17;
    Tensor x = randomTensor(random, count);
    Tensor r = randomTensor(random, count);
    Tensor y = Tensor.zeros(count);
    Tensor dx = Tensor.zeros(count);
    // Keep inputs away from the kink at 0, where finite differences straddle both slopes.
    for (int i = 0; i < count; i++) {
      if (Math.abs(x.get(i)) < 0.05f) {
        x.set(i, x.get(i) < 0 ? -0.3f : 0.3f);
      }
    }
    Relu.backward(r, x, count, dx);
    check("relu dx", x, dx, () -> {
      Relu.forward(x, count, y);
      return weightedSum(y, r, count);
    }, 100, 14);
    Tensor probe = Tensor.of(new float[] {-2f, 0f, 3f}, 3);
    Tensor probeOut = Tensor.zeros(3);
    Relu.forward(probe, 3, probeOut);
    assertThat(probeOut.toArray()).containsExactly(0f, 0f, 3f);
  }

  @Test
  void crossEntropyWithIgnoredRows() {
    int rows = 4;
    int classes = 6;
    Tensor logits = randomTensor(random, rows, classes);
    int[] targets = {2, CrossEntropy.IGNORE, 5, 0};
    Tensor dLogits = Tensor.zeros(rows, classes);
    CrossEntropy.forwardBackward(logits, targets, rows, classes, dLogits, 1f);
    check("dLogits", logits, dLogits, () -> CrossEntropy.forwardBackward(logits, targets, rows, classes, null, 1f),
        100, 14);
    for (int j = 0; j < classes; j++) {
      assertThat(dLogits.get(classes + j)).as("ignored row has no gradient").isEqualTo(0f);
    }
    // Uniform logits over 6 classes: loss = ln 6 exactly.
    Tensor uniform = Tensor.zeros(1, classes);
    assertThat(CrossEntropy.forwardBackward(uniform, new int[] {3}, 1, classes, null, 1f))
        .isCloseTo(Math.log(6), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void fastTanhAgreesWithMathTanh() {
    for (double u = -30; u <= 30; u += 0.01) {
      assertThat(Gelu.tanh(u)).as("tanh(%f)", u).isCloseTo(Math.tanh(u), org.assertj.core.data.Offset.offset(1e-15));
    }
    assertThat(Gelu.tanh(1000)).isEqualTo(1.0);
    assertThat(Gelu.tanh(-1000)).isEqualTo(-1.0);
  }
}
