package io.github.fairlora.train;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: seeded shuffling into batches, forward and backward, global-norm clipping, AdamW with a warmup
 * and decay schedule, a held-out evaluation split with early stopping, and a clear stop on a non-finite loss. It
 * knows nothing about the model's insides: it trains whatever parameters are trainable.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private Trainer() {}

  /** Language-model training on token sequences (each of length ≥ 2 and at most the context + 1). */
  public static FitHistory trainLanguageModel(Decoder model, List<int[]> sequences, TrainingOptions options) {
    return train(model, sequences, null, options);
  }

  /** Sequence-classification training; {@code labels[i]} is the class of {@code sequences.get(i)}. */
  public static FitHistory trainClassifier(Decoder model, List<int[]> sequences, int[] labels, TrainingOptions options) {
    if (labels.length != sequences.size()) {
      throw new IllegalArgumentException(sequences.size() + " sequences but " + labels.length + " labels");
    }
    return train(model, sequences, labels, options);
  }

  private static FitHistory train(Decoder model, List<int[]> sequences, int[] labels, TrainingOptions options) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("training data is empty");
    }
    List<Parameter> trainable = model.trainableParameters();
    if (trainable.isEmpty()) {
      throw new IllegalStateException("the model has no trainable parameters");
    }
    // Held-out split, seeded.
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < sequences.size(); i++) {
      indices.add(i);
    }
    Random random = new Random(options.seed());
    List<Integer> evaluation = List.of();
    if (options.evaluationFraction() > 0) {
      Collections.shuffle(indices, random);
      int held = (int) Math.round(sequences.size() * options.evaluationFraction());
      held = Math.min(Math.max(held, 1), sequences.size() - 1);
      evaluation = List.copyOf(indices.subList(0, held));
      indices = new ArrayList<>(indices.subList(held, indices.size()));
      Collections.sort(indices);
    }
    int batchesPerEpoch = batchesPerEpoch(indices.size(), options.batchSize());
    int plannedSteps = plannedSteps(batchesPerEpoch, options.epochs(), options.maxSteps());
    int largestBatch = Math.min(options.batchSize(), indices.size());
    int longest = sequences.stream().mapToInt(s -> s.length).max().orElse(1);
    MemoryEstimate.of(model, largestBatch, longest).requireFits(MemoryEstimate.availableBytes());
    LearningRateSchedule schedule = new LearningRateSchedule(options.schedule(), options.learningRate(),
        (int) Math.floor(plannedSteps * options.warmupFraction()), plannedSteps, options.minimumLearningRateRatio());
    AdamW optimizer = new AdamW(trainable, options.weightDecay());
    TrainingListener listener = options.listener();
    long trainableCount = trainable.stream().mapToLong(Parameter::size).sum();
    long totalCount = model.parameterCount();
    LOG.debug("training {} of {} parameters on {} sequences ({} held out): {} steps of batch {}, peak learning rate {}",
        trainableCount, totalCount, indices.size(), evaluation.size(), plannedSteps, options.batchSize(),
        options.learningRate());
    listener.onStart(plannedSteps, trainableCount, totalCount);

    List<Double> losses = new ArrayList<>();
    List<Double> evaluationLosses = new ArrayList<>();
    long start = System.nanoTime();
    long targetsSeen = 0;
    int step = 0;
    double bestEvaluation = Double.POSITIVE_INFINITY;
    int epochsWithoutImprovement = 0;
    boolean stoppedEarly = false;
    model.setTraining(true);
    try {
      training:
      for (int epoch = 1; epoch <= options.epochs(); epoch++) {
        Collections.shuffle(indices, random);
        for (int b = 0; b < batchesPerEpoch; b++) {
          if (step >= plannedSteps) {
            break training;
          }
          List<Integer> members = indices.subList(b * options.batchSize(),
              Math.min(indices.size(), (b + 1) * options.batchSize()));
          TokenBatch batch = batch(sequences, labels, members);
          model.zeroGradients();
          double loss = model.forward(batch, true);
          step++;
          if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(step, "loss is " + loss);
          }
          double norm = AdamW.clipGradientNorm(trainable, options.maxGradientNorm());
          if (!Double.isFinite(norm)) {
            throw new TrainingDivergedException(step, "gradient norm is " + norm);
          }
          double rate = schedule.at(step - 1);
          optimizer.step(rate);
          losses.add(loss);
          targetsSeen += batch.countedTargets();
          double elapsed = (System.nanoTime() - start) / 1e9;
          listener.onStep(new TrainingListener.StepEvent(step, plannedSteps, epoch, loss, rate, norm,
              targetsSeen / Math.max(elapsed, 1e-9), elapsed));
        }
        if (!evaluation.isEmpty()) {
          double evaluationLoss = evaluate(model, sequences, labels, evaluation, options.batchSize());
          evaluationLosses.add(evaluationLoss);
          LOG.debug("epoch {}, step {}: evaluation loss {}", epoch, step, evaluationLoss);
          listener.onEvaluation(epoch, step, evaluationLoss);
          if (evaluationLoss < bestEvaluation - 1e-6) {
            bestEvaluation = evaluationLoss;
            epochsWithoutImprovement = 0;
          } else if (options.earlyStoppingPatience() > 0
              && ++epochsWithoutImprovement >= options.earlyStoppingPatience()) {
            stoppedEarly = epoch < options.epochs() && step < plannedSteps;
            LOG.debug("stopping early after epoch {}: no improvement for {} epochs", epoch, epochsWithoutImprovement);
            break;
          }
        }
      }
    } finally {
      model.setTraining(false);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    FitHistory history = new FitHistory(losses, evaluationLosses, step, seconds, targetsSeen / Math.max(seconds, 1e-9),
        trainableCount, totalCount, stoppedEarly);
    LOG.debug("trained {} steps in {} s ({} target tokens/s), final loss {}", step,
        String.format(Locale.ROOT, "%.1f", seconds), String.format(Locale.ROOT, "%.0f", history.tokensPerSecond()),
        history.finalLoss());
    listener.onFinish(history);
    return history;
  }

  /** Batches per epoch, in long arithmetic (a batch size near Integer.MAX_VALUE must not wrap around). */
  static int batchesPerEpoch(int sequences, int batchSize) {
    return (int) ((sequences + (long) batchSize - 1) / batchSize);
  }

  /**
   * Steps the run will take: batches × epochs, capped by maxSteps (0 = no cap), computed in long.
   *
   * @throws IllegalArgumentException when the total does not fit in an int (no run can take that many steps)
   */
  static int plannedSteps(int batchesPerEpoch, int epochs, int maxSteps) {
    long total = (long) batchesPerEpoch * epochs;
    if (maxSteps > 0) {
      total = Math.min(total, maxSteps);
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("epochs (" + epochs + ") × batches per epoch (" + batchesPerEpoch + ") = "
          + total + " steps, more than a run can count (" + Integer.MAX_VALUE + "); lower epochs or set maxSteps");
    }
    return (int) total;
  }

  private static TokenBatch batch(List<int[]> sequences, int[] labels, List<Integer> members) {
    List<int[]> chosen = new ArrayList<>(members.size());
    for (int index : members) {
      chosen.add(sequences.get(index));
    }
    if (labels == null) {
      return TokenBatch.languageModeling(chosen, 0);
    }
    int[] chosenLabels = members.stream().mapToInt(i -> labels[i]).toArray();
    return TokenBatch.classification(chosen, chosenLabels, 0);
  }

  /** Mean held-out loss (weighted by batch targets), without gradients. */
  public static double evaluate(Decoder model, List<int[]> sequences, int[] labels, List<Integer> members,
      int batchSize) {
    boolean wasTraining = model.training();
    model.setTraining(false);
    try {
      double total = 0;
      long count = 0;
      for (int from = 0; from < members.size(); from += batchSize) {
        TokenBatch batch = batch(sequences, labels, members.subList(from, Math.min(members.size(), from + batchSize)));
        double loss = model.forward(batch, false);
        int targets = batch.countedTargets();
        total += loss * targets;
        count += targets;
      }
      return total / Math.max(1, count);
    } finally {
      model.setTraining(wasTraining);
    }
  }
}
