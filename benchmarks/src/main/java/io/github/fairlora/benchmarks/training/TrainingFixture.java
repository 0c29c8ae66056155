package io.github.fairlora.benchmarks.training;

import io.github.fairlora.lora.Adapters;
import io.github.fairlora.lora.LoraConfig;
import io.github.fairlora.lora.Target;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.nn.Initializers;
import io.github.fairlora.nn.Parameter;
import io.github.fairlora.train.AdamW;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One training step of a freshly initialised decoder on a fixed random batch, done the way the library's trainer
 * does it: zero the gradients, forward and backward, clip the global gradient norm to 1, one AdamW update
 * (the library defaults: learning rate 1e-3, no weight decay).
 *
 * <p>Each phase is also exposed on its own so that {@link StepBreakdown} can time them.
 */
public final class TrainingFixture {
  /** The learning rate of every step (fixed: the schedule's cost is negligible). */
  public static final double LEARNING_RATE = 1e-3;
  /** Global-norm clipping threshold, the library's default. */
  public static final double MAX_GRADIENT_NORM = 1.0;

  private final TrainingShape shape;
  private final TrainingMode mode;
  private final Decoder model;
  private final TokenBatch batch;
  private final List<Parameter> trainable;
  private final AdamW optimizer;

  /** Builds the model (seeded), the adapters or the full trainable set, the optimizer and the batch. */
  public TrainingFixture(TrainingShape shape, TrainingMode mode, long seed) {
    this.shape = shape;
    this.mode = mode;
    this.model = new Decoder(shape.config(), seed);
    if (mode.lora()) {
      Adapters.attach(model, loraConfig(mode), seed + 1);
      // A fresh adapter's B is zero; make it non-zero so the step works on the values of an adapter mid-training.
      SplittableRandom random = new SplittableRandom(seed + 2);
      model.adapters().values().forEach(a -> Initializers.normal(a.loraB().value(), random, 0.01));
    } else {
      model.setAllTrainable(true);
    }
    this.trainable = model.trainableParameters();
    this.optimizer = new AdamW(trainable, 0.0);
    this.batch = randomBatch(shape, seed + 3);
    model.setTraining(true);
  }

  private static TokenBatch randomBatch(TrainingShape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int vocabulary = shape.config().vocabularySize();
    List<int[]> sequences = new ArrayList<>();
    for (int b = 0; b < shape.batchSize(); b++) {
      int[] sequence = new int[shape.timeSteps() + 1];
      for (int t = 0; t < sequence.length; t++) {
        sequence[t] = random.nextInt(vocabulary);
      }
      sequences.add(sequence);
    }
    return TokenBatch.languageModeling(sequences, 0);
  }

  /**
   * {trainable, total} scalar parameters of a setting, counted on an uninitialised model (cheap: no random
   * initialisation of the base weights).
   */
  public static long[] parameterCounts(TrainingShape shape, TrainingMode mode) {
    Decoder model = Decoder.uninitialized(shape.config());
    if (mode.lora()) {
      Adapters.attach(model, loraConfig(mode), 0);
    } else {
      model.setAllTrainable(true);
    }
    long trainable = model.trainableParameters().stream().mapToLong(Parameter::size).sum();
    return new long[] {trainable, model.parameterCount()};
  }

  private static LoraConfig loraConfig(TrainingMode mode) {
    return new LoraConfig(mode.rank(), 2f * mode.rank(), 0f, false, EnumSet.of(Target.ATTENTION), new TreeSet<>());
  }

  /** The shape measured. */
  public TrainingShape shape() {
    return shape;
  }

  /** Full or LoRA. */
  public TrainingMode mode() {
    return mode;
  }

  /** The model being trained. */
  public Decoder model() {
    return model;
  }

  /** The fixed batch. */
  public TokenBatch batch() {
    return batch;
  }

  /** Scalar parameters that train. */
  public long trainableParameterCount() {
    return trainable.stream().mapToLong(Parameter::size).sum();
  }

  /** All scalar parameters, adapters included. */
  public long parameterCount() {
    return model.parameterCount();
  }

  /** One whole step; returns the loss. */
  public double step() {
    zeroGradients();
    double loss = forwardBackward();
    clip();
    optimizerStep();
    return loss;
  }

  /** Phase: zero every trainable gradient. */
  public void zeroGradients() {
    model.zeroGradients();
  }

  /** Phase: forward only (loss, no gradients). */
  public double forwardOnly() {
    return model.forward(batch, false);
  }

  /** Phase: forward and backward (gradients accumulate). */
  public double forwardBackward() {
    return model.forward(batch, true);
  }

  /** Phase: global-norm clipping. */
  public double clip() {
    return AdamW.clipGradientNorm(trainable, MAX_GRADIENT_NORM);
  }

  /** Phase: the AdamW update. */
  public void optimizerStep() {
    optimizer.step(LEARNING_RATE);
  }
}
