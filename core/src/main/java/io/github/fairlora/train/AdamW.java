package io.github.fairlora.train;

import io.github.fairlora.nn.Parameter;
import io.github.fairlora.tensor.Tensor;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter): Adam with bias correction and decoupled weight decay
 * (θ ← θ − lr·(m̂ / (√v̂ + ε) + λ·θ)). Decay applies to tensors of rank ≥ 2 only (matrices, embeddings, adapter
 * factors), not to norm scales or biases, as is common practice. State exists only for the parameters given, which
 * are the trainable ones: a frozen base costs nothing here.
 */
public final class AdamW {
  private final List<Parameter> parameters;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  /** First moments, one array per parameter, same length as its value. */
  private final float[][] firstMoments;
  /** Second moments. */
  private final float[][] secondMoments;
  private int step;

  public AdamW(List<Parameter> parameters, double beta1, double beta2, double epsilon, double weightDecay) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas (" + beta1 + ", " + beta2 + ") must be in [0, 1)");
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon (" + epsilon + ") must be positive");
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay (" + weightDecay + ") must be >= 0");
    }
    for (Parameter p : parameters) {
      if (!p.trainable()) {
        throw new IllegalArgumentException("parameter " + p.name() + " is frozen; AdamW takes trainable ones only");
      }
    }
    this.parameters = List.copyOf(parameters);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.firstMoments = new float[parameters.size()][];
    this.secondMoments = new float[parameters.size()][];
    for (int i = 0; i < parameters.size(); i++) {
      firstMoments[i] = new float[parameters.get(i).size()];
      secondMoments[i] = new float[parameters.get(i).size()];
    }
  }

  /** With the usual defaults: β = (0.9, 0.999), ε = 1e-8. */
  public AdamW(List<Parameter> parameters, double weightDecay) {
    this(parameters, 0.9, 0.999, 1e-8, weightDecay);
  }

  /** Steps taken so far. */
  public int steps() {
    return step;
  }

  /** Number of floats of optimizer state (2 per trainable scalar). */
  public long stateSize() {
    long total = 0;
    for (float[] m : firstMoments) {
      total += 2L * m.length;
    }
    return total;
  }

  /** One update with the given learning rate, from the gradients currently accumulated. */
  public void step(double learningRate) {
    step++;
    double correction1 = 1 - Math.pow(beta1, step);
    double correction2 = 1 - Math.pow(beta2, step);
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      Tensor value = p.value();
      Tensor gradient = p.gradient();
      float[] m = firstMoments[i];
      float[] v = secondMoments[i];
      float decay = value.rank() >= 2 ? (float) weightDecay : 0f;
      OptimizerKernels.adamW(value, gradient, m, v, (float) beta1, (float) beta2, (float) (1 / correction1),
          (float) (1 / correction2), (float) learningRate, (float) epsilon, decay);
    }
  }

  /** Global L2 norm of all gradients. */
  public static double gradientNorm(List<Parameter> parameters) {
    return OptimizerKernels.gradientNorm(parameters);
  }

  /**
   * Scales all gradients so their global norm is at most {@code maxNorm} (no-op when maxNorm ≤ 0 or the norm is
   * already smaller). Returns the norm before clipping.
   */
  public static double clipGradientNorm(List<Parameter> parameters, double maxNorm) {
    double norm = gradientNorm(parameters);
    if (maxNorm > 0 && norm > maxNorm) {
      float factor = (float) (maxNorm / (norm + 1e-6));
      for (Parameter p : parameters) {
        OptimizerKernels.scale(p.gradient(), factor);
      }
    }
    return norm;
  }
}
