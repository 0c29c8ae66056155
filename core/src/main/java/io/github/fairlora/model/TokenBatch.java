package io.github.fairlora.model;

import io.github.fairlora.nn.CrossEntropy;
import java.util.List;

/**
 * A right-padded batch of token sequences, ready for {@link Decoder#forward}.
 *
 * @param task       what the targets mean
 * @param batchSize  B
 * @param timeSteps  T, the padded length
 * @param inputs     [B·T] input ids, row b·T + t; padding positions hold {@code paddingId}
 * @param targets    LANGUAGE_MODELING: [B·T] next-token ids, {@link CrossEntropy#IGNORE} at padding;
 *                   CLASSIFICATION: [B] class indices
 * @param lengths    [B] real (unpadded) length of each input row
 */
public record TokenBatch(Task task, int batchSize, int timeSteps, int[] inputs, int[] targets, int[] lengths) {

  /** Next-token prediction, or sequence classification from the last real position. */
  public enum Task {
    LANGUAGE_MODELING,
    CLASSIFICATION
  }

  public TokenBatch {
    if (inputs.length != batchSize * timeSteps || lengths.length != batchSize) {
      throw new IllegalArgumentException("batch arrays do not match B=" + batchSize + " T=" + timeSteps);
    }
    int expectedTargets = task == Task.LANGUAGE_MODELING ? batchSize * timeSteps : batchSize;
    if (targets.length != expectedTargets) {
      throw new IllegalArgumentException("expected " + expectedTargets + " targets, got " + targets.length);
    }
  }

  /** Number of real target tokens (language modeling) or sequences (classification). */
  public int countedTargets() {
    int count = 0;
    for (int target : targets) {
      if (target != CrossEntropy.IGNORE) {
        count++;
      }
    }
    return count;
  }

  /**
   * Language-modeling batch: each sequence s (length ≥ 2) becomes inputs s[0..len−1) and targets s[1..len). Padded
   * to the longest input.
   */
  public static TokenBatch languageModeling(List<int[]> sequences, int paddingId) {
    int batch = sequences.size();
    if (batch == 0) {
      throw new IllegalArgumentException("a batch needs at least one sequence");
    }
    int time = 0;
    for (int i = 0; i < batch; i++) {
      int[] s = sequences.get(i);
      if (s.length < 2) {
        throw new IllegalArgumentException("sequence " + i + " has " + s.length + " tokens; language modeling needs >= 2");
      }
      time = Math.max(time, s.length - 1);
    }
    int[] inputs = new int[batch * time];
    int[] targets = new int[batch * time];
    int[] lengths = new int[batch];
    java.util.Arrays.fill(inputs, paddingId);
    java.util.Arrays.fill(targets, CrossEntropy.IGNORE);
    for (int b = 0; b < batch; b++) {
      int[] s = sequences.get(b);
      lengths[b] = s.length - 1;
      for (int t = 0; t < s.length - 1; t++) {
        inputs[b * time + t] = s[t];
        targets[b * time + t] = s[t + 1];
      }
    }
    return new TokenBatch(Task.LANGUAGE_MODELING, batch, time, inputs, targets, lengths);
  }

  /** Inputs only (targets all IGNORE): for scoring, where the caller reads the logits. Sequences of length ≥ 1. */
  public static TokenBatch inputsOnly(List<int[]> sequences, int paddingId) {
    int batch = sequences.size();
    int time = 0;
    for (int i = 0; i < batch; i++) {
      if (sequences.get(i).length < 1) {
        throw new IllegalArgumentException("sequence " + i + " is empty");
      }
      time = Math.max(time, sequences.get(i).length);
    }
    int[] inputs = new int[batch * time];
    int[] targets = new int[batch * time];
    int[] lengths = new int[batch];
    java.util.Arrays.fill(inputs, paddingId);
    java.util.Arrays.fill(targets, CrossEntropy.IGNORE);
    for (int b = 0; b < batch; b++) {
      int[] s = sequences.get(b);
      lengths[b] = s.length;
      System.arraycopy(s, 0, inputs, b * time, s.length);
    }
    return new TokenBatch(Task.LANGUAGE_MODELING, batch, time, inputs, targets, lengths);
  }

  /** Classification batch: whole sequences as inputs, one class index per sequence. */
  public static TokenBatch classification(List<int[]> sequences, int[] labels, int paddingId) {
    if (labels.length != sequences.size()) {
      throw new IllegalArgumentException(sequences.size() + " sequences but " + labels.length + " labels");
    }
    TokenBatch inputs = inputsOnly(sequences, paddingId);
    return new TokenBatch(Task.CLASSIFICATION, inputs.batchSize, inputs.timeSteps, inputs.inputs, labels.clone(),
        inputs.lengths);
  }
}
